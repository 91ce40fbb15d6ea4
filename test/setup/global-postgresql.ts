// Once per run, for the `postgresql` project: makes sure a template database holds the current
// migrations, so each test file can get its own database with a fast CREATE DATABASE … TEMPLATE.
// The template is named after the migrations (`rapport_template_<hash>`): several runs (several
// engineers, one server) with the same migrations share it, and a run with other migrations never
// rebuilds a template under another run's feet. Building one happens under an advisory lock.
//
// Server down: with CI=true the run fails; otherwise this half is skipped, saying so plainly.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { TestProject } from 'vitest/node';
import { redactUrl } from '../../src/store/datasource.js';
import { defaultMigrationsDir, migrationChecksum, readMigrationList } from '../../src/store/migration-files.js';
import { applyPendingMigrations } from '../../src/store/migrations.js';
import { databaseUrl, dropDatabase, quote, testServerUrl, withClient } from './postgres.js';

const TEMPLATE_PREFIX = 'rapport_template_';
const DATABASE_PREFIX = 'rapport_test_';
/** Serialises template (re)builds between concurrent test runs. */
const TEMPLATE_LOCK_KEY = 0x52415054; // 'RAPT'
/** Databases of runs that died without teardown are dropped after this long. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | (() => void)> {
  const serverUrl = testServerUrl();
  try {
    await withClient(serverUrl, (client) => client.query('SELECT 1'));
  } catch (error) {
    const reason = `cannot connect to ${redactUrl(serverUrl)} (${(error as Error).message || String(error)})`;
    if (/^(true|1)$/i.test(process.env.CI ?? '')) {
      throw new Error(`PostgreSQL is required when CI=true: ${reason}. Start it (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set RAPPORT_TEST_PG_URL.`);
    }
    const notice = `PostgreSQL half SKIPPED: ${reason}`;
    console.warn(`\n${notice}\n`);
    project.provide('postgres', { skipped: reason });
    // Said again at the end, where it is not lost among the test output.
    return () => console.warn(`\n${notice}\n`);
  }

  // Run id = start time (base 36) + pid: unique per run, and tells how old a leftover database is.
  const runPrefix = `${DATABASE_PREFIX}${Date.now().toString(36)}_${process.pid.toString(36)}_`;
  const fingerprint = await migrationsFingerprint();
  const template = `${TEMPLATE_PREFIX}${fingerprint.slice(-16)}`;
  await withClient(serverUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      await ensureTemplate(client, serverUrl, template, fingerprint);
      await dropStaleDatabases(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  });
  project.provide('postgres', { adminUrl: serverUrl, template, databasePrefix: runPrefix });

  return () =>
    withClient(serverUrl, async (client) => {
      for (const name of await databasesLike(client, runPrefix)) await dropDatabase(client, name);
    });
}

/** Identifies a migration folder's content: the template is rebuilt when it changes. */
async function migrationsFingerprint(): Promise<string> {
  const list = await readMigrationList(defaultMigrationsDir('postgresql'));
  const hash = createHash('sha256');
  for (const migration of list.migrationDirectories) {
    const content = migration.migrationFile.content;
    hash.update(`${migration.path}\0${content.tag === 'ok' ? migrationChecksum(content.value) : 'unreadable'}\n`);
  }
  return `rapport-migrations:${hash.digest('hex')}`;
}

async function ensureTemplate(client: pg.Client, serverUrl: string, template: string, fingerprint: string): Promise<void> {
  // Read from the catalog, so no session connects to the template (which would block copies).
  const { rows } = await client.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
    [template],
  );
  if (rows[0]?.comment === fingerprint) return;
  // Half built by a run that died: start over.
  await dropDatabase(client, template);
  await client.query(`CREATE DATABASE ${quote(template)}`);
  await applyPendingMigrations(databaseUrl(serverUrl, template));
  await client.query(`COMMENT ON DATABASE ${quote(template)} IS ${client.escapeLiteral(fingerprint)}`);
}

async function dropStaleDatabases(client: pg.Client): Promise<void> {
  for (const name of await databasesLike(client, DATABASE_PREFIX)) {
    const started = parseInt(name.slice(DATABASE_PREFIX.length).split('_')[0] ?? '', 36);
    if (Number.isFinite(started) && Date.now() - started > STALE_AFTER_MS) await dropDatabase(client, name);
  }
}

async function databasesLike(client: pg.Client, prefix: string): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
  return rows.map((row) => row.datname);
}
