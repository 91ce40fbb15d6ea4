// What a typed date may not be: further ahead than MAX_YEARS_AHEAD ("in 1000 years", "2999-01-01"),
// or a day the calendar does not have ("Feb 30", "2月30日"), which chrono silently skips — a
// sentence would then lose its follow-up without a word. One limit for every date typed to the
// bot: remind, log … next, snooze, poll closes and sentences.
import { zhNumber } from './zh-numbers.js';

/** The furthest a follow-up, reminder, snooze or poll deadline may be, from now. */
export const MAX_YEARS_AHEAD = 5;

/** The latest instant allowed: now plus MAX_YEARS_AHEAD calendar years. */
export function latestAllowed(now: Date): Date {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS_AHEAD);
  return limit;
}

export function isTooFarAhead(date: Date, now: Date): boolean {
  return date.getTime() > latestAllowed(now).getTime();
}

/** The refusal of a date beyond the limit, wherever it was typed or picked. */
export const TOO_FAR = { ok: false, code: 'too_far', limitYears: MAX_YEARS_AHEAD } as const;

const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORD = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ZH_NUMBER = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';

/** Days in a month; February has 29 unless the year is known and not a leap year. */
function daysIn(month: number, year?: number): number {
  if (month === 2) return year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// `words`: an English month name, which can be a word too ("we may 40 …"): only days up to 31 count as dates.
const PATTERNS: Array<{ re: RegExp; words?: true; read: (m: RegExpExecArray) => { year?: number; month: number; day: number } }> = [
  // 2026-02-30, 2026/2/30
  { re: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/, read: (m) => ({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }) },
  // 2月30日, 二月三十号, 2026年2月30日
  { re: new RegExp(`(?:(\\d{4})\\s*年\\s*)?${ZH_NUMBER}\\s*月\\s*${ZH_NUMBER}\\s*[日号號]`), read: (m) => ({ ...(m[1] ? { year: Number(m[1]) } : {}), month: zhNumber(m[2]!), day: zhNumber(m[3]!) }) },
  // Feb 30, February 30th, 2027
  { re: new RegExp(`\\b${MONTH_WORD}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'i'), words: true, read: (m) => ({ month: EN_MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1, day: Number(m[2]), ...(m[3] ? { year: Number(m[3]) } : {}) }) },
  // 30 Feb, the 30th of February
  { re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}\\b`, 'i'), words: true, read: (m) => ({ month: EN_MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1, day: Number(m[1]) }) },
];

/** The first date in the text that no calendar has ("Feb 30", "2月30日", "13月5日"), as typed; else null. */
export function impossibleDateIn(text: string): string | null {
  for (const { re, words, read } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const { year, month, day } = read(m);
    if (Number.isNaN(month) || Number.isNaN(day) || (words && day > 31)) continue;
    if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return m[0].trim();
  }
  return null;
}
