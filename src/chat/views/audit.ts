// The audit trail as sentences in the reader's language and timezone: "Fri 4 Dec 2026 14:05 Ann
// changed the owner of Acme Trading from Ann to Bob". People and customers by name, fields by
// their label, values as the card shows them; an action without a sentence of its own still reads.
import { ERASED_VALUE } from '../../domain/audit.js';
import { DENIAL_REASONS, type DenialReason } from '../../domain/policy.js';
import type { AuditEvent, ContactChannel, Customer, LifecycleStage, Role, User } from '../../domain/types.js';
import { isMessageKey, type MessageKey, type Params } from '../../i18n/catalog.js';
import type { ViewContext } from '../context.js';
import { formatDay, formatMoment, formatMoney, personName, preview } from '../format.js';
import { customerName, literal } from '../markup.js';
import { block, type Block, type Reply } from '../reply.js';

export interface AuditTrail {
  customer: Customer;
  events: AuditEvent[];
  /** Everyone the events name: who acted, and the owners and colleagues in their values. */
  people: Map<number, User>;
}

type Snapshot = Record<string, unknown>;

function snapshot(text: string | null): Snapshot {
  try {
    const value: unknown = text ? JSON.parse(text) : {};
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Snapshot) : {};
  } catch {
    return {};
  }
}

/** Snapshot keys (domain/audit.ts customerSnapshot) → the labels the card and `customer edit` use. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'field.name',
  company: 'field.company',
  phone: 'field.phone',
  email: 'field.email',
  industry: 'field.industry',
  region: 'field.region',
  tags: 'field.tags',
  ownerId: 'field.owner',
  lifecycleStage: 'field.stage',
  cadenceDays: 'field.cadence',
  totalSpend: 'field.spend',
  orderCount: 'field.orders',
  lastOrderAt: 'field.lastOrder',
  channelId: 'field.channel',
  language: 'field.language',
};

const STAGES: ReadonlySet<string> = new Set<LifecycleStage>(['prospect', 'new', 'active', 'loyal', 'at_risk', 'churned']);
const CONTACT_KINDS: ReadonlySet<string> = new Set<ContactChannel>(['call', 'visit', 'email', 'wechat', 'meeting', 'other']);
const ROLES: ReadonlySet<string> = new Set<Role>(['admin', 'manager', 'rep']);

interface Reading {
  ctx: ViewContext;
  people: Map<number, User>;
}

function person(r: Reading, id: unknown): string {
  if (typeof id !== 'number') return r.ctx.t('audit.none');
  const user = r.people.get(id);
  return user ? personName(user) : `#${id}`;
}

function moment(r: Reading, iso: unknown): string {
  const date = typeof iso === 'string' ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? formatMoment(r.ctx, date) : r.ctx.t('audit.none');
}

/** One stored value the way the reader knows it. */
function value(r: Reading, field: string, raw: unknown): string {
  const { ctx } = r;
  if (raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return ctx.t('audit.none');
  if (raw === ERASED_VALUE) return ctx.t('audit.erased_value');
  if (field === 'ownerId') return person(r, raw);
  if (field === 'lifecycleStage' && typeof raw === 'string' && STAGES.has(raw)) return ctx.t(`stage.${raw as LifecycleStage}`);
  if (field === 'language' && (raw === 'en' || raw === 'zh')) return ctx.t(`language.${raw}`);
  if (field === 'totalSpend' && typeof raw === 'number') return formatMoney(ctx, raw);
  if (field === 'lastOrderAt' && typeof raw === 'string') return formatDay(ctx, new Date(raw));
  if (Array.isArray(raw)) return literal(preview(raw.map(String).join(', '), 80));
  return literal(preview(typeof raw === 'string' ? raw : JSON.stringify(raw), 80));
}

function list(r: Reading, items: string[]): string {
  return new Intl.ListFormat(r.ctx.locale === 'zh' ? 'zh-CN' : 'en', { type: 'conjunction' }).format(items);
}

interface Change {
  field: string;
  /** Absent when the field had no value before. */
  from?: string;
  to: string;
}

function changesOf(r: Reading, before: Snapshot, after: Snapshot): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.map((key) => {
    const field = FIELD_LABELS[key] ? r.ctx.t(FIELD_LABELS[key]) : literal(key);
    const from = before[key];
    return { field, to: value(r, key, after[key]), ...(from === null || from === undefined ? {} : { from: value(r, key, from) }) };
  });
}

/** "the region from West to East and the phone to 139****5678" */
function changeList(r: Reading, changes: Change[]): string {
  return list(r, changes.map((c) => (c.from === undefined ? r.ctx.t('audit.change_set', { field: c.field, to: c.to }) : r.ctx.t('audit.change', { field: c.field, from: c.from, to: c.to }))));
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const text = (v: unknown): string => literal(typeof v === 'string' ? v : '');

/** The sentence of one event; `subject` is who or what it is about, already in markup. */
export function auditSentence(ctx: ViewContext, people: Map<number, User>, event: AuditEvent, subject: string): string {
  const r: Reading = { ctx, people };
  const actor = event.actorId === null ? ctx.t('audit.system') : person(r, event.actorId);
  const before = snapshot(event.before);
  const after = snapshot(event.after);
  const say = (key: MessageKey, params: Params = {}) => ctx.t(key, { actor, subject, ...params });
  switch (event.action) {
    case 'customer.create': {
      // What it was created with (its name is the subject); defaults such as no spend are left out.
      const given = Object.entries(after).filter(([key, v]) => key !== 'name' && FIELD_LABELS[key] && v !== null && v !== 0 && v !== '' && !(Array.isArray(v) && v.length === 0));
      const values = given.map(([key, v]) => ctx.t('audit.value', { field: ctx.t(FIELD_LABELS[key]!), value: value(r, key, v) }));
      return values.length ? say('audit.customer.create_with', { values: list(r, values) }) : say('audit.customer.create');
    }
    case 'customer.edit': {
      // One field reads as the issue's own sentence ("changed the owner of Acme from Alice to Bob"); several as a list.
      const changes = changesOf(r, before, after);
      const [only] = changes;
      if (changes.length !== 1 || !only) return say('audit.customer.edit', { changes: changeList(r, changes) });
      return only.from === undefined ? say('audit.customer.edit_one_set', { field: only.field, to: only.to }) : say('audit.customer.edit_one', { field: only.field, from: only.from, to: only.to });
    }
    case 'customer.reassign':
      return say(after.reason === 'handover' ? 'audit.customer.reassign_handover' : 'audit.customer.reassign', { from: person(r, before.ownerId), to: person(r, after.ownerId) });
    case 'customer.share':
      return say('audit.customer.share', { user: person(r, after.sharedWith) });
    case 'customer.unshare':
      return say('audit.customer.unshare', { user: person(r, before.sharedWith) });
    case 'customer.stage':
      if (after.lifecycleStage === 'auto') return say('audit.customer.stage_auto');
      return say('audit.customer.stage', { stage: value(r, 'lifecycleStage', after.lifecycleStage), reason: text(after.reason) });
    case 'contact.log': {
      const kind = typeof after.channel === 'string' && CONTACT_KINDS.has(after.channel) ? (after.channel as ContactChannel) : 'other';
      const contact = ctx.t(`contact_kind.${kind}`);
      return typeof after.nextFollowUpAt === 'string' ? say('audit.contact.log_next', { contact, date: formatDay(ctx, new Date(after.nextFollowUpAt)) }) : say('audit.contact.log', { contact });
    }
    case 'callback.remind':
      return say('audit.callback.remind', { date: moment(r, after.dueAt) });
    case 'callback.done':
      return say('audit.callback.done');
    case 'callback.snooze':
      return say('audit.callback.snooze', { date: moment(r, after.until) });
    case 'poll.create':
      return say('audit.poll.create', { poll: num(after.pollId), kind: after.kind === 'nps' || after.kind === 'csat' ? ctx.t(`poll.kind.${after.kind}`) : text(after.kind) });
    case 'poll.close':
      return say('audit.poll.close', { poll: num(after.pollId) });
    case 'privacy.export':
      return say('audit.privacy.export');
    case 'privacy.erase':
      return say('audit.privacy.erase', { contacts: num(after.contactsRedacted), answers: num(after.pollAnswersRedacted) });
    case 'access.denied': {
      const reason = typeof after.reason === 'string' && DENIAL_REASONS.includes(after.reason as DenialReason) ? ctx.t(`denial.${after.reason as DenialReason}`) : text(after.reason);
      return say('audit.access.denied', { attempted: text(typeof after.attempted === 'string' ? after.attempted : event.entityId), reason });
    }
    case 'user.first_contact':
      return say('audit.user.first_contact');
    case 'user.role':
      return say('audit.user.role', { role: typeof after.role === 'string' && ROLES.has(after.role) ? ctx.t(`role.${after.role as Role}`) : text(after.role) });
    case 'user.hours':
      return say('audit.user.hours', { start: text(after.start), end: text(after.end), timezone: text(after.timezone) });
    case 'account.link':
      return say('audit.account.link', { account: text(after.externalId), platform: platformText(ctx, after.platform) });
    case 'account.merge':
      return say('audit.account.merge', { account: text(after.externalId), platform: platformText(ctx, after.platform) });
    case 'account.unlink':
      return say('audit.account.unlink', { account: text(before.externalId), platform: platformText(ctx, before.platform) });
    case 'user.notify':
      return say('audit.user.notify', { platform: after.notifyPlatform ? platformText(ctx, after.notifyPlatform) : ctx.t('audit.user.notify_auto') });
    case 'team.add':
      return say('audit.team.add', { manager: person(r, after.managerId) });
    case 'team.remove':
      return say('audit.team.remove', { manager: person(r, before.managerId) });
    case 'user.handover':
      return say('audit.user.handover', { count: num(after.customers), successor: person(r, after.successorId) });
    case 'survey.schedule':
      return say('audit.survey.schedule', { id: event.entityId, kind: after.kind === 'nps' || after.kind === 'csat' ? ctx.t(`poll.kind.${after.kind}`) : text(after.kind) });
    case 'survey.cancel':
      return say('audit.survey.cancel', { id: event.entityId });
    default: {
      // An action written after this view: still who, what and the values that changed.
      const head = say('audit.other', { action: `\`${literal(event.action)}\`` });
      const changes = changesOf(r, before, after);
      const changed = changes.length > 0 ? `: ${changeList(r, changes)}` : '';
      return head + changed;
    }
  }
}

export function auditTrailReply(ctx: ViewContext, trail: AuditTrail): Reply {
  const subject = customerName(ctx, trail.customer);
  const title = ctx.t('audit.title', { customer: subject, count: trail.events.length });
  if (trail.events.length === 0) return { visibility: 'private', text: `${title}\n${ctx.t('audit.empty')}`, blocks: [block.header(title), block.section(ctx.t('audit.empty'))] };
  const entries = trail.events.map((event) => ctx.t('audit.line', { when: `**${formatMoment(ctx, event.at)}**`, sentence: auditSentence(ctx, trail.people, event, `**${subject}**`) }));
  // One section per entry keeps each under the platform's text limit; 50 entries + header fit a message.
  const blocks: Block[] = [block.header(title), ...entries.map((e) => block.section(e))];
  return { visibility: 'private', text: [title, ...entries].join('\n'), blocks };
}

/** A platform as its readers call it (Slack, 企业微信); an unknown one as stored. */
function platformText(ctx: ViewContext, platform: unknown): string {
  const key = `platform.${String(platform)}`;
  return typeof platform === 'string' && isMessageKey(key) ? ctx.t(key) : literal(String(platform ?? '—'));
}
