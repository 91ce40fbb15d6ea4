// Team listing and the audit trail.
import type { AuditEvent, Customer, User } from '../../domain/types.js';
import type { MessageKey } from '../../i18n/catalog.js';
import type { ChatContext } from '../context.js';
import { formatMoment, personName, preview } from '../format.js';
import { block, type Block, type Reply } from '../reply.js';

export function teamReply(ctx: ChatContext, manager: User, members: User[]): Reply {
  const title = ctx.t('team.title', { manager: personName(manager), count: members.length });
  const lines = members.map((m) => `• ${personName(m)} (${ctx.t(`role.${m.role}`)})`);
  const body = lines.length ? lines.join('\n') : ctx.t('team.empty');
  return { visibility: 'private', text: `${title}\n${body}`, blocks: [block.header(title), block.section(body)] };
}

const KNOWN_ACTIONS = new Set(['customer.create', 'customer.edit', 'contact.log', 'access.denied', 'customer.reassign', 'customer.share', 'customer.unshare', 'privacy.export', 'privacy.erase']);

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return preview(value, 80);
  return preview(JSON.stringify(value), 80);
}

/** "field: before → after" for every key either side mentions. */
function changes(event: AuditEvent): string[] {
  const parse = (text: string | null): Record<string, unknown> => {
    try {
      const value: unknown = text ? JSON.parse(text) : {};
      return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const before = parse(event.before);
  const after = parse(event.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.map((key) => (key in before ? `\`${key}\`: ${describeValue(before[key])} → ${describeValue(after[key])}` : `\`${key}\`: ${describeValue(after[key])}`));
}

export function auditTrailReply(ctx: ChatContext, trail: { customer: Customer; events: AuditEvent[]; people: Map<number, User> }): Reply {
  const title = ctx.t('audit.title', { customer: trail.customer.name, count: trail.events.length });
  if (trail.events.length === 0) return { visibility: 'private', text: `${title}\n${ctx.t('audit.empty')}`, blocks: [block.header(title), block.section(ctx.t('audit.empty'))] };
  const entries = trail.events.map((event) => {
    const actor = event.actorId === null ? ctx.t('audit.system') : personName(trail.people.get(event.actorId));
    const action = KNOWN_ACTIONS.has(event.action) ? ctx.t(`audit.action.${event.action}` as MessageKey) : ctx.t('audit.action.other', { action: event.action });
    const head = ctx.t('audit.line', { when: formatMoment(ctx, event.at), actor, action });
    return [`**${head}**`, ...changes(event)].join('\n');
  });
  // One section per entry keeps each under the platform's text limit; 50 entries + header fit a message.
  const blocks: Block[] = [block.header(title), ...entries.map((e) => block.section(e))];
  return { visibility: 'private', text: [title, ...entries].join('\n'), blocks };
}
