// A consistent copy of the SQLite database while the app keeps writing: SQLite's online backup
// API copies pages in steps and restarts a step when a writer changed a page underneath it.
import Database from 'better-sqlite3';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDatabaseUrl } from './datasource.js';

export interface BackupResult {
  source: string;
  destination: string;
  bytes: number;
  durationMs: number;
}

export class BackupRefused extends Error {
  readonly code = 'backup_refused';
}

export const POSTGRES_BACKUP_HINT = 'PostgreSQL: use pg_dump, e.g. pg_dump --format=custom --file=rapport-$(date -u +%Y%m%dT%H%M%SZ).dump "$DATABASE_URL"';

export function defaultBackupPath(source: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return path.join(path.dirname(source), 'backups', `rapport-${stamp}.db`);
}

export async function backupSqlite(databaseUrl: string, destination?: string): Promise<BackupResult> {
  const source = parseDatabaseUrl(databaseUrl);
  if (source.provider !== 'sqlite') throw new BackupRefused(POSTGRES_BACKUP_HINT);
  const target = path.resolve(destination ?? defaultBackupPath(source.file));
  mkdirSync(path.dirname(target), { recursive: true });
  const started = performance.now();
  const db = new Database(source.file, { fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  return { source: source.file, destination: target, bytes: statSync(target).size, durationMs: Math.round(performance.now() - started) };
}
