// The report's period and NPS trend buckets on the reader's calendar (Shanghai vs UTC vs a DST change).
import { describe, expect, it } from 'vitest';
import { addDays, periodRange, trendBuckets } from '../../../src/domain/report-calendar.js';

// Wednesday 2026-12-02 10:00 UTC = 18:00 in Shanghai.
const NOW = new Date('2026-12-02T10:00:00Z');
const iso = (d: Date) => d.toISOString();

describe('report calendar', () => {
  it('adds calendar days across months and years', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('starts the week at the reader’s midnight six days ago and ends now, included', () => {
    // Shanghai: 2026-11-26 00:00 +08:00 = 11-25 16:00 UTC. UTC: 2026-11-26 00:00.
    expect(iso(periodRange('week', NOW, 'Asia/Shanghai').from)).toBe('2026-11-25T16:00:00.000Z');
    expect(iso(periodRange('week', NOW, 'UTC').from)).toBe('2026-11-26T00:00:00.000Z');
    expect(periodRange('week', NOW, 'UTC').to.getTime()).toBe(NOW.getTime() + 1);
  });

  it('splits a week into seven local days, the last one up to now', () => {
    const shanghai = trendBuckets('week', NOW, 'Asia/Shanghai');
    expect(shanghai.map((b) => iso(b.from))).toEqual([
      '2026-11-25T16:00:00.000Z', '2026-11-26T16:00:00.000Z', '2026-11-27T16:00:00.000Z', '2026-11-28T16:00:00.000Z',
      '2026-11-29T16:00:00.000Z', '2026-11-30T16:00:00.000Z', '2026-12-01T16:00:00.000Z',
    ]);
    expect(iso(shanghai[5]!.to)).toBe('2026-12-01T16:00:00.000Z');
    expect(shanghai[6]!.to.getTime()).toBe(NOW.getTime() + 1);
    const utc = trendBuckets('week', NOW, 'UTC');
    expect(utc.map((b) => iso(b.from).slice(0, 13))).toEqual(['2026-11-26T00', '2026-11-27T00', '2026-11-28T00', '2026-11-29T00', '2026-11-30T00', '2026-12-01T00', '2026-12-02T00']);
    // 00:30 on 1 December in Shanghai is 30 November in UTC: a different point of the trend.
    const answer = new Date('2026-11-30T16:30:00Z');
    const index = (buckets: typeof utc) => buckets.findIndex((b) => b.from <= answer && answer < b.to);
    expect(index(shanghai)).toBe(5); // 1 Dec
    expect(index(utc)).toBe(4); // 30 Nov
  });

  it('splits a month into Monday-to-Sunday weeks cut at the period’s ends, covering it exactly', () => {
    // 30 days up to Wed 2 Dec: from Tue 3 Nov. Weeks: 3–8 Nov (Tue–Sun), 9–15, 16–22, 23–29, 30 Nov–now.
    const buckets = trendBuckets('month', NOW, 'Asia/Shanghai');
    expect(buckets.map((b) => iso(b.from))).toEqual([
      '2026-11-02T16:00:00.000Z', '2026-11-08T16:00:00.000Z', '2026-11-15T16:00:00.000Z', '2026-11-22T16:00:00.000Z', '2026-11-29T16:00:00.000Z',
    ]);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.from.getTime()).toBe(buckets[i - 1]!.to.getTime());
    expect(buckets[0]!.from.getTime()).toBe(periodRange('month', NOW, 'Asia/Shanghai').from.getTime());
    // A quarter: 91 days from Thu 3 Sep; 13 weeks, the first Thu–Sun, the last Mon 30 Nov – now.
    const quarter = trendBuckets('quarter', NOW, 'UTC');
    expect(iso(quarter[0]!.from)).toBe('2026-09-03T00:00:00.000Z');
    expect(iso(quarter[0]!.to)).toBe('2026-09-07T00:00:00.000Z');
    expect(quarter).toHaveLength(14);
    expect(iso(quarter.at(-1)!.from)).toBe('2026-11-30T00:00:00.000Z');
  });

  it('keeps local midnights across a DST change (a 25-hour day in London)', () => {
    const buckets = trendBuckets('week', new Date('2026-10-28T12:00:00Z'), 'Europe/London');
    const hours = buckets.slice(0, -1).map((b) => (b.to.getTime() - b.from.getTime()) / 3_600_000);
    // 22–27 October; the clocks go back on Sunday 25 October.
    expect(iso(buckets[0]!.from)).toBe('2026-10-21T23:00:00.000Z');
    expect(hours).toEqual([24, 24, 24, 25, 24, 24]);
  });
});
