// API_KEYS parsing and the key lookup: digests only, compared with crypto.timingSafeEqual.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

// A spy around the real timingSafeEqual, to see the lookup compare digests with it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { timingSafeEqual } = await import('node:crypto');
const { apiKeyFromSecret, findApiKey, parseApiKeys } = await import('../../src/api/api-keys.js');

const SECRET_A = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const SECRET_B = 'Zz9-Yy8_Xx7.Ww6~Vv5:Uu4!Tt3';

function problemsOf(text: string | undefined): string[] {
  const result = parseApiKeys(text);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('parseApiKeys', () => {
  it('reads comma-separated name:secret entries, trimming blanks and skipping empty entries', () => {
    const result = parseApiKeys(` erp : ${SECRET_A} ,, shop-2:${SECRET_B},`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.keys.map((k) => k.name)).toEqual(['erp', 'shop-2']);
    // The secret of the second entry contains a colon: only the first colon separates.
    expect(result.keys[1]!.digest.equals(createHash('sha256').update(SECRET_B).digest())).toBe(true);
  });

  it('unset or blank means no keys (every request is refused)', () => {
    expect(parseApiKeys(undefined)).toEqual({ ok: true, keys: [] });
    expect(parseApiKeys('  ')).toEqual({ ok: true, keys: [] });
  });

  it('keeps only a SHA-256 digest: the secret is nowhere in the key object', () => {
    const result = parseApiKeys(`erp:${SECRET_A}`);
    if (!result.ok) throw new Error('expected keys');
    const [key] = result.keys;
    expect(key!.digest).toHaveLength(32);
    expect(key!.digest.equals(createHash('sha256').update(SECRET_A).digest())).toBe(true);
    expect(JSON.stringify(result.keys)).not.toContain(SECRET_A);
    expect(inspect(result.keys, { depth: 5 })).not.toContain(SECRET_A);
    expect(Object.values(key!).some((v) => typeof v === 'string' && v.includes(SECRET_A))).toBe(false);
  });

  it('reports every problem at once, naming the entry number and never echoing the entry', () => {
    const short = 'tooShort123';
    const problems = problemsOf(`${SECRET_A},erp:${short},bad name:${SECRET_B},erp2:${SECRET_A},erp2:${SECRET_B}`);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^API_KEYS entry 1 is not of the form <name>:<secret>/);
    expect(problems[1]).toMatch(/^API_KEYS entry 2 has a secret shorter than 24 characters/);
    expect(problems[2]).toMatch(/^API_KEYS entry 3 has a name that is not/);
    expect(problems[3]).toMatch(/^API_KEYS entry 5 repeats the name of entry 4/);
    const text = problems.join('\n');
    for (const secret of [SECRET_A, SECRET_B, short]) expect(text).not.toContain(secret);
  });

  it('refuses a secret shared by two clients, and secrets with spaces or non-ASCII', () => {
    const shared = problemsOf(`erp:${SECRET_A},shop:${SECRET_A}`);
    expect(shared).toEqual([expect.stringMatching(/^API_KEYS entry 2 has the same secret as entry 1/)]);
    const odd = problemsOf(`erp:${'x'.repeat(20)} yyyy,shop:${'ü'.repeat(30)}`);
    expect(odd).toHaveLength(2);
    expect(odd[0]).toMatch(/entry 1 has a secret with spaces/);
    expect(odd[1]).toMatch(/entry 2 has a secret with spaces or characters other than printable ASCII/);
  });

  it('reports a bad name and a short secret of one entry in one line', () => {
    expect(problemsOf('b@d:short')).toEqual([expect.stringMatching(/^API_KEYS entry 1 has a name that is not .* and has a secret shorter than 24/)]);
  });
});

describe('findApiKey', () => {
  const keys = [apiKeyFromSecret('erp', SECRET_A), apiKeyFromSecret('shop', SECRET_B)];

  it('finds the key of a secret by comparing digests with timingSafeEqual, against every key', () => {
    const spy = vi.mocked(timingSafeEqual);
    spy.mockClear();
    expect(findApiKey(keys, SECRET_A)?.name).toBe('erp');
    // No early exit: both keys were compared, always as two 32-byte digests.
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
    expect(findApiKey(keys, SECRET_B)?.name).toBe('shop');
  });

  it('refuses near misses: one character off, a prefix, an extension, another case', () => {
    const oneOff = `${SECRET_A.slice(0, -1)}7`;
    for (const wrong of [oneOff, SECRET_A.slice(0, -1), `${SECRET_A}0`, SECRET_A.toUpperCase(), '', 'erp']) {
      expect(findApiKey(keys, wrong)).toBeNull();
    }
    expect(findApiKey([], SECRET_A)).toBeNull();
  });
});
