// Dates that are refused with a reason (too far ahead, not in the calendar) and the month words
// (月底, 下个月初, end of month …), in the rep's timezone.
import { describe, expect, it } from 'vitest';
import { impossibleDateIn, isTooFarAhead, latestAllowed, MAX_YEARS_AHEAD } from '../../../src/chat/text/date-limits.js';
import { parseWhen, type WhenResult } from '../../../src/chat/text/dates.js';
import { parseSentence } from '../../../src/chat/text/sentence.js';

// Tuesday 2026-11-24 10:00 in Shanghai; a date without a time is 09:00 local = 01:00Z.
const NOW = new Date('2026-11-24T02:00:00Z');
const when = (text: string, now = NOW): WhenResult => parseWhen(text, { now, timezone: 'Asia/Shanghai', locale: /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en' });
const day = (text: string, now = NOW) => {
  const w = when(text, now);
  return w.ok ? w.date.toISOString() : w.code;
};

describe('the limit ahead', () => {
  it('is five years, one constant, from now', () => {
    expect(MAX_YEARS_AHEAD).toBe(5);
    expect(latestAllowed(NOW).toISOString()).toBe('2031-11-24T02:00:00.000Z');
    expect(isTooFarAhead(new Date('2031-11-24T02:00:00Z'), NOW)).toBe(false);
    expect(isTooFarAhead(new Date('2031-11-24T02:00:00.001Z'), NOW)).toBe(true);
  });

  it('refuses dates beyond it, naming the limit', () => {
    expect(when('in 1000 years')).toEqual({ ok: false, code: 'too_far', limitYears: 5 });
    expect(when('2999-01-01')).toEqual({ ok: false, code: 'too_far', limitYears: 5 });
    expect(when('10年后')).toEqual({ ok: false, code: 'too_far', limitYears: 5 });
    // 2031-11-24 09:00 Shanghai is before the limit (10:00); in 5 years and a day is not.
    expect(day('in 5 years')).toBe('2031-11-24T01:00:00.000Z');
    expect(when('2031-11-25')).toMatchObject({ ok: false, code: 'too_far' });
  });
});

describe('days the calendar does not have', () => {
  it('are found in English, Chinese and ISO dates, and real ones are not', () => {
    expect(impossibleDateIn('follow up on Feb 30')).toBe('Feb 30');
    expect(impossibleDateIn('2月30日回访')).toBe('2月30日');
    expect(impossibleDateIn('二月三十号')).toBe('二月三十号');
    expect(impossibleDateIn('April 31st')).toBe('April 31st');
    expect(impossibleDateIn('the 31st of June')).toBe('31st of June');
    expect(impossibleDateIn('13月5日')).toBe('13月5日');
    expect(impossibleDateIn('2027-02-29')).toBe('2027-02-29');
    // 2028 is a leap year; Feb 29 without a year may be one.
    for (const real of ['2028-02-29', 'Feb 29', '2月29日', 'Jan 31', '12月31日', 'may 5', 'called them']) expect(impossibleDateIn(real)).toBeNull();
    // "may" is also a verb: beyond 31 it is not read as a date.
    expect(impossibleDateIn('they may 40 units order')).toBeNull();
    expect(impossibleDateIn('2月45日')).toBe('2月45日');
  });

  it('are refused by parseWhen with the words typed', () => {
    expect(when('Feb 30')).toEqual({ ok: false, code: 'impossible', text: 'Feb 30' });
    expect(when('2月30日回访')).toEqual({ ok: false, code: 'impossible', text: '2月30日' });
    expect(when('blorp')).toEqual({ ok: false, code: 'unparseable' });
  });

  it('in a sentence: no follow-up, and the reason kept to be said', () => {
    const names = [{ id: 1, name: 'Acme' }];
    const opts = { now: NOW, timezone: 'Asia/Shanghai', customerNames: names };
    expect(parseSentence('called Acme, follow up on Feb 30', opts)).toMatchObject({ followUp: null, followUpProblem: { problem: { code: 'impossible', text: 'Feb 30' }, text: 'Feb 30' } });
    expect(parseSentence('给Acme打了电话，2月30日回访', opts)).toMatchObject({ followUp: null, followUpProblem: { problem: { code: 'impossible' }, text: '2月30日' } });
    expect(parseSentence('called Acme, follow up in 1000 years', opts)).toMatchObject({ followUp: null, followUpProblem: { problem: { code: 'too_far', limitYears: 5 }, text: 'in 1000 years' } });
    expect(parseSentence('called Acme, follow up next friday', opts).followUpProblem).toBeUndefined();
  });
});

describe('beginnings and ends of months', () => {
  it('end of month is the last day of this month; 月底前 too', () => {
    for (const text of ['end of month', 'end of the month', 'by the end of the month', 'end of this month', '月底', '月底前', '月末', '本月底']) expect(day(text), text).toBe('2026-11-30T01:00:00.000Z');
    expect(day('end of next month')).toBe('2026-12-31T01:00:00.000Z');
    expect(day('下个月底')).toBe('2026-12-31T01:00:00.000Z');
  });

  it('the beginning of next month is the 1st of next month; 月初 is the coming 1st', () => {
    for (const text of ['beginning of next month', 'start of next month', 'the beginning of next month', '下个月初', '下月初', '月初', 'beginning of the month']) expect(day(text), text).toBe('2026-12-01T01:00:00.000Z');
    // On the 1st itself (10:00 Shanghai), 月初 is today; across a year end, next month is January.
    expect(day('月初', new Date('2026-12-01T02:00:00Z'))).toBe('2026-12-01T01:00:00.000Z');
    expect(day('下个月初', new Date('2026-12-15T02:00:00Z'))).toBe('2027-01-01T01:00:00.000Z');
    expect(day('月底', new Date('2028-02-10T02:00:00Z'))).toBe('2028-02-29T01:00:00.000Z');
  });

  it('is the Shanghai calendar, not the server’s: 23:30 UTC on 30 Nov is already December there', () => {
    expect(day('月底', new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-31T01:00:00.000Z');
    expect(day('下个月初', new Date('2026-11-30T23:30:00Z'))).toBe('2027-01-01T01:00:00.000Z');
  });

  it('in a sentence, as the follow-up', () => {
    const opts = { now: NOW, timezone: 'Asia/Shanghai', customerNames: [{ id: 1, name: '上海贸易' }] };
    expect(parseSentence('给上海贸易打了电话，下个月初回访', opts).followUp?.date.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(parseSentence('called 上海贸易, follow up by the end of the month', opts).followUp?.date.toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });
});
