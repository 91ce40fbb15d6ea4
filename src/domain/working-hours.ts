// When a reminder may reach someone: their working days and hours, in their own timezone.
import { atLocalTime, formatterFor, localDateKey } from './time.js';
import type { WorkingHours } from './types.js';

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "10:00-19:00" → { start, end } or null (25:00, 9-5, an end before the start…). */
export function parseHoursRange(text: string): { start: string; end: string } | null {
  const [from = '', to = '', extra] = text.split(/[-–~～至]/).map((s) => s.trim());
  const a = TIME.exec(from);
  const b = TIME.exec(to);
  if (!a || !b || extra !== undefined) return null;
  const start = `${a[1]!.padStart(2, '0')}:${a[2]}`;
  const end = `${b[1]!.padStart(2, '0')}:${b[2]}`;
  return start < end ? { start, end } : null;
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function localParts(instant: Date, timezone: string): { dateKey: string; weekday: number; minute: number } {
  const parts = formatterFor('weekday-time', timezone, (timeZone) => new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { dateKey: localDateKey(instant, timezone), weekday, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

function addDays(dateKey: string, days: number): string {
  const d = new Date(`${dateKey}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The first instant at or after `instant` inside the working hours: unchanged when it already is,
 * else the start of the next working period (a callback due at 02:00 arrives at 09:00 local).
 */
export function nextWorkingInstant(instant: Date, hours: WorkingHours, timezone: string): Date {
  const days = hours.days.length > 0 ? hours.days : DEFAULT_WORKING_HOURS.days;
  const here = localParts(instant, timezone);
  if (days.includes(here.weekday) && here.minute >= minutes(hours.start) && here.minute < minutes(hours.end)) return instant;
  const [h, m] = [Number(hours.start.slice(0, 2)), Number(hours.start.slice(3, 5))];
  for (let offset = 0; offset <= 7; offset++) {
    const dateKey = addDays(here.dateKey, offset);
    const weekday = ((here.weekday - 1 + offset) % 7) + 1;
    if (!days.includes(weekday)) continue;
    const start = atLocalTime(dateKey, h, m, timezone);
    if (start.getTime() >= instant.getTime()) return start;
  }
  return instant; // unreachable with at least one working day
}
