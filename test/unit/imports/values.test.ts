import { describe, expect, it } from 'vitest';
import { nameKey, parseDate, parseDateTime, parseDecimal, tags } from '../../../src/imports/values.js';

describe('cell values', () => {
  it('reads money as spreadsheets show it, and refuses signs and misplaced separators', () => {
    expect(parseDecimal('1,234.50')).toBe(1234.5);
    expect(parseDecimal('¥1234')).toBe(1234);
    expect(parseDecimal('￥１，２３４．５')).toBe(1234.5);
    expect(parseDecimal('1234元')).toBe(1234);
    expect(parseDecimal('RMB 99')).toBe(99);
    expect(parseDecimal('0')).toBe(0);
    expect(parseDecimal('.5')).toBe(0.5);
    for (const bad of ['-5', '1.234,50', '12,34', '1e5', 'abc', '¥', '1 2 3x', '(12)']) expect(parseDecimal(bad), bad).toBeNull();
  });

  it('normalises dates and refuses impossible or ambiguous ones', () => {
    expect(parseDate('2026-03-05')).toBe('2026-03-05');
    expect(parseDate('2026/3/5')).toBe('2026-03-05');
    expect(parseDate('2026.03.05')).toBe('2026-03-05');
    expect(parseDate('2026年3月5日')).toBe('2026-03-05');
    expect(parseDate('２０２６年１２月３１日')).toBe('2026-12-31');
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '05/03/2026', '2026-03/05', '46086', '2026-3']) expect(parseDate(bad), bad).toBeNull();
  });

  it('keeps a time when there is one, with its offset', () => {
    expect(parseDateTime('2026-03-05')).toBe('2026-03-05');
    expect(parseDateTime('2026-03-05T09:30')).toBe('2026-03-05T09:30:00');
    expect(parseDateTime('2026/3/5 9:30:15')).toBe('2026-03-05T09:30:15');
    expect(parseDateTime('2026-03-05T09:30:15.1234Z')).toBe('2026-03-05T09:30:15.123Z');
    expect(parseDateTime('2026-03-05T09:30:15+0800')).toBe('2026-03-05T09:30:15+08:00');
    expect(parseDateTime('2026-03-05 09:30 -05:00')).toBe('2026-03-05T09:30:00-05:00');
    expect(Date.parse(parseDateTime('2026-03-05T09:30:15+08')!)).toBe(Date.parse('2026-03-05T01:30:15Z'));
    for (const bad of ['2026-03-05T24:00', '2026-03-05T10:60', '2026-02-30T10:00', '2026-03-05T10:00+15:00', 'tomorrow']) expect(parseDateTime(bad), bad).toBeNull();
  });

  it('splits tags on ASCII and Chinese separators and removes repeats', () => {
    expect(tags('vip, east，重点、华东;vip；b2b')).toEqual({ ok: true, value: ['vip', 'east', '重点', '华东', 'b2b'] });
    expect(tags('vip, key account')).toEqual({ ok: false, code: 'bad_tag', value: 'key account' });
    expect(tags(Array.from({ length: 21 }, (_, i) => `t${i}`).join(','))).toEqual({ ok: false, code: 'bad_tag', max: 20 });
    expect(tags(' , ')).toEqual({ ok: false, code: 'bad_tag' });
  });

  it('compares names NFKC, trimmed, spaces collapsed, lower-case', () => {
    expect(nameKey('  ＡＣＭＥ   Trading ')).toBe(nameKey('acme trading'));
  });
});
