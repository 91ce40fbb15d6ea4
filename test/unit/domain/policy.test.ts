import { describe, expect, it } from 'vitest';
import { decideGeneral, decideOnCustomer, visibleOwnerIds, type CustomerAction } from '../../../src/domain/policy.js';
import type { Customer, Role, User } from '../../../src/domain/types.js';

const user = (id: number, role: Role, managerId: number | null = null): User => ({
  id, platform: 'slack', externalId: `U${id}`, workspaceId: 'T1', displayName: `u${id}`, role, locale: null, localeSeenAt: null, timezone: null, managerId,
});
const customerOf = (ownerId: number): Customer => ({
  id: 100 + ownerId, name: `c${ownerId}`, company: null, phone: null, email: null, industry: null, region: null, tags: [], ownerId,
  lifecycleStage: 'active', totalSpend: 0, orderCount: 0, lastOrderAt: null, nextFollowUpAt: null, lastContactAt: null, createdAt: new Date(0), updatedAt: new Date(0),
});

// People: admin 1; manager 2 with rep 3 in their team; rep 4 in no team.
const admin = user(1, 'admin');
const manager = user(2, 'manager');
const teamRep = user(3, 'rep', 2);
const loneRep = user(4, 'rep');
const access = (u: User) => ({ teamMemberIds: new Set(u.id === 2 ? [3] : []) });

type Owner = 'own' | 'team' | 'other';
const ownerId = (actor: User, owner: Owner) => (owner === 'own' ? actor.id : owner === 'team' ? 3 : 4 === actor.id ? 5 : 4);

// Expected decision for every role × action × ownership. A = allowed, D = denied.
const MATRIX: Array<[User, CustomerAction, Owner, 'A' | 'D']> = [];
const actions: CustomerAction[] = ['customer.show', 'customer.edit', 'contact.log', 'customer.reassign'];
for (const action of actions) {
  for (const owner of ['own', 'team', 'other'] as Owner[]) {
    MATRIX.push([admin, action, owner, 'A']);
    const managerAllowed = owner !== 'other' && !(owner === 'own' && action === 'customer.reassign');
    MATRIX.push([manager, action, owner, managerAllowed ? 'A' : 'D']);
    MATRIX.push([loneRep, action, owner, owner === 'own' && action !== 'customer.reassign' ? 'A' : 'D']);
  }
}

describe('policy: role × action × ownership', () => {
  it.each(MATRIX.map(([actor, action, owner, expected]) => [actor.role, action, owner, expected, actor] as const))('%s %s on %s customer → %s', (_role, action, owner, expected, actor) => {
    const customer = customerOf(ownerId(actor, owner));
    expect(decideOnCustomer(actor, action, customer, access(actor)).allowed).toBe(expected === 'A');
  });

  it('only managers and admins may give a new customer to someone else', () => {
    expect(decideGeneral(loneRep, 'customer.assign_other_owner').allowed).toBe(false);
    expect(decideGeneral(manager, 'customer.assign_other_owner').allowed).toBe(true);
    expect(decideGeneral(admin, 'customer.assign_other_owner').allowed).toBe(true);
  });

  it('listings: a rep sees their own, a manager their team, an admin everyone', () => {
    expect([...(visibleOwnerIds(teamRep, access(teamRep)) ?? [])]).toEqual([3]);
    expect([...(visibleOwnerIds(manager, access(manager)) ?? [])].sort()).toEqual([2, 3]);
    expect(visibleOwnerIds(admin, access(admin))).toBeUndefined();
  });
});
