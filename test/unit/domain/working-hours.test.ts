import { describe, expect, it } from 'vitest';
import { nextWorkingInstant, parseHoursRange } from '../../../src/domain/working-hours.js';

const weekdays = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

describe('working hours', () => {
  it('moves a 02:00 callback to 09:00 local, and a Saturday one to Monday', () => {
    // Tue 24 Nov 2026 02:00 in Shanghai → 09:00 the same day.
    expect(nextWorkingInstant(new Date('2026-11-23T18:00:00Z'), weekdays, 'Asia/Shanghai').toISOString()).toBe('2026-11-24T01:00:00.000Z');
    // Sat 28 Nov 10:00 Shanghai → Mon 30 Nov 09:00.
    expect(nextWorkingInstant(new Date('2026-11-28T02:00:00Z'), weekdays, 'Asia/Shanghai').toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // Inside working hours: unchanged.
    expect(nextWorkingInstant(new Date('2026-11-24T03:30:00Z'), weekdays, 'Asia/Shanghai').toISOString()).toBe('2026-11-24T03:30:00.000Z');
    // After hours (19:00) → next morning.
    expect(nextWorkingInstant(new Date('2026-11-24T11:00:00Z'), weekdays, 'Asia/Shanghai').toISOString()).toBe('2026-11-25T01:00:00.000Z');
  });

  it('is right across a DST change (New York falls back on Sun 1 Nov 2026)', () => {
    // Sat 31 Oct 20:00 EDT (00:00Z Sun) → Mon 2 Nov 09:00 EST = 14:00Z (not 13:00Z as EDT would give).
    expect(nextWorkingInstant(new Date('2026-11-01T00:00:00Z'), weekdays, 'America/New_York').toISOString()).toBe('2026-11-02T14:00:00.000Z');
    // Fri 30 Oct 19:00 EDT → Mon 2 Nov 09:00 EST.
    expect(nextWorkingInstant(new Date('2026-10-30T23:00:00Z'), weekdays, 'America/New_York').toISOString()).toBe('2026-11-02T14:00:00.000Z');
    // Spring forward (8 Mar 2026): Sat 7 Mar noon EST → Mon 9 Mar 09:00 EDT = 13:00Z.
    expect(nextWorkingInstant(new Date('2026-03-07T17:00:00Z'), weekdays, 'America/New_York').toISOString()).toBe('2026-03-09T13:00:00.000Z');
  });

  it('honours custom hours and days', () => {
    const late = { start: '10:00', end: '19:00', days: [1, 2, 3, 4, 5, 6] };
    // Sat 28 Nov 08:00 Shanghai → Sat 10:00 (Saturday is a working day here).
    expect(nextWorkingInstant(new Date('2026-11-28T00:00:00Z'), late, 'Asia/Shanghai').toISOString()).toBe('2026-11-28T02:00:00.000Z');
  });

  it('reads hour ranges and refuses impossible ones', () => {
    expect(parseHoursRange('10:00-19:00')).toEqual({ start: '10:00', end: '19:00' });
    expect(parseHoursRange('9:30-18:00')).toEqual({ start: '09:30', end: '18:00' });
    expect(parseHoursRange('25:00-9:00')).toBeNull();
    expect(parseHoursRange('18:00-09:00')).toBeNull();
    expect(parseHoursRange('9-5')).toBeNull();
  });
});
