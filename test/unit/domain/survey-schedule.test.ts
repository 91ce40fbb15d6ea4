import { describe, expect, it } from 'vitest';
import { describeSchedule, nextRunAfter, parseSurveySchedule, type SurveySchedule } from '../../../src/domain/survey-schedule.js';

function schedule(text: string): SurveySchedule {
  const parsed = parseSurveySchedule(text);
  if (!parsed.ok) throw new Error(`"${text}" was refused: ${parsed.reason}`);
  return parsed.schedule;
}

/** Every run in (from, until), stepping nextRunAfter from each run to the next. */
function runsBetween(s: SurveySchedule, from: string, until: string, timezone: string): Date[] {
  const runs: Date[] = [];
  for (let at = nextRunAfter(s, new Date(from), timezone); at < new Date(until); at = nextRunAfter(s, at, timezone)) runs.push(at);
  return runs;
}

const localClock = (instant: Date, timezone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);

describe('parseSurveySchedule', () => {
  it.each([
    ['every week', 'weekly', '0 10 * * 1'], ['weekly', 'weekly', '0 10 * * 1'], ['每周', 'weekly', '0 10 * * 1'],
    ['every month', 'monthly', '0 10 1 * *'], ['monthly', 'monthly', '0 10 1 * *'], ['每月', 'monthly', '0 10 1 * *'],
    ['every quarter', 'quarterly', '0 10 1 1,4,7,10 *'], ['quarterly', 'quarterly', '0 10 1 1,4,7,10 *'],
    ['每季度', 'quarterly', '0 10 1 1,4,7,10 *'], ['每季', 'quarterly', '0 10 1 1,4,7,10 *'],
    ['every year', 'yearly', '0 10 * 1 1#2'], ['yearly', 'yearly', '0 10 * 1 1#2'], ['annually', 'yearly', '0 10 * 1 1#2'], ['每年', 'yearly', '0 10 * 1 1#2'],
  ])('reads "%s" as %s', (text, label, cron) => {
    expect(parseSurveySchedule(text)).toEqual({ ok: true, schedule: { cron, label } });
  });

  it('ignores case, extra spaces and quotes around a phrase', () => {
    expect(schedule('  Every   QUARTER ').label).toBe('quarterly');
    expect(schedule('"Weekly"').label).toBe('weekly');
    expect(schedule('每 季度').label).toBe('quarterly');
  });

  it('accepts a 5-field cron, bare, quoted or after "cron"', () => {
    for (const text of ['0 9 * * 1', '"0 9 * * 1"', '`0 9 * * 1`', 'cron 0 9 * * 1', 'CRON: "0  9 * * 1"', 'cron `0 9 * * 1`']) {
      expect(parseSurveySchedule(text), text).toEqual({ ok: true, schedule: { cron: '0 9 * * 1', label: 'custom' } });
    }
    expect(schedule('30 9 1,15 * *').cron).toBe('30 9 1,15 * *');
    expect(schedule('0 9 * * mon-fri').cron).toBe('0 9 * * mon-fri'); // daily on weekdays: once a day is fine
    expect(schedule('0 10 * * *').label).toBe('custom');
  });

  it('refuses a 6-field (seconds) cron, macros, hashed values and impossible dates as invalid_cron', () => {
    for (const text of ['0 0 9 * * 1', 'cron 0 0 9 * * 1', '0 9 * *', '0 9 * * 1 2027', '@weekly', 'H 9 * * 1', '0 9 31 2 *', '0 25 * * *', '61 9 * * 1', 'cron', 'cron every week']) {
      expect(parseSurveySchedule(text), text).toEqual({ ok: false, reason: 'invalid_cron' });
    }
  });

  it('refuses anything that can fire twice within 24 hours as too_frequent', () => {
    for (const text of ['* * * * *', '0 */2 * * *', '0 9,17 * * 1', '*/30 9 1 * *', '0 0-1 1 1 *']) {
      expect(parseSurveySchedule(text), text).toEqual({ ok: false, reason: 'too_frequent' });
    }
  });

  it('tells empty input from unknown words', () => {
    expect(parseSurveySchedule('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(parseSurveySchedule('""')).toEqual({ ok: false, reason: 'empty' });
    for (const text of ['every fortnight', '每天两次', 'constructor', 'half-yearly']) {
      expect(parseSurveySchedule(text), text).toEqual({ ok: false, reason: 'unknown' });
    }
  });
});

describe('nextRunAfter', () => {
  const quarterly = schedule('every quarter');

  it('gives the next quarter start at 10:00 Shanghai time, strictly after the given instant', () => {
    const first = nextRunAfter(quarterly, new Date('2026-11-24T00:00:00Z'), 'Asia/Shanghai');
    expect(first.toISOString()).toBe('2027-01-01T02:00:00.000Z');
    expect(nextRunAfter(quarterly, first, 'Asia/Shanghai').toISOString()).toBe('2027-04-01T02:00:00.000Z');
    expect(nextRunAfter(quarterly, new Date(first.getTime() - 1), 'Asia/Shanghai')).toEqual(first);
  });

  it('over one year from 2026-11-24 runs 4 times quarterly, 12 monthly, 52 weekly, once yearly', () => {
    const count = (text: string) => runsBetween(schedule(text), '2026-11-24T00:00:00Z', '2027-11-24T00:00:00Z', 'Asia/Shanghai');
    expect(count('every quarter').map((d) => d.toISOString().slice(0, 10))).toEqual(['2027-01-01', '2027-04-01', '2027-07-01', '2027-10-01']);
    expect(count('every month')).toHaveLength(12);
    // 2026-11-24 is a Tuesday: Mondays from 2026-11-30 to 2027-11-22 are 357 days apart, 357 / 7 + 1 = 52.
    const weekly = count('every week');
    expect(weekly).toHaveLength(52);
    expect(weekly.every((d) => localClock(d, 'Asia/Shanghai') === 'Mon 10:00')).toBe(true);
    // The second Monday of January 2027 is the 11th.
    expect(count('every year').map((d) => d.toISOString())).toEqual(['2027-01-11T02:00:00.000Z']);
  });

  it('keeps weekly runs at 10:00 local across the March DST change in New York', () => {
    const runs = runsBetween(schedule('weekly'), '2027-02-24T00:00:00Z', '2027-04-01T00:00:00Z', 'America/New_York');
    expect(runs.map((d) => d.toISOString())).toEqual([
      '2027-03-01T15:00:00.000Z', '2027-03-08T15:00:00.000Z', // EST, UTC-5
      '2027-03-15T14:00:00.000Z', '2027-03-22T14:00:00.000Z', '2027-03-29T14:00:00.000Z', // EDT from 14 March
    ]);
    expect(runs.every((d) => localClock(d, 'America/New_York') === 'Mon 10:00')).toBe(true);
  });

  it('reads a custom cron in the given timezone and refuses an unknown zone', () => {
    expect(nextRunAfter(schedule('0 9 * * 1'), new Date('2026-11-24T00:00:00Z'), 'Europe/London').toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(() => nextRunAfter(quarterly, new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('describeSchedule', () => {
  it.each([
    ['every week', 'every week', '每周'], ['monthly', 'every month', '每月'],
    ['每季度', 'every quarter', '每季度'], ['annually', 'every year', '每年'],
    ['cron "0 9 * * 1"', 'cron `0 9 * * 1`', '按 cron `0 9 * * 1`'],
  ])('describes "%s"', (text, en, zh) => {
    expect(describeSchedule(schedule(text), 'en')).toBe(en);
    expect(describeSchedule(schedule(text), 'zh')).toBe(zh);
  });
});
