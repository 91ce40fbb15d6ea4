import { describe, expect, it } from 'vitest';
import { wordsOfName } from '../../../src/domain/name-match.js';

describe('wordsOfName: how far a part of a name typed without quotes runs', () => {
  it('accepts words of the name, their beginnings and typos, in any order', () => {
    expect(wordsOfName('blue cedar', 'blue cedar apparel')).toBe(true);
    expect(wordsOfName('cedar aparel', 'blue cedar apparel')).toBe(true);
    expect(wordsOfName('blue ced', 'blue cedar apparel')).toBe(true);
  });

  it('stops at a word that is not in the name: a date, a stage, a question', () => {
    expect(wordsOfName('blue cedar tomorrow', 'blue cedar apparel')).toBe(false);
    expect(wordsOfName('blue cedar active', 'blue cedar apparel')).toBe(false);
    // "in" is two letters from "ap": short words must be exact, never a typo
    expect(wordsOfName('blue cedar in', 'blue cedar apparel')).toBe(false);
  });
});
