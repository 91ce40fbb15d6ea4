// What a rep (or their manager) does with a reminder: Log call, Done, Snooze, Reassign. The
// message is replaced in place with what was done and by whom — also after "Pick a date…", whose
// form carries the message along — and a click on a stale message changes nothing and says so.
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import { atLocalTime, localDateKey } from '../domain/time.js';
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { dateProblemText } from './date-replies.js';
import { isTooFarAhead, TOO_FAR } from './text/date-limits.js';
import { formatMoment, personName } from './format.js';
import { staleAction, withValue, type ActionHandler } from './action-values.js';
import { ACTIONS, SIGNED } from './ids.js';
import { signValue, verifyValue } from './signed-values.js';
import { privateReply, type FormValues } from './reply.js';
import { handledReply, snoozeForm } from './views/callbacks.js';
import { logContactForm } from './views/contact.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const SNOOZE_DAYS = { '1d': 1, '3d': 3, '1w': 7 } as const;

const callbackId = z.coerce.number().int().positive().max(999_999_999);
const snoozeChoice = z.string().regex(/^\d{1,9}:(1d|3d|1w|pick)$/).transform((v) => {
  const [id = '', choice = ''] = v.split(':');
  return { id: Number(id), choice: choice as keyof typeof SNOOZE_DAYS | 'pick' };
});
const reassignChoice = z.string().regex(/^\d{1,9}:\d{1,9}$/).transform((v) => v.split(':').map(Number) as [number, number]);

const stale = (ctx: ChatContext, replaceMessage?: string): Outcome => ({ reply: { ...privateReply(ctx.t('reminder.stale')), replaceOriginal: true, ...(replaceMessage ? { replaceMessage } : {}) } });

/**
 * The snooze-date form's state: the callback id, and the message the choice was made on, signed for
 * the person it was shown to (a form's state comes back from the client: a forged one must not
 * point at somebody else's message).
 */
function snoozeFormState(ctx: ChatContext, id: number): string {
  const ref = ctx.meta.messageRef;
  return ref ? `${id}|${signValue(ctx.settings.actionSecret, SIGNED.snoozeMessage, ctx.actor.id, ref)}` : String(id);
}

function readSnoozeFormState(ctx: ChatContext, state: string): { id: number; messageRef?: string } | null {
  const [rawId = '', signedRef] = state.split(/\|(.*)/s);
  const id = callbackId.safeParse(rawId);
  if (!id.success) return null;
  const messageRef = signedRef ? verifyValue(ctx.settings.actionSecret, SIGNED.snoozeMessage, ctx.actor.id, signedRef) : null;
  return messageRef ? { id: id.data, messageRef } : { id: id.data };
}

/**
 * The timezone of the person the callback belongs to: a snooze means 09:00 of *their* day, also
 * when their manager snoozes it from an escalation in another timezone. The clicker's when unknown.
 */
async function assigneeTimezone(ctx: ChatContext, id: number): Promise<string> {
  const callback = await ctx.domain.callbacks.open(ctx.actor, id);
  const assignee = callback && (await ctx.domain.users.byId(callback.assigneeId));
  return assignee ? ctx.domain.callbacks.schedule.timezoneOf(assignee) : ctx.timezone;
}

/** 09:00 on the assignee's day `days` from now. */
function snoozeUntil(ctx: ChatContext, days: number, timezone: string): Date {
  const later = new Date(ctx.now.getTime() + days * DAY_MS);
  return atLocalTime(localDateKey(later, timezone), 9, 0, timezone);
}

async function snooze(ctx: ChatContext, id: number, until: Date, replaceMessage?: string): Promise<Outcome> {
  const { callback, customer } = await ctx.domain.callbacks.snooze(ctx.actor, id, until);
  if (!callback) return stale(ctx, replaceMessage);
  const reply = handledReply(ctx, { customer }, ctx.t('reminder.snoozed', { user: personName(ctx.actor), when: formatMoment(ctx, callback.deliverAt) }));
  return { reply: replaceMessage ? { ...reply, replaceMessage } : reply };
}

export const callbackActions: Record<string, ActionHandler> = {
  [ACTIONS.callbackDone]: withValue(callbackId, async (ctx, id) => {
    const { callback, customer } = await ctx.domain.callbacks.complete(ctx.actor, id);
    if (!callback) return stale(ctx);
    return { reply: handledReply(ctx, { customer }, ctx.t('reminder.done', { user: personName(ctx.actor), when: formatMoment(ctx, ctx.now) })) };
  }),
  [ACTIONS.callbackSnooze]: withValue(snoozeChoice, async (ctx, { id, choice }) => {
    if (choice === 'pick') return { form: snoozeForm(ctx, snoozeFormState(ctx, id), localDateKey(new Date(ctx.now.getTime() + DAY_MS), ctx.timezone)) };
    return snooze(ctx, id, snoozeUntil(ctx, SNOOZE_DAYS[choice], await assigneeTimezone(ctx, id)));
  }),
  [ACTIONS.callbackLogCall]: withValue(callbackId, async (ctx, id) => {
    const callback = await ctx.domain.callbacks.open(ctx.actor, id);
    if (!callback) return stale(ctx);
    const customer = await ctx.domain.customers.get(ctx.actor, callback.customerId, 'contact.log');
    return { form: logContactForm(ctx, { source: 'modal', callbackId: id }, { customer, channel: 'call' }) };
  }),
  [ACTIONS.callbackReassign]: withValue(reassignChoice, async (ctx, [id, userId]) => {
    const recipient = await ctx.domain.users.byId(userId);
    if (!recipient) throw new DomainError('user.not_found');
    const customer = await ctx.domain.callbacks.reassign(ctx.actor, id, recipient);
    return { reply: handledReply(ctx, { customer }, ctx.t('reminder.reassigned', { user: personName(recipient), actor: personName(ctx.actor) })) };
  }),
};

/** "Pick a date…" for a snooze. */
export async function submitSnoozeForm(ctx: ChatContext, state: string, values: FormValues): Promise<Outcome> {
  const form = readSnoozeFormState(ctx, state);
  const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).safeParse(values.until);
  if (!form) return staleAction(ctx);
  if (!date.success) return { formErrors: { until: ctx.t('error.date.in_past') } };
  const until = atLocalTime(date.data, 9, 0, await assigneeTimezone(ctx, form.id));
  if (until.getTime() <= ctx.now.getTime()) return { formErrors: { until: ctx.t('error.date.in_past') } };
  if (isTooFarAhead(until, ctx.now)) return { formErrors: { until: dateProblemText(ctx, TOO_FAR, date.data) } };
  return snooze(ctx, form.id, until, form.messageRef);
}
