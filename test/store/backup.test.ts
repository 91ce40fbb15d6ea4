// npm run backup: a consistent copy of the live SQLite database, taken while another process writes.
// SQLite only (the postgresql project skips it: PostgreSQL is backed up with pg_dump).
import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEncryptionKey } from '../../src/config/env.js';
import { openDatabase, type Database as AppDatabase } from '../../src/store/database.js';
import { createFieldCipher, generateKeyText } from '../../src/store/field-cipher.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';
import { backupSqlite, BackupRefused, defaultBackupPath } from '../../scripts/backup.js';
import { createFileDatabase, testProvider } from '../helpers/database.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'rapport-backup-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const key = parseEncryptionKey(generateKeyText('k1'))!;
const CUSTOMERS = 3000;

/** Row count of every table (migrations table included). */
function counts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/** A process of its own that writes one customer and one contact log per transaction until stdin closes. */
function startWriter(file: string): { child: ChildProcess; started: Promise<void> } {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { timeout: 10000 });
    const customer = db.prepare('INSERT INTO "Customer" (name, nameKey, ownerId, updatedAt) VALUES (?, ?, 1, CURRENT_TIMESTAMP)');
    const log = db.prepare('INSERT INTO "ContactLog" (customerId, authorId, channel, summary, occurredAt, source) VALUES (?, 1, \\'call\\', ?, CURRENT_TIMESTAMP, \\'import\\')');
    const write = db.transaction((i) => log.run(customer.run('W' + i, 'w' + i).lastInsertRowid, 'x'.repeat(200)));
    let stop = false;
    process.stdin.on('end', () => { stop = true; }).resume();
    let i = 0;
    (function loop() {
      for (let n = 0; n < 20 && !stop; n++) write(i++);
      if (i === 20) process.stdout.write('started\\n');
      if (stop) { db.close(); process.stdout.write('wrote ' + i + '\\n'); return; }
      setImmediate(loop);
    })();
  `;
  const child = spawn(process.execPath, ['-e', script, file], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('started')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
  return { child, started };
}

describe.skipIf(testProvider() !== 'sqlite')('SQLite online backup', () => {
  let source: { url: string; drop(): Promise<void> };
  let live: AppDatabase;
  let file: string;

  beforeEach(async () => {
    source = await createFileDatabase('sqlite');
    file = source.url.slice('file:'.length);
    live = await openDatabase(source.url, { migrate: false });
    const stores = createPrismaStores(live.prisma, { cipher: createFieldCipher(key), provider: live.provider });
    const owner = await stores.users.createOrGet({ platform: 'slack', externalId: 'U1', role: 'admin' });
    await stores.customers.create({ name: 'Zhang San', nameKey: 'zhang san', ownerId: owner.id, company: null, phone: '13812345678', email: 'zhang@example.cn', industry: null, region: null, tags: [], createdAt: new Date() });
    await live.prisma.customer.createMany({ data: Array.from({ length: CUSTOMERS - 1 }, (_, i) => ({ name: `C${i}`, nameKey: `c${i}`, ownerId: owner.id, company: 'x'.repeat(100) })) });
    await live.prisma.contactLog.createMany({
      data: Array.from({ length: CUSTOMERS }, (_, i) => ({ customerId: i + 1, authorId: owner.id, channel: 'call', summary: 'y'.repeat(200), occurredAt: new Date(), source: 'import' })),
    });
  });

  afterEach(async () => {
    await live.close();
    await source.drop();
  });

  it('copies every table with the same row counts, as one self-contained file only its owner can read', async () => {
    const destination = path.join(out, 'quiet', 'copy.db');
    const result = await backupSqlite(source.url, destination);
    expect(result).toMatchObject({ source: file, destination });
    expect(result.bytes).toBe(statSync(destination).size);
    expect(result.bytes).toBeGreaterThan(500_000);

    expect(counts(destination)).toEqual(counts(file));
    expect(counts(destination)).toMatchObject({ Customer: CUSTOMERS, ContactLog: CUSTOMERS, User: 1 });
    expect(existsSync(`${destination}-wal`)).toBe(false);
    expect(existsSync(`${destination}.partial`)).toBe(false);
    if (process.platform !== 'win32') expect(statSync(destination).mode & 0o777).toBe(0o600);
    const copy = new Database(destination, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    // The copy is a working database: the app's stores read it, phone numbers decrypt with the same key.
    const restored = await openDatabase(`file:${destination}`, { migrate: false });
    try {
      const customer = await createPrismaStores(restored.prisma, { cipher: createFieldCipher(key), provider: restored.provider }).customers.findByNameKey('zhang san');
      expect(customer).toMatchObject({ phone: '13812345678', email: 'zhang@example.cn' });
    } finally {
      await restored.close();
    }

    await expect(backupSqlite(source.url, destination)).rejects.toThrow(/exists already/);
    await expect(backupSqlite(source.url, file)).rejects.toThrow(BackupRefused);
  });

  it('takes a consistent snapshot while another process keeps writing', async () => {
    const base = counts(file);
    const writer = startWriter(file);
    try {
      await writer.started;
      const results = [];
      for (let run = 0; run < 3; run++) {
        const before = counts(file).Customer!;
        const result = await backupSqlite(source.url, path.join(out, 'busy', `copy-${run}.db`));
        const after = counts(file).Customer!;
        results.push({ result, before, after });
      }
      // The writer really wrote during the backups.
      expect(results.some((r) => r.after > r.before)).toBe(true);
      for (const { result, before, after } of results) {
        const copy = new Database(result.destination, { readonly: true });
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(copy.pragma('foreign_key_check')).toEqual([]);
        copy.close();
        const copied = counts(result.destination);
        // Everything present when the backup started, nothing that did not exist when it ended…
        expect(copied.Customer).toBeGreaterThanOrEqual(before);
        expect(copied.Customer).toBeLessThanOrEqual(after);
        // …and one committed state: each writer transaction added a customer and its contact log together.
        expect(copied.Customer! - base.Customer!).toBe(copied.ContactLog! - base.ContactLog!);
      }
    } finally {
      writer.child.stdin!.end();
      await new Promise((resolve) => writer.child.once('exit', resolve));
    }
  }, 60_000);

  it('defaults to backups/<name>-<UTC timestamp>.db beside the database', async () => {
    expect(defaultBackupPath('/srv/rapport/data/rapport.db', new Date('2026-11-24T17:05:09.123Z'))).toBe('/srv/rapport/data/backups/rapport-20261124T170509Z.db');
    const result = await backupSqlite(source.url);
    expect(path.dirname(result.destination)).toBe(path.join(path.dirname(file), 'backups'));
    expect(counts(result.destination)).toEqual(counts(file));
    rmSync(result.destination);
  });

  it('npm run backup prints the copy, its size and time; with PostgreSQL it prints the pg_dump command instead', async () => {
    const run = (env: Record<string, string>, ...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], { cwd: root, env: { ...process.env, ENCRYPTION_KEY: '', ...env }, timeout: 60_000 });
    const destination = path.join(out, 'cli', 'copy.db');
    const { stdout } = await run({ DATABASE_URL: source.url }, destination);
    expect(stdout).toContain(destination);
    expect(stdout).toMatch(/\d+(\.\d)? (KiB|MiB) \(\d+ pages\) in \d+ ms/);
    expect(counts(destination)).toEqual(counts(file));

    const refused = await run({ DATABASE_URL: 'postgresql://rapport:secret@db.internal:5432/rapport' }).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('pg_dump --format=custom --file=');
    expect((refused as { stderr: string }).stderr).toContain('"$DATABASE_URL"');
    expect((refused as { stderr: string }).stderr).not.toContain('secret');
  }, 60_000);
});
