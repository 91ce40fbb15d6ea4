// Dates typed by sales reps, in English or Chinese, read in the rep's own IANA timezone.
//
// How the timezone is handled (and why not chrono's own `timezone` option):
// chrono's Chinese parsers do their arithmetic with the *process-local* getters of the reference
// Date (getDate/getHours), ignoring the `timezone` in the reference, so a fixed-offset reference
// gives the wrong day near midnight whenever the server's TZ differs from the user's. We therefore
// hand chrono a "wall-clock" reference: a process-local Date whose local fields equal the user's
// local time now. Every chrono parser then works on the user's wall clock, we read the resulting
// calendar components (year, month, day, hour, minute) and turn them back into an instant with
// Intl for that date's own offset, so DST is right on both sides of a change.
import * as chrono from 'chrono-node';
import { isTooFarAhead, impossibleDateIn, TOO_FAR } from './date-limits.js';
import { enMonthParsers, zhMonthParsers } from './month-words.js';
import { zhNumber } from './zh-numbers.js';

export type DateLocale = 'en' | 'zh';

export interface DateOptions {
  now: Date;
  /** IANA zone, e.g. 'Asia/Shanghai'. An invalid zone throws RangeError (a configuration bug, not user input). */
  timezone: string;
  /** The user's language; the other language is still tried, this one first. */
  locale?: DateLocale;
}

export interface WhenOptions extends DateOptions {
  /** Resolve "friday", "dec 4" to the next such day rather than the nearest one. Default true: dates typed to the bot are follow-ups. */
  forwardDate?: boolean;
}

/** Why a typed date is refused: not a date, beyond MAX_YEARS_AHEAD, or a day no calendar has ("Feb 30"). */
export type DateProblem = { ok: false; code: 'unparseable' } | { ok: false; code: 'too_far'; limitYears: number } | { ok: false; code: 'impossible'; text: string };
export type WhenResult = { ok: true; date: Date; hasTime: boolean } | DateProblem;

export interface FoundDate {
  date: Date;
  hasTime: boolean;
  /** The date words exactly as they appear in the text. */
  matchText: string;
  /** Offset of matchText in the text. */
  index: number;
}

/** A date given without a time means this hour, local: a business morning. */
export const DEFAULT_HOUR = 9;

// ---------------------------------------------------------------------------------------------
// Timezone arithmetic (Intl only: offsets change with DST, so never cache an offset).

interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallFormatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The local calendar fields of an instant in a timezone. */
function wallClock(instant: Date, timezone: string): WallClock {
  const parts = wallFormatter(timezone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    millisecond: instant.getUTCMilliseconds(),
  };
}

function wallAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** Offset (ms) of the timezone at an instant: local wall time minus UTC. */
function offsetAt(epochMs: number, timezone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallAsUtc({ ...wallClock(new Date(whole), timezone), millisecond: 0 }) - whole;
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the wall clock in `timezone` shows `w`. The offset is looked up around the
 * target date itself, not at "now": the offsets a day before and a day after cover both sides of
 * any DST change near it. In a fall-back overlap the first occurrence wins (01:30 EDT, not EST);
 * in a spring-forward gap the clock is moved on by the gap (02:30 → 03:30).
 */
function zonedToInstant(w: WallClock, timezone: string): Date {
  const asUtc = wallAsUtc(w);
  const candidates = [asUtc - offsetAt(asUtc - DAY_MS, timezone), asUtc - offsetAt(asUtc + DAY_MS, timezone)];
  const fits = candidates.filter((t) => wallAsUtc(wallClock(new Date(t), timezone)) === asUtc);
  return new Date(fits.length > 0 ? Math.min(...fits) : Math.max(...candidates));
}

/** A process-local Date whose local fields read as the user's wall clock (see the header). */
function wallClockReference(now: Date, timezone: string): { ref: Date; wall: WallClock } {
  const wall = wallClock(now, timezone);
  const ref = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  return { ref, wall };
}

// ---------------------------------------------------------------------------------------------
// Chinese additions. chrono.zh mixes traditional and simplified parsers but its casual-date
// parser is the traditional one only (後天 works, 后天 does not), so we use chrono.zh.hans and
// add what it lacks. Ours go first so they win ties with chrono's own results.

function ymd(d: Date): { year: number; month: number; day: number } {
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

function addDays(ref: Date, days: number): Date {
  return new Date(ref.getFullYear(), ref.getMonth(), ref.getDate() + days, 12);
}

const ZH_WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const ZH_WEEK_SHIFT: Record<string, number> = { 上: -1, 本: 0, 这: 0, 下: 1, 下下: 2 };

const zhParsers: chrono.Parser[] = [
  {
    // 下周五 / 本周日 / 下下周一. Chinese weeks run Monday to Sunday. chrono's own parser counts
    // 周日 as the first day of the week (下周日 on a Monday gave the coming Sunday, six days
    // early), ignores 本 and 下下, and on a Sunday put 下周五 twelve days out.
    pattern: () => /(下下|上|本|这|下)个?(?:周|星期|礼拜)([一二三四五六日天])/,
    extract: (context, match) => {
      const shift = ZH_WEEK_SHIFT[match[1] ?? ''] ?? 0;
      const target = ZH_WEEKDAY[match[2] ?? ''] ?? 1;
      const ref = context.refDate;
      const today = ref.getDay() === 0 ? 7 : ref.getDay();
      const d = addDays(ref, 7 * shift + target - today);
      return { ...ymd(d), weekday: target % 7 };
    },
  },
  {
    // 一周后 / 2周以后: chrono knows 星期 and 礼拜 but not 周 as a duration unit.
    pattern: () => /(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*个?(?:周|星期|礼拜)(?:之|以|过)?后/,
    extract: (context, match) => {
      const n = zhNumber(match[1] ?? '');
      return Number.isNaN(n) ? null : ymd(addDays(context.refDate, 7 * n));
    },
  },
  {
    // 下周 / 下个星期 on their own: a week from today, as chrono does for "next week".
    pattern: () => /下个?(?:周|星期|礼拜)(?![一二三四五六日天末])/,
    extract: (context) => ymd(addDays(context.refDate, 7)),
  },
  {
    // 下个月 on its own: the same day next month (clamped to the month's end), like "next month".
    pattern: () => /下个?月(?![\d一二三四五六七八九十初底中])/,
    extract: (context) => {
      const ref = context.refDate;
      const last = new Date(ref.getFullYear(), ref.getMonth() + 2, 0).getDate();
      return ymd(new Date(ref.getFullYear(), ref.getMonth() + 1, Math.min(ref.getDate(), last), 12));
    },
  },
];

const zhChrono = chrono.zh.hans.casual.clone();
zhChrono.parsers.unshift(...zhMonthParsers, ...zhParsers);
const enChrono = chrono.casual.clone();
enChrono.parsers.unshift(...enMonthParsers);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Parsers to try, the user's language first; without a locale, guess it from the script. */
function parsersFor(text: string, locale?: DateLocale): chrono.Chrono[] {
  const zhFirst = locale ? locale === 'zh' : CJK.test(text);
  return zhFirst ? [zhChrono, enChrono] : [enChrono, zhChrono];
}

// ---------------------------------------------------------------------------------------------
// From a chrono result to an instant.

/** Durations shorter than a day ("in 2 hours", "半小时后", "now"): exact offsets from now. */
const ZH_SUB_DAY_RELATIVE = /(?:小时|钟头|分钟|秒钟?)(?:之|以|过)?后|现在|立刻|立即|马上/;
/** Part-of-day words for which chrono implies an hour ("tonight" 22:00, "明天下午" 15:00). */
const PART_OF_DAY = /morning|afternoon|evening|tonight|night|noon|midnight|上午|早上|早晨|中午|下午|傍晚|晚上|夜里|夜晚|凌晨|今晚|明晚|今早|明早/i;
const MORNING = /morning|上午|早上|早晨|今早|明早/i;

/** A bare part-of-day result: "上午" alone, which chrono does not join to "下周三" before it. */
const BARE_PART_OF_DAY = /^(?:上午|早上|早晨|中午|下午|傍晚|晚上|夜里|morning|afternoon|evening|night)$/i;

/** One date expression: a chrono result, sometimes joined with the part of day that follows it. */
interface Hit {
  index: number;
  text: string;
  result: chrono.ParsedResult;
  /** "下周三上午", "12月4日下午": chrono's two results for these, the second one here. */
  partOfDay?: chrono.ParsedResult;
}

function toHits(results: readonly chrono.ParsedResult[], text: string): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const next = results[i + 1];
    const end = r.index + r.text.length;
    if (
      next &&
      !r.start.isCertain('hour') &&
      BARE_PART_OF_DAY.test(next.text) &&
      /^\s*$/.test(text.slice(end, next.index))
    ) {
      hits.push({ index: r.index, text: text.slice(r.index, next.index + next.text.length), result: r, partOfDay: next });
      i++;
      continue;
    }
    hits.push({ index: r.index, text: r.text, result: r });
  }
  return hits;
}

function isSubDayRelative(result: chrono.ParsedResult): boolean {
  const tags = result.tags();
  if (tags.has('casualReference/now')) return true;
  if (tags.has('result/relativeDate')) return result.start.isCertain('hour');
  return ZH_SUB_DAY_RELATIVE.test(result.text);
}

function resolveHit(hit: Hit, now: Date, wall: WallClock, timezone: string): { date: Date; hasTime: boolean } {
  const s = hit.result.start;
  const num = (c: chrono.Component, fallback: number) => s.get(c) ?? fallback;
  const at: WallClock = {
    year: num('year', wall.year),
    month: num('month', wall.month),
    day: num('day', wall.day),
    hour: hit.partOfDay?.start.get('hour') ?? num('hour', DEFAULT_HOUR),
    minute: num('minute', 0),
    second: 0,
    millisecond: 0,
  };
  if (isSubDayRelative(hit.result)) {
    // Elapsed time, not a wall-clock reading: "in 2 hours" across a DST change is still 2 hours.
    const exact = { ...at, second: num('second', 0), millisecond: num('millisecond', 0) };
    return { date: new Date(now.getTime() + (wallAsUtc(exact) - wallAsUtc(wall))), hasTime: true };
  }
  if (s.isCertain('timezoneOffset')) {
    // The user named a zone ("3pm EST", "…T15:00Z"): chrono's instant is already absolute.
    return { date: s.date(), hasTime: s.isCertain('hour') };
  }
  if (s.isCertain('hour')) {
    // "明天3点", "friday at 3": nobody books a client for 3 a.m. A bare 1-6 o'clock with no
    // am/pm, no part of day and no hh:mm ("03:00" is deliberate) is the afternoon.
    const bare = !s.isCertain('meridiem') && at.hour >= 1 && at.hour <= 6 && !hit.text.includes(':') && !PART_OF_DAY.test(hit.text);
    return { date: zonedToInstant({ ...at, hour: bare ? at.hour + 12 : at.hour }, timezone), hasTime: true };
  }
  if (PART_OF_DAY.test(hit.text)) {
    // "tonight", "明天下午": keep chrono's implied hour, but a "morning" is a business one
    // (chrono implies 06:00).
    const hour = MORNING.test(hit.text) ? Math.max(at.hour, DEFAULT_HOUR) : at.hour;
    return { date: zonedToInstant({ ...at, hour, minute: 0 }, timezone), hasTime: true };
  }
  return { date: zonedToInstant({ ...at, hour: DEFAULT_HOUR, minute: 0 }, timezone), hasTime: false };
}

// ---------------------------------------------------------------------------------------------
// Public API.

// Words allowed around a date that is meant to be the whole text ("by friday", "下周二回访").
const LEADING_FILLER = /^\s*(?:(?:follow[\s-]?up|remind(?:\s+me)?|due|next\s+contact)\s*[:：]?\s*)?(?:(?:on|by|at|before)\s+(?:the\s+)?|[在于到])?\s*$/i;
const TRAILING_FILLER =
  /^\s*(?:(?:再|来|去)?(?:回访|跟进|联系|拜访|提醒|沟通)|(?:之|以)?前|左右|(?:to\s+)?(?:follow[\s-]?up|check\s+in|call\s+back))?\s*[.!?。！？,，;；]*\s*$/i;

/**
 * Reads a text that is a date and nothing else (filler such as "follow up", 回访 allowed).
 * A date without a time is that day at 09:00 local, hasTime=false. Beyond MAX_YEARS_AHEAD, or a
 * day the calendar does not have, it is refused with the reason (date-limits.ts).
 */
export function parseWhen(text: string, opts: WhenOptions): WhenResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, code: 'unparseable' };
  const { ref, wall } = wallClockReference(opts.now, opts.timezone);
  for (const parser of parsersFor(trimmed, opts.locale)) {
    const hits = toHits(parser.parse(trimmed, ref, { forwardDate: opts.forwardDate ?? true }), trimmed);
    if (hits.length !== 1) continue;
    const hit = hits[0]!;
    const before = trimmed.slice(0, hit.index);
    const after = trimmed.slice(hit.index + hit.text.length);
    if (!LEADING_FILLER.test(before) || !TRAILING_FILLER.test(after)) continue;
    const resolved = resolveHit(hit, opts.now, wall, opts.timezone);
    if (isTooFarAhead(resolved.date, opts.now)) return TOO_FAR;
    return { ok: true, ...resolved };
  }
  const impossible = impossibleDateIn(trimmed);
  return impossible ? { ok: false, code: 'impossible', text: impossible } : { ok: false, code: 'unparseable' };
}

/**
 * Every date expression in free text, in text order, both languages merged (on overlap the
 * longer match wins; on a tie, the user's language). `forwardDate` defaults to false here:
 * "visited them monday" is last Monday.
 */
export function findDatesInSentence(sentence: string, opts: WhenOptions): FoundDate[] {
  const { ref, wall } = wallClockReference(opts.now, opts.timezone);
  const picked: Hit[] = [];
  for (const parser of parsersFor(sentence, opts.locale)) {
    for (const r of toHits(parser.parse(sentence, ref, { forwardDate: opts.forwardDate ?? false }), sentence)) {
      const end = r.index + r.text.length;
      const clashes = picked.filter((p) => r.index < p.index + p.text.length && p.index < end);
      if (clashes.every((p) => r.text.length > p.text.length)) {
        for (const c of clashes) picked.splice(picked.indexOf(c), 1);
        picked.push(r);
      }
    }
  }
  return picked
    .sort((a, b) => a.index - b.index)
    .map((r) => ({
      ...resolveHit(r, opts.now, wall, opts.timezone),
      // chrono swallows a trailing comma ("monday, follow up…"); the punctuation is the sentence's.
      matchText: r.text.replace(/[\s,，.。;；:：]+$/u, ''),
      index: r.index,
    }));
}

/** The first date expression in free text, or null. */
export function findDateInSentence(sentence: string, opts: WhenOptions): FoundDate | null {
  return findDatesInSentence(sentence, opts)[0] ?? null;
}

// Calendar-day arithmetic lives in the domain (it decides what "in the past" means); re-exported for callers here.
export { isBeforeToday, localDateKey } from '../../domain/time.js';

/** True when the instant is earlier than now. */
export function isPast(date: Date, now: Date): boolean {
  return date.getTime() < now.getTime();
}

const enNames = new Map<string, Intl.DateTimeFormat>();
const zhWeekdays = new Map<string, Intl.DateTimeFormat>();

/**
 * en: "Fri 4 Dec 2026" / "Fri 4 Dec 2026 15:00"; zh: "2026年12月4日 周五" / "… 15:00".
 * Assembled from parts rather than a locale pattern, so ICU updates (e.g. en-GB "Sept") cannot
 * change the output.
 */
export function formatDate(date: Date, locale: DateLocale, timezone: string, withTime = false): string {
  const w = wallClock(date, timezone);
  const time = withTime ? ` ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}` : '';
  if (locale === 'zh') {
    let f = zhWeekdays.get(timezone);
    if (!f) zhWeekdays.set(timezone, (f = new Intl.DateTimeFormat('zh-CN', { timeZone: timezone, weekday: 'short' })));
    return `${w.year}年${w.month}月${w.day}日 ${f.format(date)}${time}`;
  }
  let f = enNames.get(timezone);
  if (!f) enNames.set(timezone, (f = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', month: 'short' })));
  const parts = f.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${w.day} ${part('month')} ${w.year}${time}`;
}
