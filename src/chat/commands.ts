// `/crm …`: parse → domain call → reply. No platform here.
import type { CustomerEdit } from '../domain/customers.js';
import { atLocalTime } from '../domain/time.js';
import type { Customer } from '../domain/types.js';
import type { MessageKey } from '../i18n/catalog.js';
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { parseErrorReply } from './errors.js';
import { channelPickerReply } from './channel-picker.js';
import { parseCommand, type Command, type CustomerOptions } from './grammar.js';
import { dateProblemText, firstDateProblem } from './date-replies.js';
import { parseWhen } from './text/dates.js';
import { block, privateReply } from './reply.js';
import { createdCardReply, customerCardReply, customerListReply } from './views/customer.js';
import { withCustomer } from './customer-ref.js';
import { draftReply, loggedReply, logContactForm } from './views/contact.js';
import { helpReply } from './views/help.js';
import { assignedNotification } from './notifications.js';
import { resolveMention } from './mentions.js';
import { runAccessCommand } from './access-commands.js';
import { runAccountCommand } from './account-commands.js';
import { runPrivacyCommand } from './privacy-commands.js';
import { runCallbackCommand } from './callback-commands.js';
import { runPollCommand } from './poll-commands.js';
import { runValueCommand } from './value-commands.js';
import { readTypedNames } from './typed-names.js';
import { peopleAsText } from './people-in-text.js';
import { customerName, literal } from './markup.js';

export async function runCommand(ctx: ChatContext, text: string): Promise<Outcome> {
  const typed = await readTypedNames(ctx, text);
  if (!typed.ok) return { reply: typed.reply };
  const parsed = parseCommand(typed.text);
  if (!parsed.ok) return { reply: parsed.error.code === 'channel_not_picked' ? channelPickerReply(ctx, typed.text, parsed.error) : parseErrorReply(ctx, parsed.error) };
  return execute(ctx, parsed.command);
}

async function execute(ctx: ChatContext, command: Command): Promise<Outcome> {
  switch (command.kind) {
    case 'help':
      return { reply: helpReply(ctx) };
    case 'customer.add':
      return addCustomer(ctx, command.name, command.options);
    case 'customer.show':
      return showCustomer(ctx, command.ref);
    case 'customer.list':
      return listCustomers(ctx, command);
    case 'customer.edit':
      return editCustomer(ctx, command);
    case 'log.form':
      return { form: logContactForm(ctx, { source: 'modal' }) };
    case 'log':
      return logContact(ctx, command);
    case 'customer.share':
    case 'customer.assign':
    case 'role':
    case 'team.show':
    case 'team.change':
    case 'handover':
    case 'audit':
      return runAccessCommand(ctx, command);
    case 'privacy.export':
    case 'privacy.erase':
      return runPrivacyCommand(ctx, command);
    case 'remind':
    case 'due':
    case 'settings.show':
    case 'settings.hours':
      return runCallbackCommand(ctx, command);
    case 'link.show':
    case 'link.redeem':
    case 'link.remove':
    case 'link.admin':
    case 'settings.notify':
      return runAccountCommand(ctx, command);
    case 'poll.create':
    case 'poll.close':
    case 'poll.results':
    case 'poll.list':
    case 'survey.schedule':
    case 'survey.list':
    case 'survey.cancel':
      return runPollCommand(ctx, command);
    case 'tier.show':
    case 'tiers.summary':
    case 'tiers.recompute':
    case 'report':
    case 'stage.set':
    case 'import.help':
      return runValueCommand(ctx, command);
  }
}

/** The archive fields a command may set, as the domain takes them. */
function customerFields(options: CustomerOptions) {
  return { company: options.company, phone: options.phone, email: options.email, industry: options.industry, region: options.region, tags: options.tags };
}

async function addCustomer(ctx: ChatContext, name: string, options: CustomerOptions): Promise<Outcome> {
  const owner = options.owner ? await resolveMention(ctx, options.owner) : ctx.actor;
  const customer = await ctx.domain.customers.add(ctx.actor, { name, ownerId: owner.id, ...customerFields(options) });
  return {
    reply: createdCardReply(ctx, await ctx.domain.customers.card(ctx.actor, customer.id)),
    notifications: assignedNotification(ctx, owner, customer),
  };
}

async function showCustomer(ctx: ChatContext, ref: string): Promise<Outcome> {
  return withCustomer(ctx, ref, 'customer.show', { rerun: (id) => `customer show #${id}`, offerCreate: true }, async (customer) => ({
    reply: customerCardReply(ctx, await ctx.domain.customers.card(ctx.actor, customer.id)),
  }));
}

export async function listCustomers(ctx: ChatContext, query: { scope: 'mine' | 'all'; tag?: string; page: number }): Promise<Outcome> {
  const page = await ctx.domain.customers.list(ctx.actor, query);
  const ownOnly = query.scope === 'all' && ctx.actor.role === 'rep';
  return { reply: customerListReply(ctx, page, query, ownOnly) };
}

async function editCustomer(ctx: ChatContext, command: Extract<Command, { kind: 'customer.edit' }>): Promise<Outcome> {
  return withCustomer(ctx, command.ref, 'customer.edit', { rerun: (id) => `customer edit #${id} ${command.rest}` }, (customer) => applyEdit(ctx, customer, command.options));
}

async function applyEdit(ctx: ChatContext, before: Customer, options: CustomerOptions): Promise<Outcome> {
  const owner = options.owner ? await resolveMention(ctx, options.owner) : undefined;
  const edit: CustomerEdit = {
    name: options.name,
    ...customerFields(options),
    ownerId: owner?.id,
    lifecycleStage: options.stage,
    totalSpend: options.spend,
    orderCount: options.orders,
    lastOrderAt: options.lastOrder ? atLocalTime(options.lastOrder, 12, 0, ctx.timezone) : undefined,
    cadenceDays: options.cadence,
    ...(options.channel !== undefined ? { channelId: options.channel?.id ?? null, channelName: options.channel?.name ?? null, channelPlatform: options.channel ? (options.channel.platform ?? ctx.speaker.platform) : null } : {}),
    language: options.language,
  };
  for (const key of Object.keys(edit) as Array<keyof CustomerEdit>) if (edit[key] === undefined) delete edit[key];
  const updated = await ctx.domain.customers.edit(ctx.actor, before.id, edit);
  const changed = (Object.keys(options) as Array<keyof CustomerOptions>).map((k) => ctx.t(`field.${k}` as MessageKey));
  const text = ctx.t('customer.updated', { name: customerName(ctx, updated), id: updated.id, fields: changed.join(', ') });
  return {
    reply: privateReply(`✅ ${text}`),
    notifications: owner && owner.id !== before.ownerId ? assignedNotification(ctx, owner, updated) : [],
  };
}

async function logContact(ctx: ChatContext, command: Extract<Command, { kind: 'log' }>): Promise<Outcome> {
  let next: Date | null = null;
  if (command.next !== undefined) {
    // "next friday" means the Friday of next week: read the keyword as part of the date when it can be.
    const options = { now: ctx.now, timezone: ctx.timezone, locale: ctx.locale };
    const readings = [parseWhen(command.next.phrase, options), parseWhen(command.next.date, options)];
    const when = readings.find((w) => w.ok);
    if (!when?.ok) return { reply: privateReply(`⚠️ ${dateProblemText(ctx, firstDateProblem(readings.filter((w) => !w.ok)), command.next.date)}`) };
    next = when.date;
  }
  const summary = await peopleAsText(ctx, command.summary);
  ctx.domain.contacts.validate({ summary, nextFollowUpAt: next }, ctx.timezone);
  const found = await ctx.domain.customers.resolve(ctx.actor, command.ref, 'contact.log');
  if (found.kind === 'found') {
    const logged = await ctx.domain.contacts.log(
      ctx.actor,
      { customerId: found.customer.id, channel: command.channel, summary, nextFollowUpAt: next, source: 'command', requestKey: ctx.meta.requestKey },
      ctx.timezone,
    );
    if (logged.duplicate) return { reply: privateReply(ctx.t('contact.duplicate')) };
    return { reply: loggedReply(ctx, logged, command.channel) };
  }
  // Unknown or ambiguous customer: keep what was typed as a draft, so nothing is lost while the user picks.
  const draft = await ctx.domain.drafts.create(ctx.actor, { customerId: null, customerText: command.ref, channel: command.channel, summary, nextFollowUpAt: next });
  const candidates = found.kind === 'ambiguous' ? found.candidates : found.suggestions;
  const reply = draftReply(ctx, draft, null, candidates);
  const lead = ctx.t(found.kind === 'ambiguous' ? 'customer.ambiguous' : candidates.length > 0 ? 'customer.did_you_mean' : 'error.customer.not_found', { query: literal(command.ref) });
  return { reply: { ...reply, text: `${lead}\n${reply.text}`, blocks: [block.section(`⚠️ ${lead}`), ...reply.blocks] } };
}
