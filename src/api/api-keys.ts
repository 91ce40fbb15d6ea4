// API keys of the REST API (env API_KEYS = "name:secret,name:secret"): the name labels the client
// in logs, the secret authenticates it. Only a SHA-256 of each secret is kept in memory, and a
// presented key is hashed and compared digest to digest with crypto.timingSafeEqual: equal-length
// inputs whatever the key's length, and no early exit on the first differing byte.
// Zod-free on purpose: src/config/env.ts can call parseApiKeys from its own schema and report the
// problems alongside the others. Problems name the entry number, never its text (it may be a secret).
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ApiKey {
  /** The client's label, for logs. */
  readonly name: string;
  /** SHA-256 of the secret (32 bytes). The secret itself is not kept. */
  readonly digest: Buffer;
}

export const API_KEY_MIN_SECRET_LENGTH = 24;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
// Printable ASCII without spaces: it travels in an HTTP header. Commas separate the entries.
const SECRET = /^[\x21-\x2B\x2D-\x7E]+$/;
const FORMAT_HINT =
  'API_KEYS must be a comma-separated list of "<name>:<secret>", e.g. erp:$(openssl rand -hex 24); the name (1–64 letters, digits, _, . or -) labels the client in logs, the secret is at least 24 characters without spaces or commas.';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** A key from its name and secret; only the secret's digest is kept. */
export function apiKeyFromSecret(name: string, secret: string): ApiKey {
  return { name, digest: sha256(secret) };
}

/**
 * API_KEYS → keys. Unset or blank → no keys (every request is refused with 401). Every problem is
 * reported at once, one line each, naming the entry by its position (1 = first).
 */
export function parseApiKeys(text: string | undefined): { ok: true; keys: ApiKey[] } | { ok: false; problems: string[] } {
  const entries = (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const problems: string[] = [];
  const keys: ApiKey[] = [];
  const namesSeen = new Map<string, number>();
  const digestsSeen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const number = index + 1;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`API_KEYS entry ${number} is not of the form <name>:<secret>. ${FORMAT_HINT}`);
      return;
    }
    const name = entry.slice(0, colon).trim();
    const secret = entry.slice(colon + 1).trim();
    const entryProblems: string[] = [];
    if (!NAME.test(name)) entryProblems.push('has a name that is not 1–64 letters, digits, _, . or -');
    if (secret.length < API_KEY_MIN_SECRET_LENGTH) entryProblems.push(`has a secret shorter than ${API_KEY_MIN_SECRET_LENGTH} characters`);
    else if (!SECRET.test(secret)) entryProblems.push('has a secret with spaces or characters other than printable ASCII');
    if (entryProblems.length > 0) {
      problems.push(`API_KEYS entry ${number} ${entryProblems.join(' and ')}. ${FORMAT_HINT}`);
      return;
    }
    const key = apiKeyFromSecret(name, secret);
    const sameName = namesSeen.get(name);
    const sameSecret = digestsSeen.get(key.digest.toString('hex'));
    if (sameName !== undefined) {
      problems.push(`API_KEYS entry ${number} repeats the name of entry ${sameName}: give every client a name of its own, so the logs tell them apart.`);
    }
    if (sameSecret !== undefined) {
      problems.push(`API_KEYS entry ${number} has the same secret as entry ${sameSecret}: give every client a secret of its own.`);
    }
    if (sameName !== undefined || sameSecret !== undefined) return;
    namesSeen.set(name, number);
    digestsSeen.set(key.digest.toString('hex'), number);
    keys.push(key);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, keys };
}

/**
 * The key whose secret is `presented`, or null. Compares against every key (no early exit), each
 * comparison in constant time over two 32-byte digests.
 */
export function findApiKey(keys: readonly ApiKey[], presented: string): ApiKey | null {
  const digest = sha256(presented);
  let match: ApiKey | null = null;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, digest) && match === null) match = key;
  }
  return match;
}
