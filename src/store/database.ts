// Opens the app's database from DATABASE_URL: SQLite (file:…) or PostgreSQL (postgresql://…),
// migrated to the latest schema unless told otherwise.
import type { PrismaClient } from '../generated/sqlite/client.js';
import {
  createAdapterFactory,
  ensureSqliteDirectory,
  parseDatabaseUrl,
  type AdapterOptions,
  type PostgresSource,
  type Provider,
  type SqliteSource,
} from './datasource.js';
import { applyPendingMigrations, type MigrateOptions, type MigrateResult } from './migrations.js';

/**
 * The one client type the app uses. Both generated clients come from the same base schema, so the
 * PostgreSQL client has the same model API and is presented under this type.
 */
export type { PrismaClient };
export type { Provider };

export interface Database {
  prisma: PrismaClient;
  provider: Provider;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions extends Pick<AdapterOptions, 'busyTimeoutMs'>, MigrateOptions {
  /** Apply pending migrations before opening (default true). Tests opening a migrated copy skip it. */
  migrate?: boolean;
  /** Called with what the migration step did (e.g. to log applied migrations and timing). */
  onMigrated?: (result: MigrateResult) => void;
}

/** `url` is usually process.env.DATABASE_URL; unset or empty means file:./data/rapport.db. */
export async function openDatabase(url: string | undefined, options: OpenDatabaseOptions = {}): Promise<Database> {
  const source = parseDatabaseUrl(url);
  if (options.migrate ?? true) {
    const result = await applyPendingMigrations(source, options);
    options.onMigrated?.(result);
  }
  const prisma = source.provider === 'sqlite' ? await openSqlite(source, options) : await openPostgres(source, options);
  return { prisma, provider: source.provider, close: () => prisma.$disconnect() };
}

async function openSqlite(source: SqliteSource, options: AdapterOptions): Promise<PrismaClient> {
  ensureSqliteDirectory(source);
  const { PrismaClient } = await import('../generated/sqlite/client.js');
  const prisma = new PrismaClient({ adapter: createAdapterFactory(source, options) });
  try {
    // WAL lets readers and one writer (other replicas, scripts) work at once; it is a property of
    // the file, so setting it on every open is a cheap no-op after the first. busy_timeout (per
    // connection) is set by the adapter.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  return prisma;
}

async function openPostgres(source: PostgresSource, options: AdapterOptions): Promise<PrismaClient> {
  const { PrismaClient } = await import('../generated/postgresql/client.js');
  const prisma = new PrismaClient({ adapter: createAdapterFactory(source, options) });
  return prisma as unknown as PrismaClient;
}
