import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { renderProviderSchema } from '../../scripts/lib/provider-schema.mjs';
import { openDatabase } from '../../src/store/database.js';
import { parseDatabaseUrl, type DataSource } from '../../src/store/datasource.js';
import { defaultMigrationsDir, migrationChecksum, MIGRATION_FILE, migrationNames, readMigrationList } from '../../src/store/migration-files.js';
import { applyPendingMigrations, listPendingMigrations, MIGRATION_LOCK_KEY } from '../../src/store/migrations.js';
import { diffMigrationsToSchema } from '../../src/store/schema-diff.js';
import { NO_FILTERS, withSchemaEngine } from '../../src/store/schema-engine.js';
import { createFileDatabase, postgresSkipReason, testProvider } from '../helpers/database.js';

const provider = testProvider();
const migrationsDir = defaultMigrationsDir(provider);

/** Where diffs replay migrations: in memory for SQLite, temporary databases on the test server for PostgreSQL. */
function diffServer(): DataSource {
  if (provider === 'sqlite') return { provider: 'sqlite', file: ':memory:' };
  const context = inject('postgres');
  if ('skipped' in context) throw new Error(context.skipped);
  return parseDatabaseUrl(context.adminUrl);
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function emptyDatabase(): Promise<string> {
  const database = await createFileDatabase(provider, { empty: true });
  cleanups.push(database.drop);
  return database.url;
}

interface MigrationRow {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
  steps: number;
}

async function migrationRows(url: string): Promise<MigrationRow[]> {
  const db = await openDatabase(url, { migrate: false });
  try {
    const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back,
              applied_steps_count FROM _prisma_migrations ORDER BY migration_name`,
    );
    return rows.map((row) => ({
      name: String(row.migration_name),
      checksum: String(row.checksum),
      finished: Boolean(Number(row.finished)),
      rolledBack: Boolean(Number(row.rolled_back)),
      steps: Number(row.applied_steps_count),
    }));
  } finally {
    await db.close();
  }
}

async function folderNames(): Promise<string[]> {
  return migrationNames(await readMigrationList(migrationsDir));
}

describe.skipIf(postgresSkipReason() !== undefined)(`migrations (${provider})`, () => {
  it(`prisma/${provider}/migrations produce exactly the current schema`, async () => {
    const diff = await diffMigrationsToSchema(diffServer(), migrationsDir, renderProviderSchema(provider));
    expect(
      diff.changed,
      `The schema has changes without a migration. Create one with \`npm run migrate:new -- <name>\`. Missing SQL:\n${diff.script}`,
    ).toBe(false);
  });

  it('notices a schema change that has no migration', async () => {
    const changed = renderProviderSchema(provider).replace('model ProcessedDelivery {', 'model ProcessedDelivery {\n  note String?');
    const diff = await diffMigrationsToSchema(diffServer(), migrationsDir, changed);
    expect(diff.changed).toBe(true);
    expect(diff.script).toMatch(/"ProcessedDelivery"[\s\S]*"note"/);
  });

  it('applies every migration to an empty database, recording what `prisma migrate deploy` records', async () => {
    const url = await emptyDatabase();
    const names = await folderNames();
    expect(await listPendingMigrations(url)).toEqual(names);

    const result = await applyPendingMigrations(url);
    expect(result).toMatchObject({ applied: names, engineRan: true });

    const expected = await Promise.all(
      names.map(async (name) => ({
        name,
        // migrate deploy's checksum: sha256 of the migration.sql bytes, hex.
        checksum: migrationChecksum(await readFile(path.join(migrationsDir, name, MIGRATION_FILE), 'utf8')),
        finished: true,
        rolledBack: false,
        steps: 1,
      })),
    );
    expect(await migrationRows(url)).toEqual(expected);
    expect(await listPendingMigrations(url)).toEqual([]);
  });

  it('applying again is a no-op that does not even boot the engine', async () => {
    const url = await emptyDatabase();
    await applyPendingMigrations(url);
    const before = await migrationRows(url);

    const again = await applyPendingMigrations(url);
    expect(again).toMatchObject({ applied: [], engineRan: false });
    // The engine agrees that nothing is pending.
    const list = await readMigrationList(migrationsDir);
    const engineResult = await withSchemaEngine(parseDatabaseUrl(url), (engine) => engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS }));
    expect(engineResult.appliedMigrationNames).toEqual([]);
    expect(await migrationRows(url)).toEqual(before);
  });

  it('applies each migration once when several replicas start together', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([1, 2, 3].map(() => applyPendingMigrations(url)));
    expect(results.flatMap((result) => result.applied)).toEqual(await folderNames());
    expect((await migrationRows(url)).length).toBe((await folderNames()).length);
  });

  it('reports a failing migration with the database error and refuses to go on until it is resolved', async () => {
    const url = await emptyDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-migrations-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await cp(migrationsDir, dir, { recursive: true });
    await mkdir(path.join(dir, '99990101000000_broken'));
    await writeFile(
      path.join(dir, '99990101000000_broken', MIGRATION_FILE),
      `CREATE TABLE "Extra" ("id" INTEGER NOT NULL, "note" TEXT DEFAULT 'a;b');\nINSERT INTO "NoSuchTable" VALUES (1);\n`,
    );

    await expect(applyPendingMigrations(url, { migrationsDir: dir, log: () => {} })).rejects.toThrow(/NoSuchTable/);
    const rows = await migrationRows(url);
    expect(rows.find((row) => row.name === '99990101000000_broken')).toMatchObject({ finished: false, rolledBack: false });
    if (provider === 'postgresql') {
      // Sent as one script, as the native engine does: the failed migration left nothing behind.
      const db = await openDatabase(url, { migrate: false });
      const [found] = await db.prisma.$queryRawUnsafe<{ table: string | null }[]>(`SELECT to_regclass('"Extra"')::text AS table`);
      await db.close();
      expect(found?.table).toBeNull();
    }
    await expect(applyPendingMigrations(url, { migrationsDir: dir, log: () => {} })).rejects.toThrow(/99990101000000_broken/);
  });

  it.runIf(provider === 'postgresql')('waits for the migration lock held by another replica', async () => {
    const url = await emptyDatabase();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(() => other.end());
    await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);

    let settled = false;
    const migrating = applyPendingMigrations(url).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);

    await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    expect((await migrating).applied).toEqual(await folderNames());
  });
});
