// The one place that decides who may do what. Adapters and the chat layer never decide:
// they ask the domain, which asks this module.
import type { Customer, User } from './types.js';

export type CustomerAction = 'customer.show' | 'customer.edit' | 'customer.reassign' | 'contact.log';
export type GeneralAction = 'customer.create' | 'customer.list' | 'customer.assign_other_owner';

export type Decision = { allowed: true } | { allowed: false; reason: DenialReason };
export type DenialReason = 'not_owner' | 'not_team' | 'role';

const ALLOW: Decision = { allowed: true };
const deny = (reason: DenialReason): Decision => ({ allowed: false, reason });

/** Ids of the reps whose customers a manager may see (their team). */
export interface AccessContext {
  teamMemberIds: ReadonlySet<number>;
}

export function decideOnCustomer(actor: User, action: CustomerAction, customer: Customer, access: AccessContext): Decision {
  if (actor.role === 'admin') return ALLOW;
  if (customer.ownerId === actor.id) {
    // Moving a customer to someone else is a manager's call, even for its owner.
    return action === 'customer.reassign' ? deny('role') : ALLOW;
  }
  if (actor.role === 'manager') return access.teamMemberIds.has(customer.ownerId) ? ALLOW : deny('not_team');
  return deny('not_owner');
}

export function decideGeneral(actor: User, action: GeneralAction): Decision {
  switch (action) {
    case 'customer.create':
    case 'customer.list':
      return ALLOW;
    case 'customer.assign_other_owner':
      return actor.role === 'rep' ? deny('role') : ALLOW;
  }
}

/** Which owners' customers a listing may include: undefined means everyone's. */
export function visibleOwnerIds(actor: User, access: AccessContext): ReadonlySet<number> | undefined {
  if (actor.role === 'admin') return undefined;
  if (actor.role === 'manager') return new Set([actor.id, ...access.teamMemberIds]);
  return new Set([actor.id]);
}
