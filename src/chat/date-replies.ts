// Why a typed date was refused, in the user's language: one sentence per reason, for every command
// that takes a date (remind, log … next, poll … closes, the snooze form) and for sentences.
import type { ChatContext } from './context.js';
import { formatDay } from './format.js';
import { latestAllowed } from './text/date-limits.js';
import type { DateProblem } from './text/dates.js';

export function dateProblemText(ctx: ChatContext, problem: DateProblem, typed: string): string {
  switch (problem.code) {
    case 'too_far':
      return ctx.t('date_limit.too_far', { text: typed.trim().slice(0, 80), years: problem.limitYears, latest: formatDay(ctx, latestAllowed(ctx.now)) });
    case 'impossible':
      return ctx.t('date_limit.impossible', { text: problem.text.slice(0, 80) });
    case 'unparseable':
      return ctx.t('error.date_unparseable', { text: typed.trim().slice(0, 80) });
  }
}

/** Of several readings of one input, the most telling refusal: a reason beats "could not read it". */
export function firstDateProblem(problems: DateProblem[]): DateProblem {
  return problems.find((p) => p.code !== 'unparseable') ?? { ok: false, code: 'unparseable' };
}
