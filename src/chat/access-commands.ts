// Who may see and work on what: roles, teams, sharing, reassigning, hand-over, the audit trail.
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { mentionText, withCustomer } from './customer-ref.js';
import { personName } from './format.js';
import type { Command } from './grammar.js';
import { resolveMention } from './mentions.js';
import { privateReply } from './reply.js';
import { assignedNotification, notifyUser } from './notifications.js';
import { teamReply } from './views/access.js';
import { auditTrailReply } from './views/audit.js';
import { customerName, literal } from './markup.js';

type AccessCommand = Extract<Command, { kind: 'customer.share' | 'customer.assign' | 'role' | 'team.show' | 'team.change' | 'handover' | 'audit' }>;

const done = (text: string): Outcome => ({ reply: privateReply(`✅ ${text}`) });


export async function runAccessCommand(ctx: ChatContext, command: AccessCommand): Promise<Outcome> {
  const { actor, domain } = ctx;
  switch (command.kind) {
    case 'customer.share': {
      const person = await resolveMention(ctx, command.user);
      const verb = command.remove ? 'unshare' : 'share';
      return withCustomer(ctx, command.ref, 'customer.share', { rerun: (id) => `customer ${verb} #${id} ${mentionText(command.user)}` }, async (customer) => {
        if (command.remove) {
          const { removed } = await domain.customers.unshare(actor, customer.id, person);
          return done(ctx.t(removed ? 'share.removed' : 'share.not_shared', { customer: customerName(ctx, customer), user: personName(person) }));
        }
        const { added } = await domain.customers.share(actor, customer.id, person);
        const text = ctx.t(added ? 'share.added' : 'share.already', { customer: customerName(ctx, customer), user: personName(person) });
        const notifications = added ? [notifyUser(ctx, person, 'notify.shared', { actor: personName(actor), customer: literal(customer.name), id: customer.id })] : [];
        return { ...done(text), notifications };
      });
    }
    case 'customer.assign': {
      const recipient = await resolveMention(ctx, command.user);
      return withCustomer(ctx, command.ref, 'customer.reassign', { rerun: (id) => `customer assign #${id} ${mentionText(command.user)}` }, async (customer) => {
        const updated = await domain.customers.assign(actor, customer.id, recipient);
        return { ...done(ctx.t('assign.done', { customer: customerName(ctx, updated), id: updated.id, user: personName(recipient) })), notifications: assignedNotification(ctx, recipient, updated) };
      });
    }
    case 'role': {
      const target = await resolveMention(ctx, command.user, { grantsRole: true });
      const updated = await domain.team.setRole(actor, target, command.role);
      return done(ctx.t('role.changed', { user: personName(updated), role: ctx.t(`role.${updated.role}`) }));
    }
    case 'team.show': {
      const manager = await resolveMention(ctx, command.manager, { mustExist: true });
      return { reply: teamReply(ctx, manager, await domain.team.members(manager)) };
    }
    case 'team.change': {
      const manager = await resolveMention(ctx, command.manager);
      const member = await resolveMention(ctx, command.member);
      if (command.remove) {
        await domain.team.removeFromTeam(actor, manager, member);
        return done(ctx.t('team.removed', { member: personName(member), manager: personName(manager) }));
      }
      await domain.team.addToTeam(actor, manager, member);
      return done(ctx.t('team.added', { member: personName(member), manager: personName(manager) }));
    }
    case 'handover': {
      // Both people must be known already: a hand-over to someone who never used Rapport is a typo.
      const leaver = await resolveMention(ctx, command.leaver, { mustExist: true });
      const successor = await resolveMention(ctx, command.successor, { mustExist: true });
      const result = await domain.team.handover(actor, leaver, successor);
      const params = { count: result.customerIds.length, leaver: personName(leaver), successor: personName(successor) };
      const notifications = result.customerIds.length > 0 ? [notifyUser(ctx, successor, 'notify.handover', await handoverParams(ctx, result.customerIds, params))] : [];
      return { ...done(ctx.t('handover.done', params)), notifications };
    }
    case 'audit':
      return withCustomer(ctx, command.ref, 'audit.read', { rerun: (id) => `audit #${id} ${command.limit}` }, async (customer) => {
        const trail = await domain.customers.auditTrail(actor, customer.id, command.limit);
        return { reply: auditTrailReply(ctx, trail) };
      });
  }
}

/** What the successor is told, with the first customers named. */
async function handoverParams(ctx: ChatContext, customerIds: number[], params: { count: number; leaver: string }) {
  const shown = await Promise.all(customerIds.slice(0, 10).map((id) => ctx.domain.customers.get(ctx.actor, id, 'customer.show')));
  const names = shown.map((c) => `${customerName(ctx, c)} (#${c.id})`).join(', ') + (customerIds.length > shown.length ? ', …' : '');
  return { actor: personName(ctx.actor), count: params.count, leaver: params.leaver, names };
}
