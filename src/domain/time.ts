// Calendar arithmetic in a user's timezone, with Intl only (no fixed offsets: DST must work).

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl formatter per (purpose, timezone), made once: building one costs far more than using it
 * (≈0.2 ms), and the scheduler and the recompute place thousands of instants per run.
 */
export function formatterFor(purpose: string, timezone: string, make: (timezone: string) => Intl.DateTimeFormat): Intl.DateTimeFormat {
  const key = `${purpose}|${timezone}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = make(timezone)));
  return formatter;
}

/** The local calendar date of an instant in a timezone, as YYYY-MM-DD. */
export function localDateKey(instant: Date, timezone: string): string {
  const parts = formatterFor('date', timezone, (timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True when the instant falls on a calendar day before today in that timezone. */
export function isBeforeToday(instant: Date, now: Date, timezone: string): boolean {
  return localDateKey(instant, timezone) < localDateKey(now, timezone);
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function offsetMinutes(instant: Date, timezone: string): number {
  const parts = formatterFor('wall', timezone, (timeZone) =>
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }),
  ).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - instant.getTime()) / 60000);
}

/** The instant of a local wall-clock time (YYYY-MM-DD, hour, minute) in a timezone, DST-aware. */
export function atLocalTime(dateKey: string, hour: number, minute: number, timezone: string): Date {
  const [y = 0, m = 1, d = 1] = dateKey.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes: the offset at the first guess can differ from the offset at the answer near a DST change.
  let instant = wall - offsetMinutes(new Date(wall), timezone) * 60000;
  instant = wall - offsetMinutes(new Date(instant), timezone) * 60000;
  return new Date(instant);
}
