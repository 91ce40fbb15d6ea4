// Turns refusals into replies in the user's language.
import { isDomainError, type DomainError } from '../domain/errors.js';
import { translate, type MessageKey } from '../i18n/catalog.js';
import type { ChatContext, Refusal, ViewContext } from './context.js';
import type { CustomerOptions, ParseError } from './grammar.js';
import { preview } from './format.js';
import { ACTIONS } from './ids.js';
import { literal } from './markup.js';
import { block, button, privateReply, type Reply } from './reply.js';

const CUSTOMER_FIELDS: ReadonlyArray<keyof CustomerOptions> = ['name', 'company', 'phone', 'email', 'industry', 'region', 'owner', 'tags', 'stage', 'spend', 'orders', 'lastOrder', 'cadence', 'channel', 'language'];

/** What the grammar names a missing or invalid argument → its label; customer fields use the card's labels. */
const ARGUMENT_LABELS: Readonly<Record<string, MessageKey>> = {
  customer: 'arg.customer',
  date: 'arg.date',
  summary: 'arg.summary',
  reason: 'arg.reason',
  role: 'arg.role',
  hours: 'arg.hours',
  next: 'arg.next',
  id: 'arg.id',
  'id|customer': 'arg.id_or_customer',
  n: 'arg.count',
  'field=value': 'arg.field_value',
  'csat|nps': 'arg.poll_kind',
  'export|erase': 'arg.privacy_action',
  'every quarter': 'arg.schedule',
  '#channel': 'arg.channel',
  '@user': 'arg.user',
  '@manager': 'arg.manager',
  '@rep': 'arg.rep',
  '@leaver': 'arg.leaver',
  '@successor': 'arg.successor',
  ...Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, `field.${field}` as MessageKey])),
};

/** Where one name means something else: `log`'s channel is the contact type, not the shared channel. */
const LABELS_IN_USAGE: Readonly<Record<string, MessageKey>> = { 'log channel': 'arg.contact_type' };

const NAMES_AN_ARGUMENT: ReadonlySet<ParseError['code']> = new Set(['missing_argument', 'invalid_value']);

/** The subject of a parse error: an argument's label in the reader's language, or what was typed, as typed. */
function subjectText(ctx: ChatContext, error: ParseError): string {
  const subject = error.subject ?? '';
  const label = NAMES_AN_ARGUMENT.has(error.code) ? (LABELS_IN_USAGE[`${error.usage} ${subject}`] ?? ARGUMENT_LABELS[subject]) : undefined;
  return label ? ctx.t(label) : literal(subject);
}

export function parseErrorReply(ctx: ChatContext, error: ParseError): Reply {
  const subject = subjectText(ctx, error);
  const problem = ctx.t(`error.${error.code}` as MessageKey, { subject });
  const usage = ctx.t('error.usage', { usage: ctx.t(`usage.${error.usage}`) });
  if (error.suggestion === undefined) return privateReply(`⚠️ ${problem}\n${usage}`);
  // A typo: offer the corrected command as a button that runs it.
  // A code span cannot hold a backtick: a command with one is shown as typed text instead.
  const command = `/crm ${error.suggestion}`;
  const question = ctx.t('error.did_you_mean', { suggestion: command.includes('`') ? `“${literal(command)}”` : `\`${command}\`` });
  const text = `⚠️ ${problem} ${question}`;
  return privateReply(`${text}\n${usage}`, [block.section(text), block.actions(button(ACTIONS.runCommand, preview(error.suggestion, 70), error.suggestion, 'primary')), block.context(usage)]);
}

export function domainErrorMessage(ctx: ViewContext, error: DomainError): string {
  const params = { ...error.params };
  if (error.code === 'permission.denied') params.reason = ctx.t(`denial.${String(error.params.reason)}` as MessageKey);
  return ctx.t(`error.${error.code}` as MessageKey, params);
}

export function domainErrorReply(ctx: ChatContext, error: DomainError): Reply {
  return privateReply(`⚠️ ${domainErrorMessage(ctx, error)}`);
}

export function errorReply(ctx: ChatContext, error: unknown): Reply | null {
  return isDomainError(error) ? domainErrorReply(ctx, error) : null;
}

/** The one answer for someone who is not staff (the bot is for the company's own people), or could not be checked. */
export function staffRefusalReply(refusal: Refusal): Reply {
  const key = refusal.refused === 'not_invited' ? 'staff.not_invited' : refusal.refused === 'unverified' ? 'staff.unverified' : 'staff.refused';
  return privateReply(translate(refusal.locale, key));
}
