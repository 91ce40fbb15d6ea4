// Button clicks and form submissions. Every value is parsed again here: a payload can be forged,
// and the domain checks permissions on whatever it names.
import { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import { atLocalTime } from '../domain/time.js';
import { isTooFarAhead, TOO_FAR } from './text/date-limits.js';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES } from '../domain/types.js';
import type { Outcome } from './bot-types.js';
import { runCommand, listCustomers } from './commands.js';
import type { ChatContext } from './context.js';
import { dateProblemText } from './date-replies.js';
import { domainErrorMessage } from './errors.js';
import { personName } from './format.js';
import { jsonOf, staleAction, withValue, type ActionHandler } from './action-values.js';
import { ACTIONS, FORMS } from './ids.js';
import { completeWithChannel } from './channel-picker.js';
import { peopleAsText } from './people-in-text.js';
import { block, privateReply, type FormValues } from './reply.js';
import { createdCardReply, customerCardReply } from './views/customer.js';
import { confirmErase } from './privacy-commands.js';
import { callbackActions, submitSnoozeForm } from './callback-actions.js';
import { pollRepActions } from './poll-actions.js';
import { importActions } from './import-actions.js';
import { draftReply, loggedReply, logContactForm, type LogFormState } from './views/contact.js';
import { customerName } from './markup.js';

const customerId = z.coerce.number().int().positive().max(999_999_999);
const draftId = z.uuid();
const draftPick = z.string().regex(/^[0-9a-f-]{36}:\d{1,9}$/).transform((v) => {
  const [id = '', customer = ''] = v.split(':');
  return { draftId: id, customerId: Number(customer) };
});
const listState = jsonOf(z.object({ scope: z.enum(['mine', 'all']), tag: z.string().max(40).nullable(), page: z.number().int().min(1).max(100000) }));



async function showDraft(ctx: ChatContext, id: string): Promise<Outcome> {
  const draft = await ctx.domain.drafts.open(ctx.actor, id);
  const customer = draft.customerId === null ? null : await ctx.domain.customers.get(ctx.actor, draft.customerId, 'contact.log');
  return { reply: { ...draftReply(ctx, draft, customer), replaceOriginal: true } };
}

const handlers: Record<string, ActionHandler> = {
  [ACTIONS.runCommand]: withValue(z.string().min(1).max(2000), (ctx, text) => runCommand(ctx, text)),
  [ACTIONS.pickChannel]: (ctx, value) => completeWithChannel(ctx, value, runCommand),
  [ACTIONS.showCustomer]: withValue(customerId, async (ctx, id) => ({ reply: customerCardReply(ctx, await ctx.domain.customers.card(ctx.actor, id)) })),
  [ACTIONS.quickAddCustomer]: withValue(z.string().trim().min(1).max(100), async (ctx, name) => {
    const customer = await ctx.domain.customers.add(ctx.actor, { name });
    return { reply: { ...createdCardReply(ctx, await ctx.domain.customers.card(ctx.actor, customer.id)), replaceOriginal: true } };
  }),
  [ACTIONS.listPage]: withValue(listState, async (ctx, state) => {
    const outcome = await listCustomers(ctx, { scope: state.scope, page: state.page, ...(state.tag ? { tag: state.tag } : {}) });
    return outcome.reply ? { reply: { ...outcome.reply, replaceOriginal: true } } : outcome;
  }),
  [ACTIONS.openLogForm]: withValue(customerId, async (ctx, id) => {
    const customer = await ctx.domain.customers.get(ctx.actor, id, 'contact.log');
    return { form: logContactForm(ctx, { source: 'modal' }, { customer }) };
  }),
  [ACTIONS.draftSave]: withValue(draftId, async (ctx, id) => {
    const logged = await ctx.domain.drafts.save(ctx.actor, id, ctx.timezone);
    if (logged.duplicate) return { reply: { ...privateReply(ctx.t('contact.duplicate')), replaceOriginal: true } };
    const draft = logged.log;
    const text = ctx.t('draft.saved', { customer: customerName(ctx, logged.customer), channel: ctx.t(`contact_kind.${draft?.channel ?? 'other'}`) });
    const by = ctx.t('draft.saved_by', { user: personName(ctx.actor) });
    return { reply: { visibility: 'private', replaceOriginal: true, text: `${text}\n${by}`, blocks: [block.section(`✅ ${text}`), block.context(by)] } };
  }),
  [ACTIONS.draftEdit]: withValue(draftId, async (ctx, id) => {
    const draft = await ctx.domain.drafts.open(ctx.actor, id);
    const customer = draft.customerId === null ? null : await ctx.domain.customers.get(ctx.actor, draft.customerId, 'contact.log');
    return { form: logContactForm(ctx, { source: 'dm', draftId: id }, { customer, channel: draft.channel, summary: draft.summary, next: draft.nextFollowUpAt }) };
  }),
  [ACTIONS.draftCancel]: withValue(draftId, async (ctx, id) => {
    await ctx.domain.drafts.cancel(ctx.actor, id);
    return { reply: { ...privateReply(ctx.t('draft.cancelled')), replaceOriginal: true } };
  }),
  [ACTIONS.draftCustomer]: withValue(draftPick, async (ctx, pick) => {
    await ctx.domain.customers.get(ctx.actor, pick.customerId, 'contact.log');
    await ctx.domain.drafts.update(ctx.actor, pick.draftId, { customerId: pick.customerId });
    return showDraft(ctx, pick.draftId);
  }),
  [ACTIONS.eraseConfirm]: withValue(z.string().min(1).max(200), confirmErase),
  [ACTIONS.eraseCancel]: async (ctx) => ({ reply: { ...privateReply(ctx.t('privacy.erase_cancelled')), replaceOriginal: true } }),
  ...callbackActions,
  ...pollRepActions,
  ...importActions,
  [ACTIONS.draftNewCustomer]: withValue(draftId, async (ctx, id) => {
    const draft = await ctx.domain.drafts.open(ctx.actor, id);
    const customer = await ctx.domain.customers.add(ctx.actor, { name: draft.customerText });
    await ctx.domain.drafts.update(ctx.actor, id, { customerId: customer.id });
    return showDraft(ctx, id);
  }),
};

export async function runAction(ctx: ChatContext, action: string, value: string): Promise<Outcome> {
  const handler = handlers[action];
  return handler ? handler(ctx, value) : staleAction(ctx);
}

const logFormState = jsonOf(z.object({ source: z.enum(['modal', 'shortcut', 'dm']), draftId: z.uuid().optional(), callbackId: z.number().int().positive().optional() }));

const logFormValues = z.object({
  customer: z.string().optional(),
  channel: z.enum(CONTACT_CHANNELS).catch('other'),
  outcome: z.enum(CONTACT_OUTCOMES).optional().catch(undefined),
  summary: z.string().optional(),
  next: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
});

/** The contact form, whether opened by command, button, shortcut or a draft's Edit. */
async function submitLogForm(ctx: ChatContext, rawState: string, values: FormValues): Promise<Outcome> {
  const state = logFormState.safeParse(rawState);
  if (!state.success) return staleAction(ctx);
  const form = logFormValues.parse(values);
  const id = customerId.safeParse(form.customer);
  if (!id.success) return { formErrors: { customer: ctx.t('error.customer_input_required') } };
  const summary = await peopleAsText(ctx, form.summary ?? '');
  const next = form.next ? atLocalTime(form.next, 9, 0, ctx.timezone) : null;
  if (next && isTooFarAhead(next, ctx.now)) return { formErrors: { next: dateProblemText(ctx, TOO_FAR, form.next!) } };
  try {
    return await saveLogForm(ctx, state.data, { ...form, customerId: id.data, summary, next });
  } catch (error) {
    // Refusals stay in the form, next to the input they are about, so nothing typed is lost.
    if (error instanceof DomainError) return { formErrors: { [inputFor(error)]: domainErrorMessage(ctx, error) } };
    throw error;
  }
}

function inputFor(error: DomainError): string {
  if (error.code === 'date.in_past') return 'next';
  if (error.code.startsWith('contact.summary')) return 'summary';
  return 'customer';
}

async function saveLogForm(
  ctx: ChatContext,
  state: LogFormState,
  form: Omit<z.infer<typeof logFormValues>, 'next' | 'summary'> & { customerId: number; summary: string; next: Date | null },
): Promise<Outcome> {
  const { summary, next } = form;
  ctx.domain.contacts.validate({ summary, nextFollowUpAt: next }, ctx.timezone);
  const { draftId: fromDraft, source } = state;
  if (fromDraft) {
    await ctx.domain.drafts.update(ctx.actor, fromDraft, { customerId: form.customerId, channel: form.channel, summary, nextFollowUpAt: next });
    const logged = await ctx.domain.drafts.save(ctx.actor, fromDraft, ctx.timezone);
    return { reply: logged.duplicate ? privateReply(ctx.t('contact.duplicate')) : loggedReply(ctx, logged, form.channel) };
  }
  const logged = await ctx.domain.contacts.log(
    ctx.actor,
    { customerId: form.customerId, channel: form.channel, outcome: form.outcome ?? null, summary, nextFollowUpAt: next, source: source === 'shortcut' ? 'shortcut' : 'modal', requestKey: ctx.meta.requestKey },
    ctx.timezone,
  );
  // The call a reminder asked for is made: that callback is done (the log already scheduled the next).
  if (state.callbackId !== undefined && !logged.duplicate) {
    await ctx.domain.callbacks.complete(ctx.actor, state.callbackId);
    // That callback may have been the next follow-up the log saw: say what is next now.
    return { reply: loggedReply(ctx, { ...logged, nextCallback: await ctx.domain.callbacks.nextOf(form.customerId) }, form.channel) };
  }
  return { reply: logged.duplicate ? privateReply(ctx.t('contact.duplicate')) : loggedReply(ctx, logged, form.channel) };
}

export async function runFormSubmission(ctx: ChatContext, formId: string, state: string, values: FormValues): Promise<Outcome> {
  if (formId === FORMS.logContact) return submitLogForm(ctx, state, values);
  if (formId === FORMS.snooze) return submitSnoozeForm(ctx, state, values);
  return staleAction(ctx);
}

