// Customer archive card and customer lists.
import { maskPhone } from '../../domain/audit.js';
import type { CustomerCard, CustomerPage } from '../../domain/customers.js';
import type { Callback, Customer } from '../../domain/types.js';
import { ACTIONS } from '../ids.js';
import type { ChatContext } from '../context.js';
import { formatDay, formatMoney, formatMoment, personName, preview } from '../format.js';
import { block, button, type Block, type Reply } from '../reply.js';
import { customerName, literal } from '../markup.js';
import { reasonText } from './callbacks.js';

/** "Next follow-up": the customer's first open callback (the one the reminder fires for), else none. */
function nextFollowUp(ctx: ChatContext, next: Callback | undefined): string {
  return next ? formatDay(ctx, next.dueAt) : ctx.t('card.none');
}

/** The customer's open callbacks: when (reader's timezone), who, why (a one-off's note). */
function openCallbackLines(ctx: ChatContext, card: CustomerCard): string {
  const { customer, openCallbacks, people, cadenceDays } = card;
  if (openCallbacks.total === 0) return ctx.t('card.no_callbacks');
  const lines = openCallbacks.items.map((callback) =>
    ctx.t('card.callback_line', { when: formatMoment(ctx, callback.dueAt), assignee: personName(people.get(callback.assigneeId)), why: reasonText(ctx, { callback, customer, cadenceDays }) }),
  );
  const more = openCallbacks.total - openCallbacks.items.length;
  return [...lines, ...(more > 0 ? [ctx.t('card.callbacks_more', { count: more })] : [])].join('\n');
}

/** Spend in the configured currency (what tiers count); orders in others listed per currency, never added in. */
function valueText(ctx: ChatContext, card: CustomerCard): string {
  const spend = ctx.t('card.value_text', { spend: formatMoney(ctx, card.customer.totalSpend), orders: card.customer.orderCount });
  const others = card.spendByCurrency.filter((s) => s.currency !== ctx.currency);
  if (others.length === 0) return spend;
  const list = others.map((s) => ctx.t('figures.currency_total', { amount: formatMoney(ctx, s.amount, s.currency), orders: s.orders })).join(', ');
  return `${spend} · ${ctx.t('figures.other_currencies', { list })}`;
}

export function customerCardReply(ctx: ChatContext, card: CustomerCard, visibility: Reply['visibility'] = 'private'): Reply {
  const { customer, owner, recentContacts, people } = card;
  const none = ctx.t('card.none');
  const fields = [
    { label: ctx.t('card.owner'), value: personName(owner) },
    { label: ctx.t('card.stage'), value: ctx.t(`stage.${customer.lifecycleStage}`) },
    { label: ctx.t('card.company'), value: customer.company ? literal(customer.company) : none },
    { label: ctx.t('card.phone'), value: customer.phone ? literal(customer.phone) : none },
    { label: ctx.t('card.email'), value: customer.email ? literal(customer.email) : none },
    { label: ctx.t('card.industry'), value: customer.industry ? literal(customer.industry) : none },
    { label: ctx.t('card.region'), value: customer.region ? literal(customer.region) : none },
    { label: ctx.t('card.tags'), value: customer.tags.length ? literal(customer.tags.join(', ')) : none },
    { label: ctx.t('card.value'), value: valueText(ctx, card) },
    { label: ctx.t('card.next_follow_up'), value: nextFollowUp(ctx, card.openCallbacks.items[0]) },
    { label: ctx.t('card.channel'), value: customer.channelId ? (customer.channelName ? `#${literal(customer.channelName)}` : literal(customer.channelId)) : none },
    { label: ctx.t('card.language'), value: customer.language ? ctx.t(`language.${customer.language}`) : none },
  ];
  const contactLines = recentContacts.map((c) =>
    ctx.t('card.contact_line', { when: formatMoment(ctx, c.occurredAt), channel: ctx.t(`channel.${c.channel}`), author: personName(people.get(c.authorId)), summary: literal(preview(c.summary, 200)) }),
  );
  const recent = contactLines.length ? contactLines.join('\n') : ctx.t('card.no_contacts');
  const callbacks = `${ctx.t('card.callbacks', { total: card.openCallbacks.total })}\n${openCallbackLines(ctx, card)}`;
  const name = customerName(ctx, customer);
  const blocks: Block[] = [
    block.header(name),
    block.fields(fields),
    block.section(callbacks),
    block.section(`${ctx.t('card.recent')}\n${recent}`),
    block.actions(button(ACTIONS.openLogForm, ctx.t('button.log_contact'), String(customer.id), 'primary')),
    block.context(ctx.t('card.id', { id: customer.id, created: formatDay(ctx, customer.createdAt) })),
  ];
  const text = [name, ...fields.map((f) => `${f.label}: ${f.value}`), callbacks, recent].join('\n');
  return { visibility, text, blocks };
}

/** The card of a customer just created, headed by who owns it. */
export function createdCardReply(ctx: ChatContext, card: CustomerCard): Reply {
  const created = ctx.t('customer.created', { name: customerName(ctx, card.customer), id: card.customer.id, owner: personName(card.owner) });
  const reply = customerCardReply(ctx, card);
  return { ...reply, text: `${created}\n${reply.text}`, blocks: [block.section(`✅ ${created}`), ...reply.blocks] };
}

export function customerListReply(ctx: ChatContext, page: CustomerPage, query: { scope: 'mine' | 'all'; tag?: string }, ownOnly: boolean): Reply {
  const scope = ctx.t(`scope.${query.scope}`);
  const title = query.tag ? ctx.t('customer.list.title_tag', { scope, tag: literal(query.tag), total: page.total }) : ctx.t('customer.list.title', { scope, total: page.total });
  if (page.total === 0) return { visibility: 'private', text: `${title}\n${ctx.t('customer.list.empty')}`, blocks: [block.header(title), block.section(ctx.t('customer.list.empty'))] };
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  // Lists are glanced at in shared places: the phone is masked here, shown in full only on the card.
  const lines = page.items.map((c) =>
    [`**${customerName(ctx, c)}**`, `#${c.id}`, ctx.t(`stage.${c.lifecycleStage}`), c.company && literal(c.company), c.phone && literal(maskPhone(c.phone)), `${ctx.t('card.next_follow_up')}: ${nextFollowUp(ctx, page.nextCallbacks.get(c.id))}`].filter(Boolean).join(' · '),
  );
  const blocks: Block[] = [block.header(title), ...page.items.map((c, i) => block.section(lines[i] ?? '', button(ACTIONS.showCustomer, ctx.t('button.open'), String(c.id))))];
  const nav = [];
  const state = (p: number) => JSON.stringify({ scope: query.scope, tag: query.tag ?? null, page: p });
  if (page.page > 1) nav.push(button(ACTIONS.listPage, ctx.t('customer.list.prev'), state(page.page - 1)));
  if (page.page < pages) nav.push(button(ACTIONS.listPage, ctx.t('customer.list.next'), state(page.page + 1)));
  if (nav.length) blocks.push(block.actions(...nav));
  const footer = ctx.t('customer.list.page', { page: page.page, pages }) + (ownOnly ? ` · ${ctx.t('customer.list.own_only')}` : '');
  blocks.push(block.context(footer));
  return { visibility: 'private', text: [title, ...lines, footer].join('\n'), blocks };
}

/** Several customers match: one button each, carrying the command to run with the chosen id. */
export function ambiguousReply(ctx: ChatContext, query: string, candidates: Customer[], choose: CustomerChoice, total?: number): Reply {
  return customerChoicesReply(ctx, ctx.t('customer.ambiguous', { query: literal(query) }), candidates, choose, total);
}

/** Nothing matches, but these names are a typo away: "did you mean …?", one choice each. */
export function didYouMeanReply(ctx: ChatContext, query: string, suggestions: Customer[], choose: CustomerChoice): Reply {
  return customerChoicesReply(ctx, ctx.t('customer.did_you_mean', { query: literal(query) }), suggestions, choose);
}

/** What picking one of several customers does: `action` with the value for that customer's id. */
export interface CustomerChoice {
  action: string;
  valueFor: (id: number) => string;
}

/** A list of choices: each renderer shows as many as fit and counts the rest. */
function customerChoicesReply(ctx: ChatContext, text: string, candidates: Customer[], choose: CustomerChoice, total?: number): Reply {
  const options = candidates.map((c) => ({ label: preview(`${c.name} (#${c.id})`, 70), value: choose.valueFor(c.id) }));
  const lines = candidates.map((c) => `${customerName(ctx, c)} (#${c.id})`);
  if (total !== undefined && total > candidates.length) lines.push(`… (+${total - candidates.length})`);
  return {
    visibility: 'private',
    text: `${text}\n${lines.join('\n')}`,
    blocks: [block.section(text), block.choices(choose.action, ctx.t('customer.choose'), options, total)],
  };
}

export function notFoundReply(ctx: ChatContext, query: string, create?: { action: string; value: string }): Reply {
  const text = ctx.t('error.customer.not_found', { query: literal(query) });
  const blocks: Block[] = [block.section(text)];
  if (create) blocks.push(block.actions(button(create.action, preview(ctx.t('customer.none.create', { name: query }), 70), create.value, 'primary')));
  return { visibility: 'private', text, blocks };
}
