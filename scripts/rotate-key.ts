// npm run rotate-key — re-encrypts customers' phone numbers and emails (and the audit trail's wrapped
// per-customer keys) under the current key.
//
// Rotation: set ENCRYPTION_KEY to a new key with a new id, move the old one to ENCRYPTION_OLD_KEYS,
// restart the app (it reads both, writes with the new one), then run this. It works through the
// customers in batches by id, one transaction per batch, skipping values already under the current
// key, so it can run while the app is up, be interrupted, and be run again. A value the app changes
// while a batch is in flight is not overwritten: each update only applies if the row still holds the
// value that was read (otherwise the row is read again). Legacy plaintext values get encrypted.
//
// Prints counts and timing; never a key, a phone number or an email.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDotenv } from '../src/config/dotenv.js';
import { ConfigError, loadConfig } from '../src/config/env.js';
import { openDatabase, type PrismaClient } from '../src/store/database.js';
import { describeSource, parseDatabaseUrl } from '../src/store/datasource.js';
import { ENCRYPTED_COLUMNS, EncryptionKeyError, FieldDecryptionError, isEncrypted, keyFileFor, loadFieldCipher, type FieldCipher } from '../src/store/field-cipher.js';

export interface RotationProgress {
  /** Customers looked at so far. */
  scanned: number;
  /** Customers with at least one value rewritten. */
  reencrypted: number;
  /** Customers whose values were all already under the current key (or empty). */
  alreadyCurrent: number;
  /** Of the values rewritten, how many were stored in plaintext (from before encryption). */
  plaintextEncrypted: number;
  /** Audit trail per-customer keys looked at and re-wrapped. */
  secretsScanned: number;
  secretsRewrapped: number;
  /** Rows changed by someone else between read and write, and read again. */
  retried: number;
}

export interface RotationReport extends RotationProgress {
  currentKeyId: string;
  durationMs: number;
}

export interface RotateOptions {
  /** Rows per read and per transaction (default 500). */
  batchSize?: number;
  /** Called after every committed batch. */
  onBatch?: (progress: Readonly<RotationProgress>) => void;
}

const MAX_ATTEMPTS = 5;

type CipherForRotation = Pick<FieldCipher, 'currentKeyId' | 'encrypt' | 'decrypt' | 'isCurrent'>;

export async function rotateFieldEncryption(prisma: PrismaClient, cipher: CipherForRotation, options: RotateOptions = {}): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 500;
  const started = performance.now();
  const progress: RotationProgress = { scanned: 0, reencrypted: 0, alreadyCurrent: 0, plaintextEncrypted: 0, secretsScanned: 0, secretsRewrapped: 0, retried: 0 };

  /** The value re-encrypted under the current key, or undefined when it needs nothing. */
  function fresh(value: string | null, column: string, where: string): string | undefined {
    if (value === null || cipher.isCurrent(value)) return undefined;
    try {
      return cipher.encrypt(cipher.decrypt(value, column), column);
    } catch (error) {
      if (error instanceof FieldDecryptionError) throw new FieldDecryptionError(`${where}: ${error.message}`, error.column, error.keyId);
      throw error;
    }
  }

  const customerColumns = { id: true, phone: true, email: true } as const;
  for (let after = 0; ; ) {
    let rows = await prisma.customer.findMany({ where: { id: { gt: after } }, select: customerColumns, orderBy: { id: 'asc' }, take: batchSize });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    progress.scanned += rows.length;
    for (let attempt = 1; rows.length > 0; attempt++) {
      const changes = rows.flatMap((row) => {
        const phone = fresh(row.phone, ENCRYPTED_COLUMNS.phone, `customer ${row.id}`);
        const email = fresh(row.email, ENCRYPTED_COLUMNS.email, `customer ${row.id}`);
        if (phone === undefined && email === undefined) {
          progress.alreadyCurrent++;
          return [];
        }
        const plaintext = [row.phone, row.email].filter((v) => v !== null && !isEncrypted(v)).length;
        return [{ row, plaintext, data: { phone, email } }];
      });
      if (changes.length === 0) break;
      // Compare-and-set: an update applies only while the row still holds what was read. Plain SQL
      // (valid on SQLite ≥ 3.39 and PostgreSQL) is 2–2.5× faster here than updateMany, and leaves
      // updatedAt alone: re-encrypting is not a change to the customer.
      const results = await prisma.$transaction(
        changes.map(
          ({ row, data }) =>
            prisma.$executeRaw`UPDATE "Customer" SET phone = ${data.phone ?? row.phone}, email = ${data.email ?? row.email}
              WHERE id = ${row.id} AND phone IS NOT DISTINCT FROM ${row.phone} AND email IS NOT DISTINCT FROM ${row.email}`,
        ),
      );
      const lost: number[] = [];
      results.forEach((result, i) => {
        const change = changes[i]!;
        if (result === 1) {
          progress.reencrypted++;
          progress.plaintextEncrypted += change.plaintext;
        } else lost.push(change.row.id);
      });
      if (lost.length === 0) break;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`customers ${lost.join(', ')} kept changing during rotation: run rotate-key again`);
      progress.retried += lost.length;
      rows = await prisma.customer.findMany({ where: { id: { in: lost } }, select: customerColumns, orderBy: { id: 'asc' } });
    }
    options.onBatch?.(progress);
  }

  // The audit trail's per-customer keys, wrapped by the same master keys (FieldCipher.keyWrap).
  for (let after = -1; ; ) {
    let rows = await prisma.customerSecret.findMany({ where: { customerId: { gt: after } }, select: { customerId: true, wrappedKey: true }, orderBy: { customerId: 'asc' }, take: batchSize });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.customerId;
    progress.secretsScanned += rows.length;
    for (let attempt = 1; rows.length > 0; attempt++) {
      const changes = rows.flatMap((row) => {
        const wrappedKey = fresh(row.wrappedKey, ENCRYPTED_COLUMNS.secret, `audit key of customer ${row.customerId}`);
        return wrappedKey === undefined ? [] : [{ row, wrappedKey }];
      });
      if (changes.length === 0) break;
      const results = await prisma.$transaction(
        changes.map(
          ({ row, wrappedKey }) => prisma.$executeRaw`UPDATE "CustomerSecret" SET "wrappedKey" = ${wrappedKey} WHERE "customerId" = ${row.customerId} AND "wrappedKey" = ${row.wrappedKey}`,
        ),
      );
      const lost = changes.filter((_, i) => results[i] !== 1).map((c) => c.row.customerId);
      progress.secretsRewrapped += changes.length - lost.length;
      if (lost.length === 0) break;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`audit keys of customers ${lost.join(', ')} kept changing during rotation: run rotate-key again`);
      progress.retried += lost.length;
      // A key deleted meanwhile (the customer was erased) simply is not found again.
      rows = await prisma.customerSecret.findMany({ where: { customerId: { in: lost } }, select: { customerId: true, wrappedKey: true } });
    }
    options.onBatch?.(progress);
  }

  return { ...progress, currentKeyId: cipher.currentKeyId, durationMs: performance.now() - started };
}

async function main(): Promise<void> {
  loadDotenv();
  const config = loadConfig();
  const source = parseDatabaseUrl(config.databaseUrl);
  if (source.provider === 'sqlite' && !existsSync(source.file)) {
    throw new EncryptionKeyError(`there is no database at ${source.file}: check DATABASE_URL`);
  }
  const keyFile = keyFileFor(config.databaseUrl);
  if (!config.encryption && keyFile !== null && !existsSync(keyFile)) {
    throw new EncryptionKeyError(`ENCRYPTION_KEY is not set and there is no key file at ${keyFile}: set ENCRYPTION_KEY (the key to rotate to) and ENCRYPTION_OLD_KEYS (the keys the data is under now)`);
  }
  const cipher = loadFieldCipher(config);
  const database = await openDatabase(config.databaseUrl, { migrate: false });
  try {
    console.log(`rotate-key: ${describeSource(source)}, re-encrypting under key "${cipher.currentKeyId}"`);
    let lastPrint = performance.now();
    const report = await rotateFieldEncryption(database.prisma, cipher, {
      onBatch: (p) => {
        if (performance.now() - lastPrint < 2000) return;
        lastPrint = performance.now();
        console.log(`  … ${p.scanned} customers, ${p.secretsScanned} audit keys`);
      },
    });
    const seconds = report.durationMs / 1000;
    console.log(
      `  customers:  ${report.scanned} scanned, ${report.reencrypted} re-encrypted (${report.plaintextEncrypted} values were plaintext), ${report.alreadyCurrent} already current`,
    );
    console.log(`  audit keys: ${report.secretsScanned} scanned, ${report.secretsRewrapped} re-wrapped`);
    if (report.retried > 0) console.log(`  ${report.retried} rows changed meanwhile and were read again`);
    console.log(`  ${seconds.toFixed(2)} s, ${Math.round(report.scanned / Math.max(seconds, 0.001))} customers/s`);
    console.log(`Everything is under key "${report.currentKeyId}". Once every database using the old keys has been rotated, remove them from ENCRYPTION_OLD_KEYS.`);
  } finally {
    await database.close();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    const known = error instanceof ConfigError || error instanceof EncryptionKeyError || error instanceof FieldDecryptionError;
    console.error(known ? (error as Error).message : `rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
