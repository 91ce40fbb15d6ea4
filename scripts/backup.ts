// npm run backup [-- <destination file>] — a consistent copy of the SQLite database, taken while the
// app keeps running.
//
// SQLite's online backup API (better-sqlite3's db.backup) copies the database page by page from a
// read snapshot; in WAL mode that snapshot does not block the app's writes, and the copy reflects
// one committed state. A write from another connection between two backup steps makes SQLite start
// the copy over, so after the first step everything is copied in one step (no endless restarts
// under a steady stream of writes). The copy is written to <destination>.partial and renamed when
// complete and checked, switched to a self-contained rollback-journal file (no -wal beside it), and
// made readable by its owner only (it holds personal data).
//
// Default destination: data/backups/<database name>-<UTC timestamp>.db next to the database.
// PostgreSQL: refused, with the pg_dump command to use instead.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDotenv } from '../src/config/dotenv.js';
import { parseDatabaseUrl } from '../src/store/datasource.js';
import { keyFileFor } from '../src/store/field-cipher.js';

export const PG_DUMP_COMMAND = 'pg_dump --format=custom --file=rapport-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"';

export class BackupRefused extends Error {
  readonly code = 'backup_refused';
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

export interface BackupResult {
  source: string;
  destination: string;
  bytes: number;
  pages: number;
  durationMs: number;
}

/** data/rapport.db → data/backups/rapport-20261124T170000Z.db */
export function defaultBackupPath(sourceFile: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const { dir, name } = path.parse(sourceFile);
  return path.join(dir, 'backups', `${name}-${stamp}.db`);
}

export async function backupSqlite(databaseUrl: string | undefined, destination?: string): Promise<BackupResult> {
  const source = parseDatabaseUrl(databaseUrl);
  if (source.provider !== 'sqlite') {
    throw new BackupRefused(`DATABASE_URL is PostgreSQL: back it up with pg_dump (it takes a consistent snapshot while the app runs), e.g.\n  ${PG_DUMP_COMMAND}`);
  }
  if (!existsSync(source.file)) throw new BackupRefused(`there is no database at ${source.file}: check DATABASE_URL`);
  const target = path.resolve(destination ?? defaultBackupPath(source.file));
  if (target === source.file) throw new BackupRefused('the destination is the database itself');
  if (existsSync(target)) throw new BackupRefused(`${target} exists already: choose another destination`);
  const partial = `${target}.partial`;
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  rmSync(partial, { force: true });

  const started = performance.now();
  // Read-write (not readonly) so that opening works even before the app created the -shm file; the
  // connection only reads. timeout: wait for a writer's lock instead of failing (rollback mode).
  const db = new Database(source.file, { fileMustExist: true, timeout: 10_000 });
  let pages = 0;
  try {
    const result = await db.backup(partial, { progress: () => 0x7fffffff });
    pages = result.totalPages;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  try {
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed SQLite's quick_check: ${String(check)}`);
    } finally {
      copy.close();
    }
    if (process.platform !== 'win32') chmodSync(partial, 0o600);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { source: source.file, destination: target, bytes: statSync(target).size, pages, durationMs: performance.now() - started };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  // Only DATABASE_URL matters here: no full config validation (a backup must not need the Slack tokens).
  loadDotenv();
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const result = await backupSqlite(databaseUrl, process.argv[2]);
  console.log(`backup: ${result.source}`);
  console.log(`     → ${result.destination}`);
  console.log(`  ${formatBytes(result.bytes)} (${result.pages} pages) in ${result.durationMs.toFixed(0)} ms`);
  const keyFile = keyFileFor(databaseUrl ?? '');
  const key = process.env.ENCRYPTION_KEY?.trim() ? 'ENCRYPTION_KEY (and ENCRYPTION_OLD_KEYS)' : keyFile !== null && existsSync(keyFile) ? keyFile : 'the encryption key';
  console.log(`Phone numbers and emails in the copy are encrypted: restoring it needs ${key}. Keep the key safe, and apart from the backups.`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof BackupRefused ? error.message : `backup failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
