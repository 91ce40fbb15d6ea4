// The store's settings: where the database is, and the keys for phone numbers and emails at rest.
import { defineSection, issue, optionalText, splitList } from './section.js';

/** Where the SQLite file is when DATABASE_URL is unset (src/store/datasource.ts reads it from here). */
export const DEFAULT_DATABASE_URL = 'file:./data/rapport.db';

export interface EncryptionKey {
  /** Stored with every value it encrypts, so a value names the key that reads it. */
  id: string;
  /** 32 bytes. Non-enumerable: printing or serialising a config never shows it. */
  key: Buffer;
}

export interface StoreConfig {
  databaseUrl: string;
  databaseProvider: 'sqlite' | 'postgresql';
  /**
   * Keys for phone numbers and emails at rest: `current` encrypts, `previous` only decrypt (values
   * not yet re-encrypted by `npm run rotate-key`). null = SQLite's key file (src/store/field-cipher.ts).
   */
  encryption: { current: EncryptionKey; previous: EncryptionKey[] } | null;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const KEY_EXAMPLE = 'k1:$(openssl rand -base64 32)';

/** What is wrong with an `<id>:<base64 of 32 bytes>` key text, or null when it is fine. Never quotes the key. */
export function encryptionKeyProblem(text: string): string | null {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return 'is not of the form <key id>:<base64 of 32 bytes>';
  if (!KEY_ID.test(trimmed.slice(0, colon))) return 'has a key id that is not 1–32 letters, digits, _ or -';
  const material = trimmed.slice(colon + 1);
  if (!BASE64.test(material)) return 'has a key that is not base64';
  const bytes = Buffer.from(material, 'base64').length;
  return bytes === 32 ? null : `has a key of ${bytes} bytes instead of 32`;
}

/** `<id>:<base64 of 32 bytes>` → key, or null when malformed (see encryptionKeyProblem for why). */
export function parseEncryptionKey(text: string): EncryptionKey | null {
  if (encryptionKeyProblem(text) !== null) return null;
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const result = { id: trimmed.slice(0, colon) } as EncryptionKey;
  Object.defineProperty(result, 'key', { value: Buffer.from(trimmed.slice(colon + 1), 'base64'), enumerable: false });
  return result;
}

const isPostgres = (url: string | undefined) => url !== undefined && /^postgres(ql)?:\/\//.test(url);

export const storeSection = defineSection<StoreConfig>({
  name: 'store',
  shape: {
    DATABASE_URL: optionalText.refine((v) => v === undefined || v.startsWith('file:') || v.startsWith('postgresql://') || v.startsWith('postgres://'), {
      message:
        'DATABASE_URL must start with "file:" (SQLite, e.g. file:./data/rapport.db) or "postgresql://" / "postgres://" (PostgreSQL), or be left unset for the default SQLite file.',
    }),
    ENCRYPTION_KEY: optionalText.superRefine((v, ctx) => {
      const problem = v === undefined ? null : encryptionKeyProblem(v);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `ENCRYPTION_KEY ${problem}: it must be "<key id>:<base64 of 32 random bytes>", e.g. ${KEY_EXAMPLE}; the key id is 1–32 letters, digits, _ or -.`,
        });
      }
    }),
    ENCRYPTION_OLD_KEYS: optionalText.superRefine((v, ctx) => {
      splitList(v ?? '').forEach((entry, index) => {
        const problem = encryptionKeyProblem(entry);
        if (problem) {
          ctx.addIssue({
            code: 'custom',
            message: `ENCRYPTION_OLD_KEYS entry ${index + 1} ${problem}: it must be a comma-separated list of "<key id>:<base64 of 32 bytes>" (the keys you rotated away from).`,
          });
        }
      });
    }),
  },
  check(env, ctx) {
    const keys = [env.ENCRYPTION_KEY, ...splitList(env.ENCRYPTION_OLD_KEYS ?? '')].flatMap((text) => {
      const key = text === undefined ? null : parseEncryptionKey(text);
      return key ? [key] : [];
    });
    const duplicates = [...new Set(keys.map((k) => k.id).filter((id, i, ids) => ids.indexOf(id) !== i))];
    for (const id of duplicates) {
      issue(ctx, 'ENCRYPTION_OLD_KEYS', `The key id "${id}" appears more than once in ENCRYPTION_KEY and ENCRYPTION_OLD_KEYS: a key id names exactly one key, so give a new key a new id.`);
    }
    if (env.ENCRYPTION_OLD_KEYS !== undefined && env.ENCRYPTION_KEY === undefined) {
      issue(ctx, 'ENCRYPTION_KEY', 'ENCRYPTION_OLD_KEYS needs ENCRYPTION_KEY as well: the old keys only decrypt, ENCRYPTION_KEY is the key new values are encrypted with.');
    }
    if (isPostgres(env.DATABASE_URL) && env.ENCRYPTION_KEY === undefined) {
      issue(
        ctx,
        'ENCRYPTION_KEY',
        `ENCRYPTION_KEY is required with PostgreSQL (every replica must use the same key): set it to ${KEY_EXAMPLE} and keep it safe; without it the encrypted phone numbers and emails cannot be read.`,
      );
    }
  },
  read(env) {
    const databaseUrl = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    return {
      databaseUrl,
      databaseProvider: databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql',
      encryption:
        env.ENCRYPTION_KEY !== undefined
          ? { current: parseEncryptionKey(env.ENCRYPTION_KEY)!, previous: splitList(env.ENCRYPTION_OLD_KEYS ?? '').map((k) => parseEncryptionKey(k)!) }
          : null,
    };
  },
});
