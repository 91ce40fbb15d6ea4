// When a survey campaign runs: a phrase ("every quarter", "每季度") or a 5-field cron, evaluated in a timezone.
import { CronExpressionParser } from 'cron-parser';
import { isValidTimezone } from './time.js';

export type SurveyScheduleLabel = 'weekly' | 'monthly' | 'quarterly' | 'yearly' | 'custom';

export interface SurveySchedule {
  /** Standard 5-field cron (minute hour day-of-month month day-of-week), local time of the campaign's timezone. */
  cron: string;
  label: SurveyScheduleLabel;
}

export type SurveyScheduleParse =
  | { ok: true; schedule: SurveySchedule }
  | { ok: false; reason: 'empty' | 'invalid_cron' | 'too_frequent' | 'unknown' };

// All at 10:00 local: after the working day has started, before lunch.
const PRESETS: Record<Exclude<SurveyScheduleLabel, 'custom'>, string> = {
  weekly: '0 10 * * 1', // Monday
  monthly: '0 10 1 * *',
  quarterly: '0 10 1 1,4,7,10 *',
  // The second Monday of January (the 8th to the 14th): always a working day, clear of the New Year
  // holidays, and before the earliest Spring Festival (21 January). A fixed date such as 2 January
  // can be a weekend or a public holiday.
  yearly: '0 10 * 1 1#2',
};

// A Map, not an object: user text like "constructor" must not hit Object.prototype.
const PHRASES = new Map<string, Exclude<SurveyScheduleLabel, 'custom'>>(Object.entries({
  'every week': 'weekly', weekly: 'weekly', 每周: 'weekly', 每星期: 'weekly', 每个星期: 'weekly', 每週: 'weekly',
  'every month': 'monthly', monthly: 'monthly', 每月: 'monthly', 每个月: 'monthly',
  'every quarter': 'quarterly', quarterly: 'quarterly', 每季度: 'quarterly', 每季: 'quarterly', 每个季度: 'quarterly',
  'every year': 'yearly', yearly: 'yearly', annually: 'yearly', 每年: 'yearly',
} as const));

const QUOTES = /^["'`“”‘’「」]+|["'`“”‘’「」]+$/g;
// The minute field never holds letters, so a first word like this means the user meant a cron.
const CRON_START = /^([\d*?,\-/()]+|h(?:[(/,]\S*)?|@\S*)$/i;
const NAMES = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat/gi;

/**
 * Reads the schedule part of `/crm survey schedule …`: a phrase (English or Chinese) or a 5-field
 * cron, optionally quoted or prefixed with "cron". A cron that can fire twice within 24 hours is
 * refused: a campaign sends a poll to every matching customer each time it runs.
 */
export function parseSurveySchedule(text: string): SurveyScheduleParse {
  const trimmed = text.trim().replace(QUOTES, '').trim();
  if (trimmed === '') return { ok: false, reason: 'empty' };

  const key = trimmed.toLowerCase().replace(/\s+/g, ' ');
  const phrase = PHRASES.get(key) ?? PHRASES.get(key.replace(/ /g, '')); // "每 季度"
  if (phrase) return { ok: true, schedule: { cron: PRESETS[phrase], label: phrase } };

  const prefixed = /^cron(?:[:：]|\s|$)/i.test(trimmed);
  const expr = (prefixed ? trimmed.slice(4).replace(/^[:：]/, '') : trimmed).trim().replace(QUOTES, '').trim();
  const fields = expr.split(/\s+/);
  if (!prefixed && !CRON_START.test(fields[0] ?? '')) return { ok: false, reason: 'unknown' };
  return parseCron(fields);
}

function parseCron(fields: string[]): SurveyScheduleParse {
  // cron-parser silently takes 6 fields as seconds-first and expands @macros; only plain 5-field crons
  // are ours. H (hashed values) is refused too: unseeded it is re-randomised on every parse.
  if (fields.length !== 5 || fields.some((f) => f.startsWith('@') || /h/i.test(f.replace(NAMES, '')))) {
    return { ok: false, reason: 'invalid_cron' };
  }
  const cron = fields.join(' ');
  let runs: Date[];
  try {
    // UTC from a fixed date: no DST, so a once-a-day cron is exactly 24 h apart. Minute and hour do not
    // depend on the date, so a cron with two times of day has two runs on one day among its first three.
    runs = CronExpressionParser.parse(cron, { currentDate: new Date('2000-01-01T00:00:00Z'), tz: 'UTC' }).take(3).map((d) => d.toDate());
  } catch {
    return { ok: false, reason: 'invalid_cron' }; // bad syntax, out-of-range value, a date that never comes (30 Feb)
  }
  for (let i = 1; i < runs.length; i++) {
    if (runs[i]!.getTime() - runs[i - 1]!.getTime() < 24 * 3600_000) return { ok: false, reason: 'too_frequent' };
  }
  return { ok: true, schedule: { cron, label: 'custom' } };
}

/** The first run strictly after `after`, the cron read as wall-clock time in `timezone` (DST-aware). */
export function nextRunAfter(schedule: SurveySchedule, after: Date, timezone: string): Date {
  // cron-parser's own error for a bad zone is an unhelpful "unhandled timestamp".
  if (!isValidTimezone(timezone)) throw new RangeError(`Unknown timezone: ${timezone}`);
  return CronExpressionParser.parse(schedule.cron, { currentDate: after, tz: timezone }).next().toDate();
}

const DESCRIPTIONS: Record<'en' | 'zh', Record<Exclude<SurveyScheduleLabel, 'custom'>, string>> = {
  en: { weekly: 'every week', monthly: 'every month', quarterly: 'every quarter', yearly: 'every year' },
  zh: { weekly: '每周', monthly: '每月', quarterly: '每季度', yearly: '每年' },
};

/** "every quarter" / "每季度"; a custom cron is shown as written: "cron `0 9 * * 1`". */
export function describeSchedule(schedule: SurveySchedule, locale: 'en' | 'zh'): string {
  if (schedule.label === 'custom') return `${locale === 'zh' ? '按 cron' : 'cron'} \`${schedule.cron}\``;
  return DESCRIPTIONS[locale][schedule.label];
}
