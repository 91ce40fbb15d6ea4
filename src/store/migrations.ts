// Applies pending migrations at start-up, like `prisma migrate deploy` (same folders, same
// `_prisma_migrations` rows), without the CLI's native engine.
//
// Fast path: one query compares `_prisma_migrations` with the folder names; the wasm engine only
// boots when something is pending. On PostgreSQL, replicas starting together serialise on an
// advisory lock and re-check after getting it, so exactly one of them applies each migration.
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { describeSource, ensureSqliteDirectory, parseDatabaseUrl, type DataSource, type PostgresSource, type SqliteSource } from './datasource.js';
import { defaultMigrationsDir, migrationNames, readMigrationList } from './migration-files.js';
import { NO_FILTERS, withSchemaEngine, type EngineLogLine } from './schema-engine.js';

export interface MigrateOptions {
  /** Default: prisma/<provider>/migrations in this repository. */
  migrationsDir?: string;
  /** Receives the schema engine's log lines (only when it runs). */
  log?: (line: EngineLogLine) => void;
  /** PostgreSQL: give up waiting for another replica's migration after this long. Default 5 minutes. */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** Migrations this call applied, in order. */
  applied: string[];
  /** Whether the schema engine had to run (false: everything was already applied). */
  engineRan: boolean;
  durationMs: number;
}

/**
 * Key of our PostgreSQL advisory lock ('RAPP'). Deliberately not Prisma's own 72707369, which the
 * engine takes on a different connection inside our critical section.
 */
export const MIGRATION_LOCK_KEY = 0x52415050;

/** Migration folder names not yet applied (successfully) to the database. */
export async function listPendingMigrations(target: string | DataSource | undefined, options: MigrateOptions = {}): Promise<string[]> {
  const source = toSource(target);
  const names = migrationNames(await readMigrationList(options.migrationsDir ?? defaultMigrationsDir(source.provider)));
  const probe = await openProbe(source, options);
  try {
    return subtract(names, await probe.appliedMigrations());
  } finally {
    await probe.close();
  }
}

export async function applyPendingMigrations(target: string | DataSource | undefined, options: MigrateOptions = {}): Promise<MigrateResult> {
  const started = performance.now();
  const source = toSource(target);
  const list = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir(source.provider));
  const names = migrationNames(list);
  const done = (applied: string[], engineRan: boolean): MigrateResult => ({ applied, engineRan, durationMs: performance.now() - started });

  const probe = await openProbe(source, options);
  try {
    if (subtract(names, await probe.appliedMigrations()).length === 0) return done([], false);
    await probe.lock();
    try {
      // Another replica may have applied them while we waited for the lock.
      if (subtract(names, await probe.appliedMigrations()).length === 0) return done([], false);
      const { appliedMigrationNames } = await withSchemaEngine(
        source,
        (engine) => engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS }),
        { log: options.log },
      );
      return done(appliedMigrationNames, true);
    } finally {
      // If the connection broke, closing it releases the lock anyway: keep the original error.
      await probe.unlock().catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof Error) error.message = `Migrating ${describeSource(source)} failed: ${error.message}`;
    throw error;
  } finally {
    await probe.close();
  }
}

function toSource(target: string | DataSource | undefined): DataSource {
  return typeof target === 'object' ? target : parseDatabaseUrl(target);
}

function subtract(names: string[], applied: Set<string>): string[] {
  return names.filter((name) => !applied.has(name));
}

/** A plain driver connection used before (and around) the engine: cheaper than booting it. */
interface Probe {
  /** Names of migrations recorded as finished and not rolled back; empty if the table does not exist. */
  appliedMigrations(): Promise<Set<string>>;
  lock(): Promise<void>;
  unlock(): Promise<void>;
  close(): Promise<void>;
}

const APPLIED_SQL = 'SELECT migration_name FROM %s WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';

function openProbe(source: DataSource, options: MigrateOptions): Promise<Probe> {
  return source.provider === 'sqlite' ? Promise.resolve(sqliteProbe(source)) : postgresProbe(source, options);
}

/**
 * SQLite needs no lock of its own: the engine holds the file in EXCLUSIVE locking mode while it
 * migrates, and a second process finds nothing pending afterwards. That same exclusive lock is why
 * the probe keeps no connection open: in WAL mode any open connection would block the engine
 * (SQLITE_BUSY).
 */
function sqliteProbe(source: SqliteSource): Probe {
  ensureSqliteDirectory(source);
  return {
    async appliedMigrations() {
      const db = new BetterSqlite3(source.file);
      try {
        const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
        if (!exists) return new Set();
        return new Set(db.prepare(APPLIED_SQL.replace('%s', '_prisma_migrations')).pluck().all() as string[]);
      } finally {
        db.close();
      }
    },
    async lock() {},
    async unlock() {},
    async close() {},
  };
}

async function postgresProbe(source: PostgresSource, options: MigrateOptions): Promise<Probe> {
  const client = new pg.Client({ connectionString: source.connectionString });
  await client.connect();
  const schema = pg.escapeIdentifier(source.schema);
  return {
    async appliedMigrations() {
      const { rows } = await client.query<{ table: string | null }>('SELECT to_regclass($1) AS table', [`${schema}._prisma_migrations`]);
      if (!rows[0]?.table) return new Set();
      const applied = await client.query<{ migration_name: string }>(APPLIED_SQL.replace('%s', `${schema}._prisma_migrations`));
      return new Set(applied.rows.map((row) => row.migration_name));
    },
    async lock() {
      // lock_timeout bounds the wait on a replica that is migrating (or stuck); the lock is
      // session-level, so it is released even if this process dies.
      await client.query(`SET lock_timeout = ${Math.round(options.lockTimeoutMs ?? 300_000)}`);
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    },
    async unlock() {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    },
    async close() {
      await client.end();
    },
  };
}
