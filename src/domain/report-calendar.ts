// The report's period and its NPS trend buckets on the reader's calendar, not UTC's: a week is
// today and the six days before it in the reader's timezone, and an answer at 00:30 in Shanghai
// counts on that Shanghai day. Buckets are consecutive and cover the period exactly, so the trend's
// answers add up to the period's.
import { atLocalTime, localDateKey } from './time.js';

export type ReportPeriod = 'week' | 'month' | 'quarter';
/** Calendar days in a period, today included. */
export const PERIOD_DAYS: Record<ReportPeriod, number> = { week: 7, month: 30, quarter: 91 };
/** NPS trend points: one per day over a week, one per calendar week (Monday first) over a month or a quarter. */
const BUCKET: Record<ReportPeriod, 'day' | 'week'> = { week: 'day', month: 'week', quarter: 'week' };

export interface Bucket {
  from: Date;
  to: Date;
}

/** YYYY-MM-DD plus n days (plain calendar arithmetic, no timezone involved). */
export function addDays(dateKey: string, days: number): string {
  const [y = 0, m = 1, d = 1] = dateKey.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
function weekdayFromMonday(dateKey: string): number {
  const [y = 0, m = 1, d = 1] = dateKey.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

const midnight = (dateKey: string, timezone: string): Date => atLocalTime(dateKey, 0, 0, timezone);

/** From local midnight of the period's first day up to and including now. */
export function periodRange(period: ReportPeriod, now: Date, timezone: string): Bucket {
  const firstDay = addDays(localDateKey(now, timezone), -(PERIOD_DAYS[period] - 1));
  // Up to and including now: what was logged this very moment counts.
  return { from: midnight(firstDay, timezone), to: new Date(now.getTime() + 1) };
}

/** The trend's buckets over the period: local days, or local weeks cut at the period's ends. */
export function trendBuckets(period: ReportPeriod, now: Date, timezone: string): Bucket[] {
  const range = periodRange(period, now, timezone);
  const firstDay = localDateKey(range.from, timezone);
  const buckets: Bucket[] = [];
  let day = firstDay;
  while (true) {
    const step = BUCKET[period] === 'day' ? 1 : 7 - weekdayFromMonday(day);
    const next = addDays(day, step);
    const end = midnight(next, timezone);
    if (end.getTime() >= range.to.getTime()) {
      buckets.push({ from: midnight(day, timezone), to: range.to });
      return buckets;
    }
    buckets.push({ from: midnight(day, timezone), to: end });
    day = next;
  }
}
