// Personal data at rest: customers' phone numbers and emails are stored encrypted (AES-256-GCM).
//
// Stored form: enc:v1:<key id>:<iv>:<tag>:<ciphertext>, the last three base64url. The key id travels
// with the value, so after a key change old values stay readable (ENCRYPTION_OLD_KEYS) until
// `npm run rotate-key` re-encrypts them under the current key. The column name is the GCM
// additional data: a phone ciphertext copied into the email column (or another row's secret
// column) does not decrypt. A value without the prefix was stored before encryption existed; it
// reads as it is and rotate-key encrypts it.
//
// Keys come from ENCRYPTION_KEY / ENCRYPTION_OLD_KEYS (src/config/env.ts). Without ENCRYPTION_KEY,
// the zero-setup SQLite default keeps its key in a file next to the database (data/rapport.key),
// created on first start. PostgreSQL requires ENCRYPTION_KEY (config validation says so): every
// replica must use the same key.
//
// Error messages name the column and the key id, never a value or a key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEncryptionKey, type Config, type EncryptionKey } from '../config/env.js';
import type { Logger } from '../logging.js';
import type { KeyWrap } from './audit-store.js';
import { parseDatabaseUrl } from './datasource.js';

export const ENCRYPTED_PREFIX = 'enc:v1:';

/** Column names bound into each ciphertext (GCM additional authenticated data). */
export const ENCRYPTED_COLUMNS = {
  phone: 'customer.phone',
  email: 'customer.email',
  /** The audit trail's per-customer data keys (CustomerSecret.wrappedKey). */
  secret: 'customer.secret',
} as const;

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface FieldCipher {
  /** The id of the key new values are encrypted with. */
  readonly currentKeyId: string;
  encrypt(plaintext: string, column: string): string;
  /** Throws FieldDecryptionError when the value was altered, belongs to another column, or its key is not configured. */
  decrypt(stored: string, column: string): string;
  /** True when the value is encrypted under the current key (nothing for rotate-key to do). */
  isCurrent(stored: string): boolean;
  /** Wraps the audit trail's per-customer keys under the same master keys. */
  keyWrap(): KeyWrap;
  /** A secret for another purpose (e.g. signing buttons), derived with HKDF so it never equals the key. */
  deriveSecret(purpose: string): string;
}

export class FieldDecryptionError extends Error {
  readonly code = 'field_decryption_failed';
  constructor(
    message: string,
    readonly column: string,
    readonly keyId: string | null,
  ) {
    super(message);
    this.name = 'FieldDecryptionError';
  }
}

export class EncryptionKeyError extends Error {
  readonly code = 'encryption_key_invalid';
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

/** True when the stored value is in the encrypted form (any key). */
export function isEncrypted(stored: string): boolean {
  return stored.startsWith(ENCRYPTED_PREFIX);
}

/** The key id an encrypted value names, or null for a legacy plaintext value. */
export function keyIdOf(stored: string): string | null {
  if (!isEncrypted(stored)) return null;
  const end = stored.indexOf(':', ENCRYPTED_PREFIX.length);
  return end < 0 ? null : stored.slice(ENCRYPTED_PREFIX.length, end);
}

/** `current` encrypts; every key (current and previous) decrypts the values that name its id. */
export function createFieldCipher(current: EncryptionKey, previous: readonly EncryptionKey[] = []): FieldCipher {
  const keys = new Map<string, Buffer>();
  for (const k of [current, ...previous]) {
    if (k.key.length !== 32) throw new EncryptionKeyError(`encryption key "${k.id}" must be 32 bytes, not ${k.key.length}`);
    const known = keys.get(k.id);
    if (known && !known.equals(k.key)) throw new EncryptionKeyError(`two different encryption keys share the id "${k.id}": a key id must name exactly one key`);
    keys.set(k.id, k.key);
  }
  const currentPrefix = `${ENCRYPTED_PREFIX}${current.id}:`;

  function encrypt(plaintext: string, column: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(column, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return currentPrefix + [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join(':');
  }

  function decrypt(stored: string, column: string): string {
    if (!isEncrypted(stored)) return stored;
    const parts = stored.slice(ENCRYPTED_PREFIX.length).split(':');
    const [keyId = '', ivText = '', tagText = '', bodyText] = parts;
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (parts.length !== 4 || bodyText === undefined || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new FieldDecryptionError(`a ${column} value is not a well-formed encrypted value`, column, keyId || null);
    }
    const key = keys.get(keyId);
    if (!key) {
      throw new FieldDecryptionError(
        `a ${column} value is encrypted with key "${keyId}", which is not configured: set it as ENCRYPTION_KEY or add it to ENCRYPTION_OLD_KEYS`,
        column,
        keyId,
      );
    }
    try {
      // authTagLength pins the tag to 16 bytes: a truncated tag would otherwise be accepted.
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(column, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new FieldDecryptionError(`a ${column} value does not decrypt with key "${keyId}": it was altered, or it belongs to another column`, column, keyId);
    }
  }

  return {
    currentKeyId: current.id,
    encrypt,
    decrypt,
    isCurrent: (stored) => stored.startsWith(currentPrefix),
    keyWrap: () => ({
      wrap: (key) => encrypt(key.toString('base64'), ENCRYPTED_COLUMNS.secret),
      unwrap: (wrapped) => Buffer.from(decrypt(wrapped, ENCRYPTED_COLUMNS.secret), 'base64'),
    }),
    deriveSecret: (purpose) => Buffer.from(hkdfSync('sha256', current.key, Buffer.alloc(0), `rapport/${purpose}`, 32)).toString('base64url'),
  };
}

/** A new random key in the ENCRYPTION_KEY format, `<id>:<base64 of 32 bytes>`. */
export function generateKeyText(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** The id of the key the app creates for a SQLite database when ENCRYPTION_KEY is unset. */
export const KEY_FILE_KEY_ID = 'local';

/** Where the zero-setup key of a SQLite database lives: data/rapport.db → data/rapport.key. null for PostgreSQL. */
export function keyFileFor(databaseUrl: string): string | null {
  const source = parseDatabaseUrl(databaseUrl);
  if (source.provider !== 'sqlite') return null;
  const { dir, name } = path.parse(source.file);
  return path.join(dir, `${name}.key`);
}

export interface LoadFieldCipherOptions {
  logger?: Pick<Logger, 'warn'>;
}

/**
 * The cipher the app uses. ENCRYPTION_KEY (+ ENCRYPTION_OLD_KEYS) when set. Otherwise, for SQLite,
 * the key file next to the database, created on first start. With ENCRYPTION_KEY set and a key file
 * present, the file's key stays readable too: setting ENCRYPTION_KEY and running rotate-key moves a
 * zero-setup installation to a managed key.
 */
export function loadFieldCipher(config: Pick<Config, 'encryption' | 'databaseUrl'>, options: LoadFieldCipherOptions = {}): FieldCipher {
  const file = keyFileFor(config.databaseUrl);
  if (config.encryption) {
    const previous = [...config.encryption.previous];
    const fromFile = file === null ? null : readKeyFile(file, options);
    if (fromFile) {
      const same = [config.encryption.current, ...previous].find((k) => k.id === fromFile.id);
      if (same && !same.key.equals(fromFile.key)) {
        throw new EncryptionKeyError(`${file} holds a key with the id "${fromFile.id}", and ENCRYPTION_KEY or ENCRYPTION_OLD_KEYS use that id for another key: give the configured key another id`);
      }
      if (!same) previous.push(fromFile);
    }
    return createFieldCipher(config.encryption.current, previous);
  }
  if (file === null) {
    throw new EncryptionKeyError('ENCRYPTION_KEY is required with PostgreSQL: every replica must use the same key');
  }
  const existing = readKeyFile(file, options);
  if (existing) return createFieldCipher(existing);
  const created = createKeyFile(file);
  if (created.createdHere) {
    options.logger?.warn(
      { keyFile: file },
      'created the encryption key for phone numbers and emails: back this file up together with the database (without it they cannot be read), or set ENCRYPTION_KEY',
    );
  }
  return createFieldCipher(created.key);
}

function readKeyFile(file: string, options: LoadFieldCipherOptions): EncryptionKey | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const key = parseEncryptionKey(text);
  if (!key) throw new EncryptionKeyError(`${file} does not hold an encryption key of the form <key id>:<base64 of 32 bytes>`);
  tightenPermissions(file, options);
  return key;
}

/** Creates the key file atomically: two processes starting at once end up with the same key. */
function createKeyFile(file: string): { key: EncryptionKey; createdHere: boolean } {
  mkdirSync(path.dirname(file), { recursive: true });
  const text = `${generateKeyText(KEY_FILE_KEY_ID)}\n`;
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  let createdHere = true;
  try {
    // link() fails when the name exists, and readers never see a half-written file.
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    createdHere = false;
  } finally {
    unlinkSync(temporary);
  }
  const key = parseEncryptionKey(readFileSync(file, 'utf8'));
  if (!key) throw new EncryptionKeyError(`${file} does not hold an encryption key of the form <key id>:<base64 of 32 bytes>`);
  return { key, createdHere };
}

function tightenPermissions(file: string, options: LoadFieldCipherOptions): void {
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & 0o077) === 0) return;
  try {
    chmodSync(file, 0o600);
  } catch {
    options.logger?.warn({ keyFile: file }, 'the encryption key file is readable by other users and its mode could not be changed: chmod 600 it');
  }
}
