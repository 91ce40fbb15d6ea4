// A customer's dossier as files (JSON for machines, CSV for spreadsheets) and the erase prompt.
import type { CustomerDossier } from '../../domain/privacy.js';
import type { Customer, User } from '../../domain/types.js';
import type { OutgoingFile } from '../bot-types.js';
import type { ChatContext, ViewContext } from '../context.js';
import { ACTIONS } from '../ids.js';
import { block, button, type Reply } from '../reply.js';
import { customerName } from '../markup.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

function auditJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function dossierJson(dossier: CustomerDossier): Record<string, unknown> {
  const c = dossier.customer;
  return {
    exportedAt: dossier.exportedAt.toISOString(),
    customer: {
      id: c.id,
      name: c.name,
      company: c.company,
      phone: c.phone,
      email: c.email,
      industry: c.industry,
      region: c.region,
      tags: c.tags,
      lifecycleStage: c.lifecycleStage,
      channelId: c.channelId,
      language: c.language,
      totalSpend: c.totalSpend,
      orderCount: c.orderCount,
      lastOrderAt: iso(c.lastOrderAt),
      lastContactAt: iso(c.lastContactAt),
      nextFollowUpAt: iso(dossier.nextCallback?.dueAt ?? null),
      erasedAt: iso(c.erasedAt),
      createdAt: iso(c.createdAt),
      updatedAt: iso(c.updatedAt),
    },
    owner: dossier.owner && { id: dossier.owner.id, name: dossier.owner.displayName, ...firstAccountOf(dossier.owner), accounts: accountsOf(dossier.owner) },
    sharedWith: dossier.sharedWith.map((u) => ({ id: u.id, name: u.displayName, ...firstAccountOf(u), accounts: accountsOf(u) })),
    contacts: dossier.contacts.map((log) => ({
      id: log.id,
      occurredAt: iso(log.occurredAt),
      channel: log.channel,
      outcome: log.outcome,
      summary: log.summary,
      nextFollowUpAt: iso(log.nextFollowUpAt),
      source: log.source,
      authorId: log.authorId,
    })),
    polls: dossier.polls.map(({ poll, answers }) => ({
      id: poll.id,
      kind: poll.kind,
      question: poll.question,
      anonymous: poll.anonymous,
      status: poll.status,
      channelId: poll.channelId,
      createdAt: iso(poll.createdAt),
      closesAt: iso(poll.closesAt),
      answers: answers.map((a) => ({ score: a.score, comment: a.comment, respondentName: a.respondentName, respondentId: a.respondentId, answeredAt: iso(a.updatedAt) })),
    })),
    auditTrail: dossier.audit.map((e) => ({ id: e.id, at: iso(e.at), actorId: e.actorId, action: e.action, before: auditJson(e.before), after: auditJson(e.after) })),
  };
}

/** One cell: quoted when needed, and a leading = + - @ neutralised so no spreadsheet runs it. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Long format (record, id, field, value): every stored value, whatever its kind, in one sheet. */
export function dossierCsv(dossier: CustomerDossier): string {
  const json = dossierJson(dossier);
  const rows: unknown[][] = [['record', 'id', 'field', 'value']];
  const push = (record: string, id: unknown, item: Record<string, unknown>) => {
    for (const [field, value] of Object.entries(item)) if (field !== 'id') rows.push([record, id, field, value]);
  };
  push('customer', dossier.customer.id, json.customer as Record<string, unknown>);
  if (json.owner) push('owner', dossier.owner?.id, json.owner as Record<string, unknown>);
  for (const user of json.sharedWith as Array<Record<string, unknown>>) push('shared_with', user.id, user);
  for (const contact of json.contacts as Array<Record<string, unknown>>) push('contact', contact.id, contact);
  for (const poll of json.polls as Array<Record<string, unknown>>) push('poll', poll.id, poll);
  for (const event of json.auditTrail as Array<Record<string, unknown>>) push('audit', event.id, event);
  // A BOM so spreadsheet programs read the UTF-8 (Chinese names) correctly.
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function dossierFiles(ctx: ViewContext, dossier: CustomerDossier): OutgoingFile[] {
  const base = `customer-${dossier.customer.id}-${dossier.exportedAt.toISOString().slice(0, 10)}`;
  const title = (format: string) => ctx.t('privacy.file_title', { id: dossier.customer.id, format });
  return [
    { filename: `${base}.json`, title: title('JSON'), mimeType: 'application/json', content: `${JSON.stringify(dossierJson(dossier), null, 2)}\n` },
    { filename: `${base}.csv`, title: title('CSV'), mimeType: 'text/csv', content: dossierCsv(dossier) },
  ];
}

export function eraseConfirmReply(ctx: ChatContext, customer: Customer, signedValue: string): Reply {
  const text = ctx.t('privacy.erase_confirm', { customer: customerName(ctx, customer), id: customer.id });
  return {
    visibility: 'private',
    text,
    blocks: [block.section(`⚠️ ${text}`), block.actions(button(ACTIONS.eraseConfirm, ctx.t('button.erase'), signedValue, 'danger'), button(ACTIONS.eraseCancel, ctx.t('button.cancel'), String(customer.id)))],
  };
}

/** A person's platform identities, as the export lists them. */
function accountsOf(person: User): Array<{ platform: string; externalId: string }> {
  return person.accounts.map((a) => ({ platform: a.platform, externalId: a.externalId }));
}

/** The person's first account, as the export named people before they had several. */
function firstAccountOf(person: User): { platform?: string; externalId?: string } {
  const first = person.accounts[0];
  return first ? { platform: first.platform, externalId: first.externalId } : {};
}
