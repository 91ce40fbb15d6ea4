// The contact form (modal) and the draft card shown for a plain-language message.
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, SUMMARY_MAX_LENGTH, type ContactChannel, type ContactDraft, type Customer } from '../../domain/types.js';
import type { LoggedContact } from '../../domain/contacts.js';
import { localDateKey } from '../../domain/time.js';
import { ACTIONS, FORMS } from '../ids.js';
import type { ChatContext } from '../context.js';
import { formatDay, preview } from '../format.js';
import { block, button, type Block, type Form, type Reply } from '../reply.js';
import { customerName, literal } from '../markup.js';

export interface LogFormState {
  source: 'modal' | 'shortcut' | 'dm';
  draftId?: string;
  /** Opened from a reminder's Log call: saving completes that callback. */
  callbackId?: number;
}

export interface LogFormPrefill {
  customer?: Customer | null;
  channel?: ContactChannel;
  summary?: string;
  next?: Date | null;
}

export function logContactForm(ctx: ChatContext, state: LogFormState, prefill: LogFormPrefill = {}): Form {
  return {
    id: FORMS.logContact,
    title: ctx.t('form.log.title'),
    submitLabel: ctx.t('form.log.submit'),
    closeLabel: ctx.t('form.close'),
    state: JSON.stringify(state),
    inputs: [
      {
        type: 'customer',
        id: 'customer',
        label: ctx.t('form.customer'),
        placeholder: ctx.t('form.customer_placeholder'),
        ...(prefill.customer ? { initial: { label: `${prefill.customer.name} (#${prefill.customer.id})`, value: String(prefill.customer.id) } } : {}),
      },
      { type: 'select', id: 'channel', label: ctx.t('form.channel'), options: CONTACT_CHANNELS.map((c) => ({ label: ctx.t(`channel.${c}`), value: c })), initial: prefill.channel ?? 'call' },
      { type: 'select', id: 'outcome', label: ctx.t('form.outcome'), optional: true, options: CONTACT_OUTCOMES.map((o) => ({ label: ctx.t(`outcome.${o}`), value: o })) },
      { type: 'text', id: 'summary', label: ctx.t('form.summary'), multiline: true, maxLength: SUMMARY_MAX_LENGTH, ...(prefill.summary ? { initial: prefill.summary.slice(0, SUMMARY_MAX_LENGTH) } : {}) },
      { type: 'date', id: 'next', label: ctx.t('form.next'), optional: true, ...(prefill.next ? { initial: localDateKey(prefill.next, ctx.timezone) } : {}) },
    ],
  };
}

/** "Logged …", with the customer's next follow-up (the open callback, as on the card). */
export function loggedReply(ctx: ChatContext, logged: Pick<LoggedContact, 'customer' | 'nextCallback'>, channel: ContactChannel): Reply {
  const params = { customer: customerName(ctx, logged.customer), channel: ctx.t(`contact_kind.${channel}`) };
  const next = logged.nextCallback?.dueAt;
  const text = next ? ctx.t('contact.logged_next', { ...params, next: formatDay(ctx, next) }) : ctx.t('contact.logged', params);
  return { visibility: 'private', text, blocks: [block.section(`✅ ${text}`)] };
}

/** The draft card: what was understood, and Save / Edit / Cancel (or a customer to pick first). */
export function draftReply(ctx: ChatContext, draft: ContactDraft, customer: Customer | null, candidates: Customer[] = []): Reply {
  const fields = [
    { label: ctx.t('draft.customer'), value: customer ? `${customerName(ctx, customer)} (#${customer.id})` : ctx.t('draft.unknown_customer') },
    { label: ctx.t('draft.channel'), value: ctx.t(`channel.${draft.channel}`) },
    { label: ctx.t('draft.next'), value: draft.nextFollowUpAt ? formatDay(ctx, draft.nextFollowUpAt) : ctx.t('draft.none') },
  ];
  const blocks: Block[] = [block.header(ctx.t('draft.title')), block.fields(fields), block.section(`**${ctx.t('draft.summary')}**\n${literal(preview(draft.summary, 2800))}`)];
  if (!customer && candidates.length > 0) {
    blocks.push(block.section(ctx.t('draft.pick_customer')));
    blocks.push(block.actions(...candidates.slice(0, 8).map((c) => button(ACTIONS.draftCustomer, preview(`${c.name} (#${c.id})`, 70), `${draft.id}:${c.id}`))));
  }
  const controls = [];
  if (customer) controls.push(button(ACTIONS.draftSave, ctx.t('button.save'), draft.id, 'primary'));
  else if (candidates.length === 0 && draft.customerText) controls.push(button(ACTIONS.draftNewCustomer, preview(ctx.t('customer.none.create', { name: draft.customerText }), 70), draft.id));
  controls.push(button(ACTIONS.draftEdit, ctx.t('button.edit'), draft.id), button(ACTIONS.draftCancel, ctx.t('button.cancel'), draft.id, 'danger'));
  blocks.push(block.actions(...controls));
  const text = [ctx.t('draft.title'), ...fields.map((f) => `${f.label}: ${f.value}`), literal(draft.summary)].join('\n');
  return { visibility: 'private', text, blocks };
}
