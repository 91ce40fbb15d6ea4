// The one place that decides who may do what. Adapters and the chat layer never decide: they ask
// the domain, which asks this module. Every rule is a row of data below, so the permission
// matrix test can check each cell.
import type { Customer, Role, User } from './types.js';

/** Actions on one customer. */
export type CustomerAction =
  | 'customer.show'
  | 'customer.edit'
  | 'contact.log'
  | 'callback.remind'
  | 'callback.snooze'
  | 'poll.create'
  | 'tier.show'
  | 'customer.share'
  | 'customer.reassign'
  | 'callback.cadence'
  | 'audit.read'
  | 'privacy.export'
  | 'privacy.erase';

/** Actions not about one customer. */
export type GeneralAction =
  | 'customer.create'
  | 'customer.list'
  | 'customer.assign_other_owner'
  | 'role.change'
  | 'team.change'
  | 'handover'
  | 'tiers.team'
  | 'report.team'
  | 'survey.manage'
  | 'tiers.recompute'
  | 'account.link_other';

/** How the actor stands to a customer. */
export type Relation = 'own' | 'shared' | 'team' | 'other';

/** not_team: a customer outside the actor's team; not_team_member: a person outside it (due @x, handover, report @x). */
export const DENIAL_REASONS = ['not_owner', 'not_team', 'not_team_member', 'role'] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];
export type Decision = { allowed: true } | { allowed: false; reason: DenialReason };

const EVERY: readonly Relation[] = ['own', 'shared', 'team', 'other'];
const WORKING: Record<Role, readonly Relation[]> = { admin: EVERY, manager: ['own', 'shared', 'team'], rep: ['own', 'shared'] };
const STEWARDING: Record<Role, readonly Relation[]> = { admin: EVERY, manager: ['own', 'team'], rep: [] };

export const CUSTOMER_RULES: Record<CustomerAction, Record<Role, readonly Relation[]>> = {
  // Day-to-day work: the owner, reps it is shared with, the owner's manager, admins.
  'customer.show': WORKING,
  'customer.edit': WORKING,
  'contact.log': WORKING,
  'callback.remind': WORKING,
  'callback.snooze': WORKING,
  'poll.create': WORKING,
  'tier.show': WORKING,
  // Giving access away: the owner may share; moving ownership is a manager's call.
  'customer.share': { admin: EVERY, manager: ['own', 'team'], rep: ['own'] },
  'customer.reassign': STEWARDING,
  // A customer's own callback cadence overrides its tier's: a manager's decision.
  'callback.cadence': STEWARDING,
  // Oversight and privacy requests: managers for their team, admins for all.
  'audit.read': { admin: EVERY, manager: ['own', 'shared', 'team'], rep: [] },
  'privacy.export': STEWARDING,
  'privacy.erase': STEWARDING,
};

export const GENERAL_RULES: Record<GeneralAction, readonly Role[]> = {
  'customer.create': ['admin', 'manager', 'rep'],
  'customer.list': ['admin', 'manager', 'rep'],
  'customer.assign_other_owner': ['admin', 'manager'],
  'role.change': ['admin'],
  'team.change': ['admin'],
  handover: ['admin', 'manager'],
  'tiers.team': ['admin', 'manager'],
  'report.team': ['admin', 'manager'],
  // Campaigns message many customers on a schedule: a manager's decision.
  'survey.manage': ['admin', 'manager'],
  'tiers.recompute': ['admin'],
  // Joining someone else's accounts (and merging two people) is the organisation's decision.
  'account.link_other': ['admin'],
};

const ALLOW: Decision = { allowed: true };
const deny = (reason: DenialReason): Decision => ({ allowed: false, reason });

/** What the policy needs to know about the actor beyond their role. */
export interface AccessContext {
  /** Users whose manager is the actor. */
  teamMemberIds: ReadonlySet<number>;
  /** Customers shared with the actor. */
  sharedCustomerIds: ReadonlySet<number>;
}

export function relationTo(actor: User, customer: Customer, access: AccessContext): Relation {
  if (customer.ownerId === actor.id) return 'own';
  if (access.sharedCustomerIds.has(customer.id)) return 'shared';
  if (access.teamMemberIds.has(customer.ownerId)) return 'team';
  return 'other';
}

export function decideOnCustomer(actor: User, action: CustomerAction, customer: Customer, access: AccessContext): Decision {
  const allowed = CUSTOMER_RULES[action][actor.role];
  const relation = relationTo(actor, customer, access);
  if (allowed.includes(relation)) return ALLOW;
  if (allowed.length === 0 || relation !== 'other') return deny('role');
  return deny(actor.role === 'manager' ? 'not_team' : 'not_owner');
}

export function decideGeneral(actor: User, action: GeneralAction): Decision {
  return GENERAL_RULES[action].includes(actor.role) ? ALLOW : deny('role');
}

/** Which customers a listing may include: everything, or these owners' plus these shared ones. */
export type Visibility = { everything: true } | { everything: false; ownerIds: number[]; customerIds: number[] };

export function visibility(actor: User, access: AccessContext): Visibility {
  if (actor.role === 'admin') return { everything: true };
  const ownerIds = actor.role === 'manager' ? [actor.id, ...access.teamMemberIds] : [actor.id];
  return { everything: false, ownerIds, customerIds: [...access.sharedCustomerIds] };
}

/** Who may receive a customer from this actor (assign, hand-over): managers keep it in their team. */
export function mayReceiveFrom(actor: User, recipient: User): boolean {
  if (recipient.role === 'admin' && actor.role !== 'admin') return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'manager' && (recipient.id === actor.id || recipient.managerId === actor.id);
}
