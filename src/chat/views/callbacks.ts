// Reminders (回访) as the rep, the manager and `/crm due` see them.
import type { Callback, Customer, ContactLog, Page, User } from '../../domain/types.js';
import type { Domain } from '../../domain/index.js';
import type { ViewContext } from '../context.js';
import { formatDay, formatMoment, personLabel, personName, preview } from '../format.js';
import { ACTIONS, FORMS } from '../ids.js';
import { block, button, type Block, type Control, type Form, type Reply } from '../reply.js';
import { customerName, literal } from '../markup.js';

export interface CallbackView {
  callback: Callback;
  customer: Customer;
  lastContact: ContactLog | null;
  cadenceDays: number;
}

/** A callback with what its views show: the customer and the last contact. */
export async function callbackView(ctx: { domain: Domain }, callback: Callback): Promise<CallbackView> {
  const { customer, lastContact } = await ctx.domain.callbacks.details(callback);
  return { callback, customer, lastContact, cadenceDays: ctx.domain.callbacks.schedule.cadenceFor(customer) };
}

/** An overdue callback as its rep's manager sees it. */
export interface OverdueView extends CallbackView {
  rep: User;
  daysOverdue: number;
}

/** How many lines a digest shows; the rest are a click away, in the paged `/crm due` list. */
export const DIGEST_LINES = 20;

export function reasonText(ctx: ViewContext, view: Pick<CallbackView, 'callback' | 'customer' | 'cadenceDays'>): string {
  const { callback, customer } = view;
  switch (callback.reason) {
    case 'cadence':
      return ctx.t('reason.cadence', { days: view.cadenceDays, tier: ctx.tierName(customer.tier) });
    case 'one_off':
      return callback.note ? ctx.t('reason.one_off', { note: literal(preview(callback.note, 200)) }) : ctx.t('reason.one_off_plain');
    default:
      return ctx.t(`reason.${callback.reason}`);
  }
}

function snoozeSelect(ctx: ViewContext, id: number): Control {
  return {
    type: 'select',
    action: ACTIONS.callbackSnooze,
    placeholder: ctx.t('snooze.placeholder'),
    options: (['1d', '3d', '1w', 'pick'] as const).map((choice) => ({ label: ctx.t(`snooze.${choice}`), value: `${id}:${choice}` })),
  };
}

/** The controls on a reminder; managers also get a reassign choice among their team. */
function reminderControls(ctx: ViewContext, callback: Callback, team: User[]): Control[] {
  const controls: Control[] = [
    button(ACTIONS.callbackLogCall, ctx.t('button.log_call'), String(callback.id), 'primary'),
    button(ACTIONS.callbackDone, ctx.t('button.done'), String(callback.id)),
    snoozeSelect(ctx, callback.id),
  ];
  const others = team.filter((u) => u.id !== callback.assigneeId).slice(0, 100);
  if (others.length > 0) {
    controls.push({ type: 'select', action: ACTIONS.callbackReassign, placeholder: ctx.t('reassign.placeholder'), options: others.map((u) => ({ label: personLabel(u), value: `${callback.id}:${u.id}` })) });
  }
  return controls;
}

function facts(ctx: ViewContext, view: CallbackView) {
  const last = view.lastContact ? `${formatDay(ctx, view.lastContact.occurredAt)} · ${ctx.t(`channel.${view.lastContact.channel}`)}: ${literal(preview(view.lastContact.summary || '—', 300))}` : ctx.t('reminder.last_none');
  return [
    { label: ctx.t('reminder.tier'), value: ctx.tierName(view.customer.tier) },
    { label: ctx.t('reminder.due'), value: formatMoment(ctx, view.callback.dueAt) },
    { label: ctx.t('reminder.why'), value: reasonText(ctx, view) },
    { label: ctx.t('reminder.last'), value: last },
  ];
}

export function reminderReply(ctx: ViewContext, view: CallbackView, team: User[] = []): Reply {
  const title = ctx.t('reminder.title', { customer: customerName(ctx, view.customer) });
  const fields = facts(ctx, view);
  return {
    visibility: 'private',
    text: [title, ...fields.map((f) => `${f.label}: ${f.value}`)].join('\n'),
    blocks: [block.header(title), block.fields(fields), block.actions(...reminderControls(ctx, view.callback, team))],
  };
}

/**
 * One message for many callbacks (a rep's reminders, a manager's escalations): a line each with its
 * own Done button, the first DIGEST_LINES of them, then the rest counted with a button to the full list.
 */
function digestOf<T extends CallbackView>(ctx: ViewContext, title: string, views: T[], detail: (view: T) => string, rest: { more: string; command: string }): Reply {
  const shown = views.slice(0, DIGEST_LINES);
  const blocks: Block[] = [block.header(title)];
  for (const view of shown) {
    blocks.push(block.section(`**${customerName(ctx, view.customer)}** · ${detail(view)}`, button(ACTIONS.callbackDone, ctx.t('button.done'), String(view.callback.id))));
  }
  if (views.length > shown.length) {
    blocks.push(block.context(rest.more), block.actions(button(ACTIONS.runCommand, ctx.t('digest.show_all'), rest.command)));
  }
  const lines = views.map((v) => `${customerName(ctx, v.customer)} · ${detail(v)}`);
  return { visibility: 'private', text: [title, ...lines].join('\n'), blocks };
}

/** A rep's reminders, many at once. */
export function digestReply(ctx: ViewContext, views: CallbackView[]): Reply {
  const more = ctx.t('digest.more', { count: views.length - Math.min(views.length, DIGEST_LINES) });
  return digestOf(ctx, ctx.t('digest.title', { count: views.length }), views, (v) => `${formatMoment(ctx, v.callback.dueAt)} · ${reasonText(ctx, v)}`, { more, command: 'due' });
}

/** A manager's escalations, many at once: whose, since when, how late, and why (the lines must differ, like a rep's digest). */
export function escalationDigestReply(ctx: ViewContext, views: OverdueView[]): Reply {
  const more = ctx.t('escalation.digest_more', { count: views.length - Math.min(views.length, DIGEST_LINES) });
  const detail = (v: OverdueView) => `${ctx.t('escalation.digest_line', { rep: personName(v.rep), due: formatDay(ctx, v.callback.dueAt), days: v.daysOverdue })} · ${reasonText(ctx, v)}`;
  return digestOf(ctx, ctx.t('escalation.digest_title', { count: views.length }), views, detail, { more, command: 'due team overdue' });
}

export function escalationReply(ctx: ViewContext, view: CallbackView, rep: User, daysOverdue: number, team: User[]): Reply {
  const title = ctx.t('escalation.title', { customer: customerName(ctx, view.customer) });
  const text = ctx.t('escalation.text', { rep: personName(rep), customer: customerName(ctx, view.customer), due: formatDay(ctx, view.callback.dueAt), days: daysOverdue });
  return {
    visibility: 'private',
    text: `${title}\n${text}`,
    blocks: [block.header(title), block.section(text), block.fields(facts(ctx, view)), block.actions(...reminderControls(ctx, view.callback, team))],
  };
}

/** What a reminder message becomes once someone acted on it. */
export function handledReply(ctx: ViewContext, view: Pick<CallbackView, 'customer'>, what: string): Reply {
  const title = ctx.t('reminder.title', { customer: customerName(ctx, view.customer) });
  return { visibility: 'private', replaceOriginal: true, text: `${title}\n${what}`, blocks: [block.section(`**${title}**`), block.context(`✅ ${what}`)] };
}

/** `pageCommand` gives the command text of another page, for Previous / Next buttons. */
export function dueListReply(ctx: ViewContext, page: Page<CallbackView & { assignee: User | null }>, title: string, pageCommand?: (page: number) => string): Reply {
  if (page.total === 0) return { visibility: 'private', text: `${title}\n${ctx.t('due.empty')}`, blocks: [block.header(title), block.section(ctx.t('due.empty'))] };
  const lines = page.items.map((v) => {
    const failing = v.callback.lastError ? ` · ${ctx.t('due.failing', { error: v.callback.lastError })}` : '';
    return `**${customerName(ctx, v.customer)}** · ${formatMoment(ctx, v.callback.dueAt)} · ${personName(v.assignee)} · ${reasonText(ctx, v)}${failing}`;
  });
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const blocks: Block[] = [block.header(title), ...page.items.map((v, i) => block.section(lines[i] ?? '', button(ACTIONS.callbackDone, ctx.t('button.done'), String(v.callback.id))))];
  const nav: Control[] = [];
  if (pageCommand && page.page > 1) nav.push(button(ACTIONS.runCommand, ctx.t('customer.list.prev'), pageCommand(page.page - 1)));
  if (pageCommand && page.page < pages) nav.push(button(ACTIONS.runCommand, ctx.t('customer.list.next'), pageCommand(page.page + 1)));
  if (nav.length > 0) blocks.push(block.actions(...nav));
  blocks.push(block.context(ctx.t('customer.list.page', { page: page.page, pages })));
  return { visibility: 'private', text: [title, ...lines].join('\n'), blocks };
}

/** `state` is the callback id, and the (signed) reminder message to replace when there is one. */
export function snoozeForm(ctx: ViewContext, state: string, initial: string): Form {
  return {
    id: FORMS.snooze,
    title: ctx.t('form.snooze.title'),
    submitLabel: ctx.t('button.save'),
    closeLabel: ctx.t('form.close'),
    state,
    inputs: [{ type: 'date', id: 'until', label: ctx.t('form.snooze.date'), initial }],
  };
}
