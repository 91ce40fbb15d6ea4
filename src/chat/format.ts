// Small formatting helpers shared by the views.
import { roundHalfAway } from '../domain/poll-math.js';
import type { User } from '../domain/types.js';
import type { ViewContext } from './context.js';
import { formatDate } from './text/dates.js';

export function formatDay(ctx: ViewContext, date: Date | null): string {
  return date ? formatDate(date, ctx.locale, ctx.timezone, false) : ctx.t('card.none');
}

export function formatMoment(ctx: ViewContext, date: Date): string {
  return formatDate(date, ctx.locale, ctx.timezone, true);
}

export function personName(user: User | null | undefined): string {
  if (!user) return '—';
  return user.displayName || user.externalId;
}

export function formatMoney(ctx: ViewContext, amount: number): string {
  return new Intl.NumberFormat(ctx.locale === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 2 }).format(amount);
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
