// Benchmark: how the callback sweep's cost grows with the number of customers.
//
//   npm run bench:sweep                                   # both providers, 10k / 100k / 1M customers
//   npx tsx bench/sweep.ts --provider sqlite --sizes 10000,100000
//   npx tsx bench/sweep.ts --escalated-backlog 50        # plus 50% of callbacks sent, escalated, never completed
//   BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/sweep.ts --provider postgresql
//
// For each provider and size N it builds a fresh database (SQLite: a file in a temp directory;
// PostgreSQL: a new database `bench_sweep_…` on the server of BENCH_PG_URL, default the test
// server), migrates it with openDatabase like the app does, and bulk-loads:
//   - N customers (encrypted phone and email, like real rows), owned by N/50 reps, 10 reps per manager;
//   - one contact log per customer (the reminder shows the last contact);
//   - one open callback per customer (every customer always has a next callback), 1% of them due
//     (deliverAt in the last hour), the rest spread over the next 90 days;
// then ANALYZE (and VACUUM on PostgreSQL, whose test server runs without autovacuum).
//
// Measured, each repeated --repeat times (default 3; the table shows the median):
//   claim all due   claimDue(now, …, 200) until the due rows are exhausted: the query alone, timed
//                   per call (between calls, untimed, the batch is marked sent as the sweep would);
//   sweep           createCallbackSweep(…).run(now) over the same due rows with a messenger that
//                   answers at once (our work — claim, render, mark sent — not Slack's);
//   probe, 0 due    claimDue at an instant when nothing is due: the pure index probe (median of 21);
//   idle tick       run() when nothing is due: the claim probe plus the escalation probe (median of 21);
//   next tick       run(now) straight after the sweep: nothing left to do (on PostgreSQL the index
//                   still holds the dead 'pending' entries of the rows just sent: no vacuum yet);
//   SELECT 1        a statement that touches no table, through the same Prisma client: the fixed
//                   cost of one round trip, for scale (median of 21).
// Between repetitions the due rows are put back to pending (not timed). Each size also prints where a
// delivery's time goes (every store call timed during the sweeps), and the largest size prints the
// plans of the claim and escalation statements.
//
// Databases and temp files are removed at the end, on failure and on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { cleanups, cleanAll, createPgDatabase, fmt, human, median, ms, parseProvider, pgTime, serverUrl, timedStores, withPg, type CallTimes } from './common.js';
import type { PlatformMessenger } from '../src/chat/bot-types.js';
import { createDomain } from '../src/domain/index.js';
import type { Stores } from '../src/domain/ports.js';
import { createCallbackSweep } from '../src/jobs/callback-sweep.js';
import { createLogger } from '../src/logging.js';
import { SLACK_CAPABILITIES } from '../src/platforms/slack/limits.js';
import { callbackSql } from '../src/store/callback-store.js';
import { openDatabase, type Database, type Provider } from '../src/store/database.js';
import { createFieldCipher, ENCRYPTED_COLUMNS } from '../src/store/field-cipher.js';
import { createPrismaStores } from '../src/store/prisma-stores.js';
import { createRespondentKeyer } from '../src/domain/respondent-key.js';
import { DEFAULT_TIER_CONFIG, tierNamesOf } from '../src/domain/tiering/config.js';

// Tuesday 09:00 in London, 17:00 in Shanghai: inside both zones' working hours, so the sweep sends
// what is due (outside them it would re-time it instead: issue 11).
const NOW = new Date('2026-11-24T09:00:00.000Z');
/** An instant before the earliest due row: nothing is due yet. */
const IDLE = new Date(NOW.getTime() - 2 * 60 * 60 * 1000);
const DUE_EVERY = 100; // 1% due
const CUSTOMERS_PER_REP = 50;
const REPS_PER_MANAGER = 10;
const BATCH = 200; // the sweep's default batch size
const PROBES = 21;

const { values: args } = parseArgs({
  options: {
    provider: { type: 'string' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    repeat: { type: 'string', default: '3' },
    'escalated-backlog': { type: 'string', default: '0' },
  },
});
const providers: Provider[] = args.provider ? [parseProvider(args.provider)] : ['sqlite', 'postgresql'];
const sizes = args.sizes.split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < DUE_EVERY * 10) throw new Error(`--sizes: "${s}" is not a whole number ≥ ${DUE_EVERY * 10}`);
  return n;
});
const repeat = Number(args.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat must be a whole number ≥ 1');
const largest = Math.max(...sizes);
const backlogPct = Number(args['escalated-backlog']);
if (!Number.isInteger(backlogPct) || backlogPct < 0 || backlogPct > 99) throw new Error('--escalated-backlog must be a whole percentage 0…99');

/** Prisma's SQLite DateTime text (see the header of src/store/callback-store.ts). */
const sqliteTime = (d: Date) => d.toISOString().replace('Z', '+00:00');

interface Shape {
  customers: number;
  reps: number;
  managers: number;
  due: number;
  /** Callbacks delivered and escalated weeks ago that nobody completed (--escalated-backlog). */
  escalated: number;
}

function shapeOf(customers: number): Shape {
  const reps = Math.ceil(customers / CUSTOMERS_PER_REP);
  const escalated = Math.floor(customers / DUE_EVERY) * backlogPct + Math.min(customers % DUE_EVERY, backlogPct);
  return { customers, reps, managers: Math.ceil(reps / REPS_PER_MANAGER), due: Math.floor(customers / DUE_EVERY), escalated };
}

// ---------------------------------------------------------------------------------------------
// Bulk load: one INSERT … SELECT per table, rows generated by the database itself.
// Customer i (1…N) belongs to rep ⌈i/50⌉ (user id managers + ⌈i/50⌉); rep r reports to manager
// ⌈r/10⌉ (user id ⌈r/10⌉). Callback i is customer i's; it is due when i is a multiple of 100 (so
// every other rep has one due: one message each, no digest — the most work per callback).

interface Dialect {
  /** A TIMESTAMP / Prisma DateTime text `seconds` (an SQL expression) after NOW. */
  at(seconds: string): string;
  /** Integer division. */
  div(a: string, b: number): string;
}

const sqliteDialect: Dialect = {
  at: (seconds) => `strftime('%Y-%m-%dT%H:%M:%f+00:00', ${NOW.getTime() / 1000} + (${seconds}), 'unixepoch')`,
  div: (a, b) => `((${a}) / ${b})`,
};

const pgDialect: Dialect = {
  at: (seconds) => `(TIMESTAMP '${pgTime(NOW)}' + (${seconds}) * INTERVAL '1 second')`,
  div: (a, b) => `((${a}) / ${b})`,
};

interface LoadSql {
  users: string;
  customers: string;
  contacts: string;
  callbacks: string;
}

/**
 * `rows(n)` is a FROM clause yielding i = 1…n. Parameters: the phone and email ciphertexts for
 * customers (the same value decrypts in any row: the additional data is the column, not the row).
 */
function loadSql(d: Dialect, shape: Shape, rows: (n: number) => string, param: (k: number) => string): LoadSql {
  const { customers, reps, managers } = shape;
  const created = d.at('-400 * 86400');
  const repOf = (i: string) => `(${managers} + ${d.div(`${i} - 1`, CUSTOMERS_PER_REP)} + 1)`;
  // Due: 1 s … 1 h ago. Not due: 1 min … 90 days ahead, scattered (not in id order). With
  // --escalated-backlog p, p% of the customers' callbacks were sent and escalated 30–31 days ago
  // and are still open (the rep never completed them).
  const backlog = `i % ${DUE_EVERY} BETWEEN 1 AND ${backlogPct}`;
  const deliver = `CASE WHEN i % ${DUE_EVERY} = 0 THEN -(1 + (i / ${DUE_EVERY}) % 3600) WHEN ${backlog} THEN -(31 * 86400 - i % 86400) ELSE 60 + (i * 7919) % (90 * 86400) END`;
  return {
    users: `INSERT INTO "User" ("id", "platform", "externalId", "displayName", "role", "locale", "localeSeenAt", "timezone", "managerId", "createdAt", "updatedAt")
      SELECT i, 'slack', 'UBENCH' || i,
             CASE WHEN i <= ${managers} THEN 'Manager ' || i ELSE 'Rep ' || (i - ${managers}) END,
             CASE WHEN i <= ${managers} THEN 'manager' ELSE 'rep' END,
             CASE WHEN i % 3 = 0 THEN 'zh' ELSE 'en' END, ${created},
             CASE WHEN i % 3 = 0 THEN 'Asia/Shanghai' ELSE 'Europe/London' END,
             CASE WHEN i <= ${managers} THEN NULL ELSE ${d.div(`i - ${managers} - 1`, REPS_PER_MANAGER)} + 1 END,
             ${created}, ${created}
        FROM ${rows(managers + reps)}`,
    customers: `INSERT INTO "Customer" ("id", "name", "nameKey", "company", "phone", "email", "industry", "region", "tags", "ownerId",
                                        "lifecycleStage", "tier", "totalSpend", "orderCount", "lastContactAt", "createdAt", "updatedAt")
      SELECT i, 'Customer ' || i, 'customer ' || i, 'Company ' || (i % 5000), ${param(1)}, ${param(2)},
             CASE i % 4 WHEN 0 THEN 'retail' WHEN 1 THEN 'manufacturing' WHEN 2 THEN 'logistics' ELSE 'software' END,
             CASE i % 3 WHEN 0 THEN 'east' WHEN 1 THEN 'north' ELSE 'south' END,
             CASE WHEN i % 7 = 0 THEN ',vip,' ELSE '' END, ${repOf('i')},
             'active', CASE i % 10 WHEN 0 THEN 'core' WHEN 1 THEN 'potential' WHEN 2 THEN 'potential' ELSE 'general' END,
             (i % 100000) * 10, i % 40, ${d.at(`-(1 + i % 80) * 86400`)}, ${created}, ${created}
        FROM ${rows(customers)}`,
    contacts: `INSERT INTO "ContactLog" ("id", "customerId", "authorId", "channel", "summary", "outcome", "occurredAt", "source", "createdAt")
      SELECT i, i, ${repOf('i')}, 'call', 'Talked about the renewal and sent the price list', 'follow up', ${d.at(`-(1 + i % 80) * 86400`)}, 'command', ${d.at(`-(1 + i % 80) * 86400`)}
        FROM ${rows(customers)}`,
    callbacks: `INSERT INTO "Callback" ("id", "customerId", "assigneeId", "reason", "dueAt", "deliverAt", "status", "occurrenceKey",
                                        "attempts", "sentAt", "messageRef", "escalatedAt", "createdAt", "updatedAt")
      SELECT i, i, ${repOf('i')}, 'cadence', ${d.at(deliver)}, ${d.at(deliver)}, CASE WHEN ${backlog} THEN 'sent' ELSE 'pending' END, 'bench:' || i,
             CASE WHEN ${backlog} THEN 1 ELSE 0 END,
             CASE WHEN ${backlog} THEN ${d.at(deliver)} END, CASE WHEN ${backlog} THEN 'D1:' || i END,
             CASE WHEN ${backlog} THEN ${d.at(`${deliver} + 4 * 86400`)} END, ${created}, ${created}
        FROM ${rows(customers)}`,
  };
}

/** Stands in for the sweep's markSent after a claim, one statement per batch (not timed). */
const MARK_SENT_SQL = `UPDATE "Callback" SET "status" = 'sent', "claimedUntil" = NULL WHERE "id" IN`;

/** Store calls by name ("users.findById"): how many, and the time spent in them. */

/**
 * The stores with every store method timed into `times` while `times.on` is set (the sweep only),
 * to show where a delivery's time goes. transaction() is left as it is (the sweep does not use it).
 */
/** Puts the due rows back as they were loaded (not timed). */
const RESET_SQL = `UPDATE "Callback" SET "status" = 'pending', "claimToken" = NULL, "claimedUntil" = NULL, "attempts" = 0,
  "sentAt" = NULL, "messageRef" = NULL, "lastError" = NULL WHERE "id" % ${DUE_EVERY} = 0 AND ("status" <> 'pending' OR "claimToken" IS NOT NULL)`;

// ---------------------------------------------------------------------------------------------
// Fresh databases.

interface Fixture {
  url: string;
  /** Loads the rows into the migrated database. */
  load(shape: Shape, secrets: { phone: string; email: string }): Promise<void>;
  /** Plans of the claim and escalation statements (before and after ANALYZE on SQLite). */
  explain(when: 'before-analyze' | 'loaded'): Promise<string>;
  /** After resetting rows: what the database's own upkeep would do (VACUUM on PostgreSQL). */
  tidy(db: Database): Promise<void>;
  drop(): Promise<void>;
}

function claimParams(now: Date, time: (d: Date) => string): unknown[] {
  return ['explain-token', time(new Date(now.getTime() + 120_000)), time(now), time(now), time(now), BATCH];
}
function escalationParams(now: Date, time: (d: Date) => string): unknown[] {
  return [time(new Date(now.getTime() + 120_000)), time(now), time(new Date(now.getTime() - 3 * 86_400_000)), time(now), BATCH];
}

function sqliteFixture(): Fixture {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
  const file = path.join(dir, 'bench.db');
  const withConnection = <T>(work: (db: Sqlite.Database) => T): T => {
    const db = new Sqlite(file);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  const plan = (db: Sqlite.Database, sql: string, params: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => `  ${r.detail}`).join('\n');
  return {
    url: `file:${file}`,
    async load(shape, secrets) {
      withConnection((db) => {
        // Throwaway data: no journal, no fsync, a big cache, no FK checks while loading.
        db.pragma('journal_mode = OFF');
        db.pragma('synchronous = OFF');
        db.pragma('cache_size = -1000000');
        db.pragma('foreign_keys = OFF');
        const rows = (n: number) => `(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) SELECT i FROM s)`;
        const sql = loadSql(sqliteDialect, shape, rows, () => '?');
        db.transaction(() => {
          db.prepare(sql.users).run();
          db.prepare(sql.customers).run(secrets.phone, secrets.email);
          db.prepare(sql.contacts).run();
          db.prepare(sql.callbacks).run();
        })();
        db.pragma('journal_mode = WAL');
      });
    },
    async explain(when) {
      return withConnection((db) => {
        if (when === 'loaded') db.exec('ANALYZE');
        const sql = callbackSql('sqlite');
        return [
          `claimDue, 1% due:\n${plan(db, sql.claimDue, claimParams(NOW, sqliteTime))}`,
          `claimEscalations:\n${plan(db, sql.claimEscalations, escalationParams(NOW, sqliteTime))}`,
        ].join('\n');
      });
    },
    async tidy() {},
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresFixture(): Promise<Fixture> {
  const { url, drop } = await createPgDatabase('bench_sweep');
  const explainOne = async (c: pg.Client, label: string, sql: string, params: unknown[]) => {
    // EXPLAIN ANALYZE runs the UPDATE: inside a transaction that is rolled back.
    await c.query('BEGIN');
    try {
      const { rows } = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      return `${label}:\n${rows.map((r: Record<string, string>) => `  ${r['QUERY PLAN']}`).join('\n')}`;
    } finally {
      await c.query('ROLLBACK');
    }
  };
  return {
    url,
    async load(shape, secrets) {
      await withPg(url, async (c) => {
        await c.query('SET synchronous_commit = off');
        await c.query(`SET maintenance_work_mem = '512MB'`);
        const rows = (n: number) => `generate_series(1::bigint, ${n}) AS s(i)`; // bigint: i * 7919 overflows int4
        const sql = loadSql(pgDialect, shape, rows, (k) => `$${k}`);
        await c.query('BEGIN');
        await c.query(sql.users);
        await c.query(sql.customers, [secrets.phone, secrets.email]);
        await c.query(sql.contacts);
        await c.query(sql.callbacks);
        for (const table of ['User', 'Customer', 'ContactLog', 'Callback']) {
          await c.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT max("id") FROM "${table}"))`);
        }
        await c.query('COMMIT');
        await c.query('VACUUM ANALYZE');
      });
    },
    async explain(when) {
      if (when === 'before-analyze') return '';
      return withPg(url, async (c) => {
        const sql = callbackSql('postgresql');
        return [
          await explainOne(c, 'claimDue, 1% due', sql.claimDue, claimParams(NOW, pgTime)),
          await explainOne(c, 'claimDue, nothing due', sql.claimDue, claimParams(IDLE, pgTime)),
          await explainOne(c, 'claimEscalations', sql.claimEscalations, escalationParams(NOW, pgTime)),
        ].join('\n');
      });
    },
    async tidy(db) {
      // The test server runs without autovacuum; production would have it.
      await db.prisma.$executeRawUnsafe('VACUUM ANALYZE "Callback"');
    },
    drop,
  };
}

// ---------------------------------------------------------------------------------------------
// One provider, one size.

interface Result {
  provider: Provider;
  shape: Shape;
  loadMs: number;
  claimAllMs: number;
  sweepMs: number;
  probeMs: number;
  idleTickMs: number;
  nextTickMs: number;
  roundTripMs: number;
  dbBytes: number | null;
}

async function benchOne(provider: Provider, customers: number): Promise<Result> {
  const shape = shapeOf(customers);
  const label = `${provider} ${human(customers)}`;
  const fixture = provider === 'sqlite' ? sqliteFixture() : await postgresFixture();
  cleanups.set(label, fixture.drop);
  let db: Database | undefined;
  try {
    // Migrate exactly as the app does, then load behind its back.
    await (await openDatabase(fixture.url)).close();
    const cipher = createFieldCipher({ id: 'bench', key: Buffer.alloc(32, 7) });
    const secrets = { phone: cipher.encrypt('+86 138 0013 8000', ENCRYPTED_COLUMNS.phone), email: cipher.encrypt('buyer@example.com', ENCRYPTED_COLUMNS.email) };
    let started = performance.now();
    await fixture.load(shape, secrets);
    const loadMs = ms(started);
    const before = customers === largest ? await fixture.explain('before-analyze') : '';
    const plans = await fixture.explain('loaded'); // ANALYZE on SQLite (PostgreSQL analysed while loading)
    const backlogNote = shape.escalated > 0 ? `, ${shape.escalated} sent, escalated and never completed` : '';
    console.log(`\n[${label}] loaded ${shape.managers + shape.reps} users, ${customers} customers, ${customers} contact logs, ${customers} callbacks (${shape.due} due${backlogNote}) in ${fmt(loadMs / 1000)} s`);
    if (customers === largest) {
      if (before) console.log(`Plans before ANALYZE (a SQLite database the app created has no statistics):\n${before}`);
      console.log(`Plans${provider === 'sqlite' ? ' after ANALYZE' : ''}:\n${plans}`);
    }

    db = await openDatabase(fixture.url, { migrate: false });
    if (provider === 'sqlite') {
      const pragma = async (name: string) => Object.values(((await db!.prisma.$queryRawUnsafe(`PRAGMA ${name}`)) as Array<Record<string, unknown>>)[0] ?? {})[0];
      console.log(`  app connection: journal_mode=${String(await pragma('journal_mode'))}, synchronous=${String(await pragma('synchronous'))} (1 = NORMAL, 2 = FULL)`);
    }
    const times = { on: false, by: new Map() as CallTimes };
    const stores: Stores = timedStores(createPrismaStores(db.prisma, { cipher, provider }), times, ['users', 'customers', 'contacts', 'callbacks']);
    // One message per due callback, as measured (see the data shape above): the morning digest,
    // which would pull a rep's later callbacks of the day into the same run, stays out of it.
    const domain = createDomain({ stores, clock: { now: () => NOW }, adminExternalIds: new Set(), callbacks: { digestThreshold: Number.MAX_SAFE_INTEGER }, respondentKey: createRespondentKeyer('bench-secret-0123456789') });
    let sent = 0;
    const messenger: PlatformMessenger = {
      capabilities: SLACK_CAPABILITIES,
      sendDirect: async () => ({ ref: `bench:${++sent}` }),
      sendToChannel: async () => ({ ref: `bench:${++sent}` }),
      update: async () => {},
      sendFile: async () => {},
    };
    const logger = createLogger('silent');
    const sweep = createCallbackSweep({ domain, stores, messengers: { slack: messenger }, settings: { defaultLocale: 'en', defaultTimezone: 'UTC', tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) }, logger, batchSize: BATCH });
    const claim = (at: Date) => ({ token: randomBytes(8).toString('hex'), until: new Date(at.getTime() + 120_000) });
    const reset = async () => {
      await db!.prisma.$executeRawUnsafe(RESET_SQL);
      await fixture.tidy(db!);
    };
    const timeEach = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let k = 0; k < PROBES; k++) {
        const t0 = performance.now();
        await work();
        times.push(ms(t0));
      }
      return median(times);
    };

    // Warm up connections and code paths.
    for (let k = 0; k < 5; k++) {
      await stores.callbacks.claimDue(IDLE, claim(IDLE), BATCH);
      await sweep.run(IDLE);
    }

    const runs = { claimAll: [] as number[], sweep: [] as number[], probe: [] as number[], idle: [] as number[], next: [] as number[], roundTrip: [] as number[] };
    for (let r = 1; r <= repeat; r++) {
      // (a) the claim query alone, over every due row.
      await reset();
      // Between claims (not timed) the batch is marked sent, as the sweep does, so each claim
      // starts at the first row still due instead of stepping over the rows claimed before.
      let claimed = 0;
      let claimMs = 0;
      for (;;) {
        const t0 = performance.now();
        const got = await stores.callbacks.claimDue(NOW, claim(NOW), BATCH);
        claimMs += ms(t0);
        claimed += got.length;
        if (got.length > 0) await db.prisma.$executeRawUnsafe(`${MARK_SENT_SQL} (${got.map((c) => c.id).join(',')})`);
        if (got.length < BATCH) break;
      }
      runs.claimAll.push(claimMs);
      if (claimed !== shape.due) throw new Error(`${label}: claimed ${claimed}, expected ${shape.due}`);

      await reset();
      // For scale: one statement that touches no table, through the same client.
      runs.roundTrip.push(await timeEach(() => db!.prisma.$queryRawUnsafe('SELECT 1')));
      // (c) nothing due: the pure probe, and a whole idle tick (claim + escalation probes).
      runs.probe.push(
        await timeEach(async () => {
          if ((await stores.callbacks.claimDue(IDLE, claim(IDLE), BATCH)).length !== 0) throw new Error(`${label}: something was due at ${IDLE.toISOString()}`);
        }),
      );
      runs.idle.push(await timeEach(() => sweep.run(IDLE)));

      // (b) the full sweep.
      sent = 0;
      times.on = true;
      started = performance.now();
      const result = await sweep.run(NOW);
      runs.sweep.push(ms(started));
      times.on = false;
      if (result.delivered !== shape.due || result.failed !== 0 || sent !== shape.due) {
        throw new Error(`${label}: sweep delivered ${result.delivered} (failed ${result.failed}, sent ${sent}), expected ${shape.due}`);
      }
      // The next tick right after: nothing left to claim.
      started = performance.now();
      const next = await sweep.run(NOW);
      runs.next.push(ms(started));
      if (next.delivered !== 0) throw new Error(`${label}: the next tick delivered ${next.delivered}`);
      console.log(
        `  run ${r}: claim all ${fmt(runs.claimAll.at(-1)!)} ms, sweep ${fmt(runs.sweep.at(-1)!)} ms, probe ${fmt(runs.probe.at(-1)!, 2)} ms, idle tick ${fmt(runs.idle.at(-1)!, 2)} ms, next tick ${fmt(runs.next.at(-1)!, 2)} ms, SELECT 1 ${fmt(runs.roundTrip.at(-1)!, 2)} ms`,
      );
    }

    // Where a delivery's time goes, over all the sweeps.
    const deliveries = shape.due * repeat;
    const sweepTotal = runs.sweep.reduce((a, b) => a + b, 0);
    const inStores = [...times.by.values()].reduce((a, b) => a + b.ms, 0);
    const parts = [...times.by].sort((a, b) => b[1].ms - a[1].ms).map(([name, t]) => `${name} ${fmt(t.calls / deliveries, 2)}× ${fmt(t.ms / deliveries, 2)} ms`);
    const breakdown = `${parts.join(', ')}; outside the stores (rendering, grouping, messenger) ${fmt((sweepTotal - inStores) / deliveries, 2)} ms`;
    console.log(`  per delivery (${fmt(sweepTotal / deliveries, 2)} ms): ${breakdown}`);

    const dbBytes =
      provider === 'postgresql'
        ? Number(((await db.prisma.$queryRawUnsafe('SELECT pg_database_size(current_database())::bigint AS size')) as Array<{ size: bigint }>)[0]!.size)
        : Number(((await db.prisma.$queryRawUnsafe('SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()')) as Array<{ size: bigint | number }>)[0]!.size);
    return {
      provider,
      shape,
      loadMs,
      claimAllMs: median(runs.claimAll),
      sweepMs: median(runs.sweep),
      probeMs: median(runs.probe),
      idleTickMs: median(runs.idle),
      nextTickMs: median(runs.next),
      roundTripMs: median(runs.roundTrip),
      dbBytes,
    };
  } finally {
    await db?.close();
    await fixture.drop();
    cleanups.delete(label);
  }
}

function table(results: Result[]): string {
  const head = [
    'provider',
    'customers',
    'due',
    'load (s)',
    'DB size',
    'claim all due (ms)',
    'per due row (µs)',
    'sweep (ms)',
    'deliveries/s',
    'per delivery (ms)',
    'probe, 0 due (ms)',
    'idle tick (ms)',
    'next tick (ms)',
    'SELECT 1 (ms)',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((h, i) => (i < 1 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of results) {
    lines.push(
      `| ${[
        r.provider === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        r.shape.customers.toLocaleString('en-US') + (r.shape.escalated > 0 ? ` (${r.shape.escalated.toLocaleString('en-US')} escalated, open)` : ''),
        r.shape.due.toLocaleString('en-US'),
        fmt(r.loadMs / 1000),
        r.dbBytes === null ? '' : `${fmt(r.dbBytes / 1024 / 1024, 0)} MB`,
        fmt(r.claimAllMs),
        fmt((r.claimAllMs * 1000) / r.shape.due, 0),
        fmt(r.sweepMs, 0),
        fmt(r.shape.due / (r.sweepMs / 1000), 0),
        fmt(r.sweepMs / r.shape.due, 2),
        fmt(r.probeMs, 2),
        fmt(r.idleTickMs, 2),
        fmt(r.nextTickMs, 2),
        fmt(r.roundTripMs, 2),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const sqliteVersion = new Sqlite(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string };
  console.log(`Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB`);
  console.log(`SQLite ${sqliteVersion.v} (better-sqlite3)`);
  if (providers.includes('postgresql')) {
    const info = await withPg(serverUrl, async (c) => {
      const version = (await c.query('SHOW server_version')).rows[0].server_version as string;
      const settings = await c.query(`SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'autovacuum')`);
      return `PostgreSQL ${version} (${settings.rows.map((s: { name: string; setting: string; unit: string | null }) => `${s.name}=${s.setting}${s.unit ?? ''}`).join(', ')})`;
    });
    console.log(info);
  }
  console.log(`providers: ${providers.join(', ')}; sizes: ${sizes.map(human).join(', ')}; ${repeat} runs each, median shown`);

  const results: Result[] = [];
  const started = performance.now();
  for (const provider of providers) {
    for (const size of sizes) {
      results.push(await benchOne(provider, size));
    }
    console.log(`\n${table(results.filter((r) => r.provider === provider))}`);
  }
  console.log(`\nAll results (${fmt(ms(started) / 1000, 0)} s in total):\n\n${table(results)}`);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanAll();
}
