// Personal data at rest: phone numbers and emails are stored encrypted (AES-256-GCM).
// Stored form: enc:v1:<key id>:<iv>:<tag>:<ciphertext> (base64url). The key id travels with the
// value, so after a rotation old values stay readable until `npm run rotate-key` re-encrypts them.
// The column name is authenticated data: a phone ciphertext pasted into the email column fails.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEncryptionKey, type Config, type EncryptionKey } from '../config/env.js';
import type { Logger } from '../logging.js';
import type { KeyWrap } from './audit-store.js';
import { parseDatabaseUrl } from './datasource.js';

const PREFIX = 'enc:v1:';

export class EncryptionError extends Error {
  readonly code = 'encryption_error';
}

export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: EncryptionKey,
    previous: readonly EncryptionKey[] = [],
  ) {
    this.keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, column: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(column));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + [this.current.id, ...[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'))].join(':');
  }

  /** A value stored before encryption was on reads as it is (rotate-key encrypts it). */
  decrypt(stored: string, column: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [keyId = '', iv = '', tag = '', body = ''] = stored.slice(PREFIX.length).split(':');
    const key = this.keys.get(keyId);
    if (!key) throw new EncryptionError(`no key "${keyId}" is configured: add it to ENCRYPTION_OLD_KEYS`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(column));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new EncryptionError(`a ${column} value does not decrypt with key "${keyId}" (altered, or stored under another column)`);
    }
  }

  /** True when the value is encrypted under the current key (nothing for rotate-key to do). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${PREFIX}${this.current.id}:`);
  }

  /** Wraps the per-customer keys of the audit trail under the same master keys. */
  keyWrap(): KeyWrap {
    const column = 'customer.secret';
    return {
      wrap: (key) => this.encrypt(key.toString('base64'), column),
      unwrap: (wrapped) => Buffer.from(this.decrypt(wrapped, column), 'base64'),
    };
  }

  /** A secret for another purpose (e.g. signing buttons), derived so it never equals the key. */
  deriveSecret(purpose: string): string {
    return Buffer.from(hkdfSync('sha256', this.current.key, Buffer.alloc(0), `rapport/${purpose}`, 32)).toString('base64url');
  }
}

/** Where the zero-setup key lives: next to the SQLite file it protects. */
export function keyFileFor(databaseUrl: string): string | null {
  const source = parseDatabaseUrl(databaseUrl);
  return source.provider === 'sqlite' ? path.join(path.dirname(source.file), 'rapport.key') : null;
}

/**
 * The cipher from ENCRYPTION_KEY, or — for the embedded SQLite default — from a key file created on
 * first start. (PostgreSQL replicas must share a key: config validation requires ENCRYPTION_KEY.)
 */
export function loadFieldCipher(config: Pick<Config, 'encryption' | 'databaseUrl'>, logger?: Pick<Logger, 'warn'>): FieldCipher {
  if (config.encryption) return new FieldCipher(config.encryption.current, config.encryption.previous);
  const file = keyFileFor(config.databaseUrl);
  if (!file) throw new EncryptionError('ENCRYPTION_KEY is required with PostgreSQL');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `k1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    logger?.warn({ keyFile: file }, 'created an encryption key for personal data: back it up together with the database, or set ENCRYPTION_KEY');
  }
  chmodSync(file, 0o600);
  const key = parseEncryptionKey(readFileSync(file, 'utf8'));
  if (!key) throw new EncryptionError(`${file} does not hold a key of the form <id>:<base64 of 32 bytes>`);
  return new FieldCipher(key);
}
