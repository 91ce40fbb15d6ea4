import { describe, expect, it } from 'vitest';
import { decideGeneral, decideOnCustomer, mayReceiveFrom, visibility, type CustomerAction, type GeneralAction, type Relation } from '../../../src/domain/policy.js';
import type { Customer, Role, User } from '../../../src/domain/types.js';

const user = (id: number, role: Role, managerId: number | null = null): User => ({
  id, accounts: [{ platform: 'slack', externalId: `U${id}`, workspaceId: 'T1', lastUsedAt: null }], notifyPlatform: null, displayName: `u${id}`, role, locale: null, localeSeenAt: null, timezone: null, managerId, workingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] },
});
const customer = (id: number, ownerId: number): Customer => ({
  id, name: `c${id}`, company: null, phone: null, email: null, industry: null, region: null, tags: [], ownerId,
  lifecycleStage: 'active', tier: 'general', cadenceDays: null, totalSpend: 0, orderCount: 0, lastOrderAt: null, lastContactAt: null, channelId: null, channelName: null, channelPlatform: null, language: null, stageOverride: null, riskScore: 0, erasedAt: null, createdAt: new Date(0), updatedAt: new Date(0),
});

// Actor 10 (whatever the role) manages user 20; customer 1 is the actor's own, 2 is shared with
// the actor (owned by 30), 3 is owned by team member 20, 4 by outsider 40.
const ACCESS = { teamMemberIds: new Set([20]), sharedCustomerIds: new Set([2]) };
const CUSTOMERS: Record<Relation, Customer> = { own: customer(1, 10), shared: customer(2, 30), team: customer(3, 20), other: customer(4, 40) };
const RELATIONS: Relation[] = ['own', 'shared', 'team', 'other'];
const ROLES: Role[] = ['admin', 'manager', 'rep'];

// Written out by hand, one letter per relation (own shared team other): A allowed, D denied.
// A rep has no team, so the rep's "team" column is a colleague's customer like "other".
const EXPECTED: Record<CustomerAction, Record<Role, string>> = {
  'customer.show': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'customer.edit': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'contact.log': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'callback.remind': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'callback.snooze': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'poll.create': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'tier.show': { admin: 'AAAA', manager: 'AAAD', rep: 'AADD' },
  'customer.share': { admin: 'AAAA', manager: 'ADAD', rep: 'ADDD' },
  'customer.reassign': { admin: 'AAAA', manager: 'ADAD', rep: 'DDDD' },
  'callback.cadence': { admin: 'AAAA', manager: 'ADAD', rep: 'DDDD' },
  'audit.read': { admin: 'AAAA', manager: 'AAAD', rep: 'DDDD' },
  'privacy.export': { admin: 'AAAA', manager: 'ADAD', rep: 'DDDD' },
  'privacy.erase': { admin: 'AAAA', manager: 'ADAD', rep: 'DDDD' },
};

const cells = (Object.keys(EXPECTED) as CustomerAction[]).flatMap((action) =>
  ROLES.flatMap((role) => RELATIONS.map((relation, i) => ({ action, role, relation, expected: EXPECTED[action][role][i] }))),
);

describe('permission matrix: role × action × ownership', () => {
  it.each(cells)('$role $action on $relation customer → $expected', ({ action, role, relation, expected }) => {
    const actor = user(10, role);
    // A rep's access never includes a team: reps have none.
    const access = role === 'rep' ? { ...ACCESS, teamMemberIds: new Set<number>() } : ACCESS;
    expect(decideOnCustomer(actor, action, CUSTOMERS[relation], access).allowed ? 'A' : 'D').toBe(expected);
  });

  it('says why a colleague’s customer is refused', () => {
    const rep = decideOnCustomer(user(10, 'rep'), 'customer.show', CUSTOMERS.other, ACCESS);
    const manager = decideOnCustomer(user(10, 'manager'), 'customer.show', CUSTOMERS.other, ACCESS);
    const role = decideOnCustomer(user(10, 'rep'), 'privacy.export', CUSTOMERS.own, ACCESS);
    expect([rep, manager, role]).toEqual([
      { allowed: false, reason: 'not_owner' },
      { allowed: false, reason: 'not_team' },
      { allowed: false, reason: 'role' },
    ]);
  });

  const GENERAL: Record<GeneralAction, string> = {
    // admin manager rep
    'customer.create': 'AAA',
    'customer.list': 'AAA',
    'customer.assign_other_owner': 'AAD',
    'role.change': 'ADD',
    'team.change': 'ADD',
    handover: 'AAD',
    'tiers.team': 'AAD',
    'report.team': 'AAD',
    'survey.manage': 'AAD',
    'tiers.recompute': 'ADD',
    'account.link_other': 'ADD',
  };
  it.each((Object.keys(GENERAL) as GeneralAction[]).flatMap((action) => ROLES.map((role, i) => ({ action, role, expected: GENERAL[action][i] }))))(
    '$role $action → $expected',
    ({ action, role, expected }) => {
      expect(decideGeneral(user(10, role), action).allowed ? 'A' : 'D').toBe(expected);
    },
  );

  it('listings: a rep sees own + shared, a manager also the team, an admin everything', () => {
    expect(visibility(user(10, 'rep'), { teamMemberIds: new Set(), sharedCustomerIds: new Set([2]) })).toEqual({ everything: false, ownerIds: [10], customerIds: [2] });
    expect(visibility(user(10, 'manager'), ACCESS)).toEqual({ everything: false, ownerIds: [10, 20], customerIds: [2] });
    expect(visibility(user(10, 'admin'), ACCESS)).toEqual({ everything: true });
  });

  it('a manager hands customers only to their own team; nobody but an admin to an admin', () => {
    const manager = user(10, 'manager');
    expect(mayReceiveFrom(manager, user(20, 'rep', 10))).toBe(true);
    expect(mayReceiveFrom(manager, manager)).toBe(true);
    expect(mayReceiveFrom(manager, user(40, 'rep', 99))).toBe(false);
    expect(mayReceiveFrom(manager, user(41, 'admin'))).toBe(false);
    expect(mayReceiveFrom(user(1, 'admin'), user(40, 'rep', 99))).toBe(true);
    expect(mayReceiveFrom(user(10, 'rep'), user(20, 'rep'))).toBe(false);
  });
});
