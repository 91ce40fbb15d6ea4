// What goes into an audit snapshot. Personal contact values are masked: the trail shows that a
// phone or email changed without becoming a second copy of the customer's personal data.
import type { AuditEvent, Customer } from './types.js';

/** What an erased customer's sealed values read as; views show it in the reader's language. */
export const ERASED_VALUE = '[erased]';

/** 138****5678: the first three and last four digits of the national number (a country code is dropped). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').slice(-11);
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

export function customerSnapshot(customer: Customer): Record<string, unknown> {
  return {
    name: customer.name,
    company: customer.company,
    phone: customer.phone === null ? null : maskPhone(customer.phone),
    email: customer.email === null ? null : maskEmail(customer.email),
    industry: customer.industry,
    region: customer.region,
    tags: customer.tags,
    ownerId: customer.ownerId,
    lifecycleStage: customer.lifecycleStage,
    cadenceDays: customer.cadenceDays,
    totalSpend: customer.totalSpend,
    orderCount: customer.orderCount,
    lastOrderAt: customer.lastOrderAt?.toISOString() ?? null,
    channelId: customer.channelId,
    language: customer.language,
  };
}

/** Only the keys whose values differ, so an audit row says what changed and nothing else. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Snapshot keys that hold a user id (an owner, a colleague shared with, a manager, a successor). */
const USER_ID_KEYS = ['ownerId', 'sharedWith', 'managerId', 'successorId', 'userId'];

/** Everyone a trail names: who acted, and the people its values refer to, so it can say their names. */
export function referencedUserIds(events: AuditEvent[]): number[] {
  const ids = new Set<number>();
  for (const event of events) {
    if (event.actorId !== null) ids.add(event.actorId);
    for (const text of [event.before, event.after]) {
      let side: unknown;
      try {
        side = text ? JSON.parse(text) : null;
      } catch {
        continue;
      }
      if (typeof side !== 'object' || side === null) continue;
      for (const key of USER_ID_KEYS) {
        const id = (side as Record<string, unknown>)[key];
        if (typeof id === 'number') ids.add(id);
      }
    }
  }
  return [...ids];
}
