// Roles, teams and the leaver hand-over (离职继承). Admins run the organisation; a manager may
// hand over within their own team.
import type { CallbackSchedule } from './callbacks.js';
import type { CustomerService } from './customers.js';
import { personHandle } from './accounts.js';
import { DomainError } from './errors.js';
import type { Stores } from './ports.js';
import type { Role, User } from './types.js';

export interface Handover {
  leaver: User;
  successor: User;
  customerIds: number[];
}

export class TeamService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly schedule: CallbackSchedule,
  ) {}

  async setRole(actor: User, target: User, role: Role): Promise<User> {
    await this.customers.requireGeneral(actor, 'role.change');
    if (target.role === role) return target;
    if (target.role === 'admin' && (await this.stores.users.countByRole('admin')) <= 1) throw new DomainError('user.last_admin');
    return this.stores.transaction(async (tx) => {
      // A manager who stops being one leaves their reps without a manager rather than with a rep as one.
      const released = target.role === 'manager' ? await tx.users.dissolveTeam(target.id) : [];
      const updated = await tx.users.update(target.id, { role });
      await tx.audit.append({ actorId: actor.id, action: 'user.role', entityType: 'user', entityId: String(target.id), before: { role: target.role }, after: { role, releasedTeam: released } });
      return updated;
    });
  }

  async addToTeam(actor: User, manager: User, member: User): Promise<User> {
    await this.customers.requireGeneral(actor, 'team.change');
    if (manager.role !== 'manager') throw new DomainError('team.not_manager', { name: personHandle(manager) });
    if (member.role !== 'rep') throw new DomainError('team.not_rep', { name: personHandle(member) });
    if (member.managerId === manager.id) return member;
    const updated = await this.stores.users.update(member.id, { managerId: manager.id });
    await this.stores.audit.append({ actorId: actor.id, action: 'team.add', entityType: 'user', entityId: String(member.id), before: { managerId: member.managerId }, after: { managerId: manager.id } });
    return updated;
  }

  async removeFromTeam(actor: User, manager: User, member: User): Promise<User> {
    await this.customers.requireGeneral(actor, 'team.change');
    if (member.managerId !== manager.id) throw new DomainError('team.not_member', { name: personHandle(member) });
    const updated = await this.stores.users.update(member.id, { managerId: null });
    await this.stores.audit.append({ actorId: actor.id, action: 'team.remove', entityType: 'user', entityId: String(member.id), before: { managerId: manager.id }, after: { managerId: null } });
    return updated;
  }

  async members(manager: User): Promise<User[]> {
    return this.stores.users.findByIds(await this.stores.users.teamMemberIds(manager.id));
  }

  /**
   * Moves every customer of a leaver to a successor in one audited step. Open callbacks belong to
   * the customer's owner, so they follow the customers.
   */
  async handover(actor: User, leaver: User, successor: User): Promise<Handover> {
    await this.customers.requireGeneral(actor, 'handover');
    if (leaver.id === successor.id) throw new DomainError('user.same_person');
    if (actor.role === 'manager' && leaver.managerId !== actor.id && leaver.id !== actor.id) {
      await this.stores.audit.append({ actorId: actor.id, action: 'access.denied', entityType: 'user', entityId: String(leaver.id), after: { attempted: 'handover', reason: 'not_team_member' } });
      throw new DomainError('permission.denied', { reason: 'not_team_member' });
    }
    await this.customers.requireRecipient(actor, successor, null);
    const customerIds = await this.stores.transaction(async (tx) => {
      const moved = await tx.customers.reassignAll(leaver.id, successor.id);
      await this.schedule.moveOpen(tx, { userId: leaver.id }, successor);
      for (const id of moved) {
        await tx.audit.append({ actorId: actor.id, action: 'customer.reassign', entityType: 'customer', entityId: String(id), before: { ownerId: leaver.id }, after: { ownerId: successor.id, reason: 'handover' } });
      }
      await tx.audit.append({ actorId: actor.id, action: 'user.handover', entityType: 'user', entityId: String(leaver.id), after: { successorId: successor.id, customers: moved.length } });
      return moved;
    });
    return { leaver, successor, customerIds };
  }
}
