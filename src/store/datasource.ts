// Which database a URL names, and the Prisma driver adapter that reaches it. Shared by the client
// (database.ts) and the migration engine (migrations.ts, schema-engine.ts) so both always talk to
// the same file / schema with the same settings.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { DEFAULT_DATABASE_URL } from '../config/store.js';

export { DEFAULT_DATABASE_URL };

export type Provider = 'sqlite' | 'postgresql';

export interface SqliteSource {
  provider: 'sqlite';
  /** Absolute path of the database file. */
  file: string;
}

export interface PostgresSource {
  provider: 'postgresql';
  /** The URL without Prisma's `schema` parameter, which the pg driver does not understand. */
  connectionString: string;
  /** From `?schema=`; `public` when absent. */
  schema: string;
}

export type DataSource = SqliteSource | PostgresSource;

export interface AdapterOptions {
  /** SQLite: how long a connection waits for another one's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** PostgreSQL: the client class the pool creates (the schema engine substitutes its own). */
  pgClient?: typeof pg.Client;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses DATABASE_URL. Unset or empty means the default SQLite file, relative to the working directory. */
export function parseDatabaseUrl(url: string | undefined): DataSource {
  const value = url?.trim() || DEFAULT_DATABASE_URL;
  if (value.startsWith('file:')) return parseSqliteUrl(value);
  if (/^postgres(ql)?:\/\//i.test(value)) return parsePostgresUrl(value);
  throw new Error(
    `Unsupported DATABASE_URL "${redactUrl(value)}": expected file:<path> (SQLite) or postgresql://… / postgres://… (PostgreSQL)`,
  );
}

function parseSqliteUrl(url: string): SqliteSource {
  // Prisma-style URLs may carry parameters (file:./dev.db?connection_limit=1) that mean nothing here.
  const withoutParams = url.split('?')[0] ?? url;
  const location = withoutParams.startsWith('file://') ? fileURLToPath(withoutParams) : withoutParams.slice('file:'.length);
  if (location === '' || location === ':memory:') {
    // Migrations and the client use separate connections: an in-memory database would be empty for one of them.
    throw new Error(`Unsupported DATABASE_URL "${url}": SQLite needs a file path (e.g. ${DEFAULT_DATABASE_URL})`);
  }
  return { provider: 'sqlite', file: path.resolve(location) };
}

function parsePostgresUrl(url: string): PostgresSource {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid PostgreSQL DATABASE_URL "${redactUrl(url)}"`);
  }
  const schema = parsed.searchParams.get('schema') || 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Unsupported schema "${schema}" in DATABASE_URL: use letters, digits and underscores`);
  }
  parsed.searchParams.delete('schema');
  return { provider: 'postgresql', connectionString: parsed.toString(), schema };
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/** A readable name for messages: the file, or the server/database/schema (no password). */
export function describeSource(source: DataSource): string {
  if (source.provider === 'sqlite') return `SQLite ${source.file}`;
  const url = new URL(source.connectionString);
  return `PostgreSQL ${url.host}${url.pathname} (schema ${source.schema})`;
}

export function ensureSqliteDirectory(source: SqliteSource): void {
  mkdirSync(path.dirname(source.file), { recursive: true });
}

/**
 * The driver adapter factory for a source. PrismaClient only calls `connect()`; the schema engine
 * builds on the same factory (engine-adapter.ts), hence the migration-aware type.
 */
export function createAdapterFactory(source: DataSource, options: AdapterOptions = {}): SqlMigrationAwareDriverAdapterFactory {
  if (source.provider === 'sqlite') {
    return new PrismaBetterSqlite3({ url: source.file, timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  }
  // `schema` makes Prisma qualify table names; search_path makes unqualified SQL (migration scripts,
  // raw queries) land in the same schema.
  const pool: pg.PoolConfig = { connectionString: source.connectionString, options: `-c search_path=${source.schema}` };
  if (options.pgClient) pool.Client = options.pgClient;
  return new PrismaPg(pool, { schema: source.schema });
}
