import { describe, expect, it } from 'vitest';
import { allowedEdits, editDistance, nearMisses, nearMissDistance } from '../../../src/domain/name-match.js';
import { peopleNamed } from '../../../src/domain/users.js';
import type { User } from '../../../src/domain/types.js';

describe('editDistance (Damerau–Levenshtein, optimal string alignment)', () => {
  it('counts inserts, deletes, substitutions and a swap of neighbours as one edit each', () => {
    expect(editDistance('acme', 'acme', 2)).toBe(0);
    expect(editDistance('acmee', 'acme', 2)).toBe(1);
    expect(editDistance('acm', 'acme', 2)).toBe(1);
    expect(editDistance('acne', 'acme', 2)).toBe(1);
    expect(editDistance('lgo', 'log', 2)).toBe(1); // a swap, not two substitutions
    expect(editDistance('custmer', 'customer', 2)).toBe(1);
    expect(editDistance('华东贸意', '华东贸易', 2)).toBe(1);
    expect(editDistance('华东易', '华东贸易', 2)).toBe(1);
  });

  it('stops at the bound: anything further is max + 1', () => {
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });
});

describe('near misses', () => {
  it('allows more edits for longer words, none for one or two letters, one for Chinese of three or more', () => {
    expect(allowedEdits('ab')).toBe(0);
    expect(allowedEdits('lgo')).toBe(1);
    expect(allowedEdits('customer')).toBe(2);
    expect(allowedEdits('华东')).toBe(0);
    expect(allowedEdits('华东贸')).toBe(1);
  });

  it('compares with the beginning of a longer name, so a typo of its first word is found', () => {
    expect(nearMissDistance('acmee', 'acme trading')).toBe(1);
    expect(nearMissDistance('华东贸意', '华东贸易集团')).toBe(1);
    expect(nearMissDistance('zenith', 'acme trading')).toBeNull();
    expect(nearMissDistance('ab', 'abc')).toBeNull();
  });

  it('ranks the closest first and leaves out the exact one and the far ones', () => {
    const names = ['acme trading', 'acne foods', 'beta', 'acme'];
    expect(nearMisses('acmee', names, (n) => n, 5)).toEqual(['acme', 'acme trading']);
    expect(nearMisses('remnd', ['remind', 'report', 'role'], (n) => n, 1)).toEqual(['remind']);
    expect(nearMisses('华东贸意', ['华东贸易', '华南物流'], (n) => n, 5)).toEqual(['华东贸易']);
  });
});

describe('peopleNamed', () => {
  const person = (id: number, externalId: string, displayName: string): User => ({
    id, accounts: [{ platform: 'slack', externalId, workspaceId: '', lastUsedAt: null }], notifyPlatform: null, displayName, role: 'rep', locale: null, localeSeenAt: null, timezone: null, managerId: null,
    workingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
  });
  const people = [person(1, 'U0BOB00001', 'Bob Smith'), person(2, 'U0BOB00002', 'Bob Lee'), person(3, 'U0LI000001', '李雷'), person(4, 'U0ANN00001', 'Ann')];
  const ids = (typed: string) => peopleNamed(typed, people).people.map((p) => p.id);

  it('finds people by platform id, mention, whole display name in any case, and the start of a word', () => {
    expect(ids('U0BOB00001')).toEqual([1]);
    expect(ids('<@U0LI000001|li>')).toEqual([3]);
    expect(ids('@bob smith')).toEqual([1]);
    expect(ids('＠李雷')).toEqual([3]);
    expect(ids('@ann')).toEqual([4]);
    expect(ids('@smith')).toEqual([1]);
  });

  it('returns every match when several fit, and marks typos as near misses', () => {
    expect(ids('@bob')).toEqual([1, 2]);
    expect(peopleNamed('@bob smiht', people)).toMatchObject({ nearMiss: true, people: [{ id: 1 }] });
    expect(peopleNamed('@nobody', people)).toEqual({ people: [], nearMiss: true });
  });
});
