// Messages to people other than the requester, in the recipient's own language.
import type { Customer, User } from '../domain/types.js';
import { translate, type MessageKey, type Params } from '../i18n/catalog.js';
import type { Notification } from './bot-types.js';
import type { ChatContext } from './context.js';
import { addressOf } from './outbound.js';
import { personName } from './format.js';
import { block } from './reply.js';
import { literal } from './markup.js';

/** A message for `to` at their notify account, in their language. */
export function notifyUser(ctx: ChatContext, to: User, key: MessageKey, params: Params): Notification {
  const text = translate(to.locale ?? ctx.settings.defaultLocale, key, params);
  // A person always has an account once they have talked to the bot; a merge keeps them.
  const address = addressOf(to) ?? { platform: ctx.speaker.platform, externalId: '' };
  return { to: address, reply: { visibility: 'private', text, blocks: [block.section(text)] } };
}

/** Tells a new owner about a customer someone else gave them. */
export function assignedNotification(ctx: ChatContext, owner: User, customer: Customer): Notification[] {
  if (owner.id === ctx.actor.id) return [];
  return [notifyUser(ctx, owner, 'notify.assigned', { actor: personName(ctx.actor), customer: literal(customer.name), id: customer.id })];
}
