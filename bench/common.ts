// What the benchmarks share: the PostgreSQL server and a fresh database on it, clean-up on failure
// and Ctrl-C, store-call timing, and number formatting.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Stores } from '../src/domain/ports.js';
import type { Provider } from '../src/store/database.js';

/** The server benchmarks create their databases on. */
export const serverUrl = process.env.BENCH_PG_URL || process.env.RAPPORT_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:5432/test';

export function parseProvider(value: string): Provider {
  if (value !== 'sqlite' && value !== 'postgresql') throw new Error(`--provider must be sqlite, postgresql or both, not "${value}"`);
  return value;
}

/** One short-lived connection per call. */
export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database `<prefix>_<random>` on the server; `drop` removes it. */
export async function createPgDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withPg(serverUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => withPg(serverUrl, async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`))) };
}

// Clean-up, also on failure and Ctrl-C.
export const cleanups = new Map<string, () => Promise<void>>();

export async function cleanAll(): Promise<void> {
  for (const [name, cleanup] of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error(`clean-up of ${name} failed:`, error);
    }
    cleanups.delete(name);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up…`);
    void cleanAll().finally(() => process.exit(130));
  });
}

export type CallTimes = Map<string, { calls: number; ms: number }>;

/** The stores with these ones timed per method (while `times.on`, when given). */
export function timedStores(stores: Stores, times: { on?: boolean; by: CallTimes }, names: ReadonlyArray<Exclude<keyof Stores, 'transaction'>>): Stores {
  const wrap = <T extends object>(name: string, store: T): T =>
    new Proxy(store, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function' || typeof key !== 'string') return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          if (times.on === false) return method.apply(target, args);
          const t0 = performance.now();
          try {
            return await method.apply(target, args);
          } finally {
            const entry = times.by.get(`${name}.${key}`) ?? { calls: 0, ms: 0 };
            entry.calls++;
            entry.ms += performance.now() - t0;
            times.by.set(`${name}.${key}`, entry);
          }
        };
      },
    });
  return { ...stores, ...Object.fromEntries(names.map((name) => [name, wrap(name, stores[name])])) };
}

export const ms = (start: number) => performance.now() - start;
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
export const fmt = (x: number, digits = 1) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const int = (n: number) => n.toLocaleString('en-US');
export const human = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));
/** What adapter-pg sends for a Date: UTC, no zone (the columns are TIMESTAMP(3)). */
export const pgTime = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
