import { describe, expect, it } from 'vitest';
import { matchKey, normalizeForMatch, normalizeName } from '../../../src/chat/text/normalize.js';

describe('normalizeName', () => {
  it('trims, collapses whitespace and lowercases', () => {
    expect(normalizeName('  Acme   Trading\tLtd ')).toBe('acme trading ltd');
  });

  it('folds full-width forms and the ideographic space (NFKC)', () => {
    expect(normalizeName('ＡＣＭＥ　Ｔｒａｄｉｎｇ')).toBe('acme trading');
    expect(normalizeName('上海　贸易')).toBe('上海 贸易');
    expect(normalizeName('ﬁne')).toBe('fine');
  });

  it('is locale-independent (no Turkish dotless i)', () => {
    expect(normalizeName('IBM')).toBe('ibm');
  });

  it('composes decomposed accents', () => {
    expect(normalizeName('Cafe\u0301')).toBe(normalizeName('Café'));
  });

  it('leaves typographic apostrophes alone in the key', () => {
    expect(normalizeName('Bob’s Shop')).toBe('bob’s shop');
  });
});

describe('normalizeForMatch', () => {
  it('agrees with normalizeName apart from quote folding', () => {
    for (const s of ['  Acme   Trading ', 'ＡＣＭＥ　Ｔｒａｄｉｎｇ', '上海　贸易', 'Cafe\u0301 Ünïcode', 'ﬁne']) {
      expect(normalizeForMatch(s).text).toBe(normalizeName(s));
    }
    expect(normalizeForMatch('Bob’s “Shop”').text).toBe('bob\'s "shop"');
  });

  it('maps every normalised character back to the original text', () => {
    const input = '  Visited  ＡＣＭＥ　Trading';
    const n = normalizeForMatch(input);
    expect(n.text).toBe('visited acme trading');
    const at = n.text.indexOf('acme trading');
    const start = n.starts[at]!;
    const end = n.ends[at + 'acme trading'.length - 1]!;
    expect(input.slice(start, end)).toBe('ＡＣＭＥ　Trading');
    expect(n.starts).toHaveLength(n.text.length);
    expect(n.ends).toHaveLength(n.text.length);
  });
});

describe('matchKey', () => {
  it('equals normalizeForMatch(...).text', () => {
    const samples = [
      '  Acme   Trading ',
      'ＡＣＭＥ　Ｔｒａｄｉｎｇ',
      '上海　贸易有限公司',
      'Cafe\u0301',
      'Bob’s “Shop”',
      'ΟΔΥΣΣΕΥΣ',
      'İstanbul Tekstil',
      '\u1100\u1161 한국',
      '',
      '   ',
    ];
    for (const s of samples) expect(matchKey(s)).toBe(normalizeForMatch(s).text);
    expect(matchKey('Bob’s Shop')).toBe("bob's shop");
  });
});
