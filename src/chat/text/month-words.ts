// Beginnings and ends of months, which chrono does not read (月底, 下个月初) or reads wrongly
// ("beginning of next month" became the same day next month). The instants, on the user's calendar
// (the time is the default hour, as for any date without one):
//   月底 / 月末 / 本月底 / 月底前 / end of (this) month   the last day of this month
//   下个月底 / 下月末 / end of next month                 the last day of next month
//   下个月初 / 下月初 / beginning (start) of next month   the 1st of next month
//   本月初 / start of this month                          the 1st of this month (it may be past)
//   月初 / beginning of the month                         the coming 1st: today on the 1st, else next month's
// "前" / "by" around them are filler (dates.ts): "月底前" is by the last day, so that day.
import type * as chrono from 'chrono-node';

type Shift = 0 | 1 | 'coming';

function monthEdge(ref: Date, shift: Shift, edge: 'start' | 'end'): { year: number; month: number; day: number } {
  const months = shift === 'coming' ? (ref.getDate() === 1 ? 0 : 1) : shift;
  // Noon avoids any DST edge of the process's own zone; only the calendar fields are read.
  const first = new Date(ref.getFullYear(), ref.getMonth() + months, 1, 12);
  const day = edge === 'start' ? 1 : new Date(first.getFullYear(), first.getMonth() + 1, 0, 12).getDate();
  return { year: first.getFullYear(), month: first.getMonth() + 1, day };
}

const ZH_SHIFT: Record<string, Shift> = { 下: 1, 下个: 1, 本: 0, 这: 0, 这个: 0 };

export const zhMonthParsers: chrono.Parser[] = [
  {
    pattern: () => /(下个?|本|这个?)?月(初|底|末)/,
    extract: (context, match) => {
      const edge = match[2] === '初' ? 'start' : 'end';
      const prefix = match[1];
      // Bare 月底 is this month's end; bare 月初 the coming one.
      const shift: Shift = prefix ? (ZH_SHIFT[prefix] ?? 0) : edge === 'start' ? 'coming' : 0;
      return monthEdge(context.refDate, shift, edge);
    },
  },
];

export const enMonthParsers: chrono.Parser[] = [
  {
    pattern: () => /\b(?:the\s+)?(beginning|start|end)\s+of\s+(?:(next|this)\s+|the\s+)?month\b/i,
    extract: (context, match) => {
      const edge = match[1]!.toLowerCase() === 'end' ? 'end' : 'start';
      const which = match[2]?.toLowerCase();
      const shift: Shift = which === 'next' ? 1 : which === 'this' || edge === 'end' ? 0 : 'coming';
      return monthEdge(context.refDate, shift, edge);
    },
  },
];
