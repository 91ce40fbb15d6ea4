// Small formatting helpers shared by the views.
import { personHandle } from '../domain/accounts.js';
import { roundHalfAway } from '../domain/poll-math.js';
import type { User } from '../domain/types.js';
import type { ViewContext } from './view-context.js';
import { formatDate } from './text/dates.js';
import { literal } from './markup.js';

export function formatDay(ctx: ViewContext, date: Date | null): string {
  return date ? formatDate(date, ctx.locale, ctx.timezone, false) : ctx.t('card.none');
}

export function formatMoment(ctx: ViewContext, date: Date): string {
  return formatDate(date, ctx.locale, ctx.timezone, true);
}

/** A person's name as typed on their platform, for plain-text places (button and option labels, chart labels). */
export function personLabel(user: User | null | undefined): string {
  if (!user) return '—';
  return personHandle(user);
}

/** A person's name inside reply markup: shown as typed (a display name's `_` or `*` is not formatting). */
export function personName(user: User | null | undefined): string {
  return user ? literal(personLabel(user)) : '—';
}

/**
 * An amount as people write it in the reader's language: ¥12,800 / CN¥12,800 / $12,800 / US$12,800
 * (Intl picks the symbol, adding the country where the language makes it ambiguous). Whole amounts
 * without decimals, others with the currency's usual digits. `currency` defaults to the configured one.
 */
export function formatMoney(ctx: ViewContext, amount: number, currency = ctx.currency): string {
  const whole = Number.isInteger(amount);
  return new Intl.NumberFormat(ctx.locale === 'zh' ? 'zh-CN' : 'en-US', { style: 'currency', currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) }).format(amount);
}

/** Cuts text for a one-line preview, on a code point boundary. */
export function preview(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** A figure rounded half away from zero, or — when there is none (no answers yet). */
export function formatFigure(value: number | null, digits = 0): string {
  return value === null ? '—' : String(roundHalfAway(value, digits));
}

export function formatPercent(value: number | null, digits = 0): string {
  return value === null ? '—' : `${roundHalfAway(value, digits)}%`;
}

/** "CSAT avg 4.33 / 5": the mean score, named so it is not read as the satisfied share. */
export function csatAverageLabel(ctx: ViewContext, average: number | null): string {
  return ctx.t('figures.csat_average', { average: formatFigure(average, 2) });
}

/** "CSAT satisfied 86.7% (4–5)": the share of answers of 4 or 5. */
export function csatSatisfiedLabel(ctx: ViewContext, percent: number | null): string {
  return ctx.t('figures.csat_satisfied', { percent: formatPercent(percent, 1) });
}

/** Both CSAT figures, each named: the one way a CSAT is written (polls, report, weekly digest, charts). */
export function csatLabels(ctx: ViewContext, figures: { average: number | null; percent: number | null }): string {
  return `${csatSatisfiedLabel(ctx, figures.percent)} · ${csatAverageLabel(ctx, figures.average)}`;
}
