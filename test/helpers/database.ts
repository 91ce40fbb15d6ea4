// One database per test file, emptied before each test, on the provider of the current vitest
// project (RAPPORT_TEST_DB=sqlite|postgresql, set in vitest.config.ts).
//
//   const t = useTestDatabase();
//   it('…', async () => { await t.prisma.user.create(…); });
//
// Call it at the top level of a test file. Seed data in beforeEach (which runs after the reset),
// not in beforeAll: every test starts from empty tables and ids restarting at 1.
import { randomBytes } from 'node:crypto';
import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { openDatabase, type Database, type PrismaClient, type Provider } from '../../src/store/database.js';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase, quote, withClient } from '../setup/postgres.js';
import { prepareReset, type Reset } from './reset.js';

export interface TestDatabase {
  readonly db: Database;
  readonly prisma: PrismaClient;
  readonly provider: Provider;
  /** DATABASE_URL of this file's database, to open more connections to it. */
  readonly url: string;
}

export function testProvider(): Provider {
  const value = process.env.RAPPORT_TEST_DB ?? 'sqlite';
  if (value !== 'sqlite' && value !== 'postgresql') throw new Error(`RAPPORT_TEST_DB must be sqlite or postgresql, not "${value}"`);
  return value;
}

/** Why the PostgreSQL half is skipped in this run, or undefined when it runs. */
export function postgresSkipReason(): string | undefined {
  if (testProvider() !== 'postgresql') return undefined;
  const context = inject('postgres');
  return 'skipped' in context ? context.skipped : undefined;
}

/**
 * A database of its own for the caller, dropped by `drop()`: a copy of the migrated template, or
 * with `{ empty: true }` a database without any table (for migration tests).
 */
export async function createFileDatabase(provider: Provider, options: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const suffix = randomBytes(5).toString('hex');
  if (provider === 'sqlite') {
    const { template, workDir } = inject('sqlite');
    const file = path.join(workDir, `${suffix}.db`);
    if (!options.empty) await copyFile(template, file);
    return {
      url: `file:${file}`,
      drop: async () => {
        await Promise.all(['', '-wal', '-shm', '-journal'].map((ext) => rm(file + ext, { force: true })));
      },
    };
  }
  const context = inject('postgres');
  if ('skipped' in context) throw new Error(`PostgreSQL half skipped: ${context.skipped}`);
  const name = `${context.databasePrefix}${suffix}`;
  await withClient(context.adminUrl, async (client) => {
    if (options.empty) await client.query(`CREATE DATABASE ${quote(name)}`);
    else await createDatabaseFromTemplate(client, name, context.template);
  });
  return {
    url: databaseUrl(context.adminUrl, name),
    drop: () => withClient(context.adminUrl, (client) => dropDatabase(client, name)),
  };
}

export function useTestDatabase(): TestDatabase {
  const provider = testProvider();
  const skipReason = postgresSkipReason();
  let state: { db: Database; url: string; reset: Reset; drop: () => Promise<void> } | undefined;
  const timings = process.env.RAPPORT_TEST_TIMINGS === '1' ? { setupMs: 0, resets: [] as number[] } : undefined;

  beforeAll(async () => {
    if (skipReason) return;
    const started = performance.now();
    const file = await createFileDatabase(provider);
    let db: Database | undefined;
    try {
      db = await openDatabase(file.url, { migrate: false });
      // Throwaway data: no need to wait for fsyncs.
      if (provider === 'sqlite') await db.prisma.$executeRawUnsafe('PRAGMA synchronous = OFF');
      state = { db, url: file.url, drop: file.drop, reset: await prepareReset(db, file.url) };
    } catch (error) {
      await db?.close();
      await file.drop();
      throw error;
    }
    if (timings) timings.setupMs = performance.now() - started;
  });

  beforeEach(async (context) => {
    if (skipReason) context.skip(`PostgreSQL half SKIPPED: ${skipReason}`);
    const started = performance.now();
    await current().reset.run();
    timings?.resets.push(performance.now() - started);
  });

  afterAll(async () => {
    if (!state) return;
    const { db, reset, drop } = state;
    state = undefined;
    await reset.close();
    await db.close();
    await drop();
    if (timings) {
      const mean = timings.resets.reduce((a, b) => a + b, 0) / Math.max(1, timings.resets.length);
      console.log(`[db timings] ${provider}: file setup ${timings.setupMs.toFixed(1)} ms, reset mean ${mean.toFixed(2)} ms over ${timings.resets.length} tests`);
    }
  });

  function current(): NonNullable<typeof state> {
    if (!state) throw new Error('useTestDatabase(): the database is only available inside tests and hooks of this file');
    return state;
  }

  return {
    get db() {
      return current().db;
    },
    get prisma() {
      return current().db.prisma;
    },
    get provider() {
      return provider;
    },
    get url() {
      return current().url;
    },
  };
}
