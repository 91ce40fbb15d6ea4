// People named in commands (`@bob`, `<@U123>`, `@wecom:zhangsan`): found in the database, or created when the
// platform itself vouches for the id (a real mention), the command allows it, and the platform
// says they are our staff (staff.ts): a guest or a customer's contact never gets a user this way.
import { DomainError } from '../domain/errors.js';
import type { User } from '../domain/types.js';
import { askPlatform, firstProfileOf, type ChatContext } from './context.js';
import type { MentionRef } from './grammar.js';

export interface MentionOptions {
  /** Only someone who has used the bot already. */
  mustExist?: boolean;
  /** The command gives them a role: an admin doing so invites them (STAFF_POLICY=invited). */
  grantsRole?: boolean;
}

export async function resolveMention(ctx: ChatContext, mention: MentionRef, options: MentionOptions = {}): Promise<User> {
  // `@wecom:zhangsan` names an account on another platform: only someone already known there.
  const existing = await ctx.domain.users.find(mention.platform ?? ctx.speaker.platform, mention.id);
  if (existing) return existing;
  if (mention.plain || options.mustExist) throw new DomainError('user.not_found');
  const { profile, check } = await askPlatform(ctx.directory, mention.id);
  const identity = { platform: ctx.speaker.platform, externalId: mention.id };
  const admitted = await ctx.domain.users.admitMentioned(identity, check, firstProfileOf(profile, ctx.settings.defaultLocale), options.grantsRole ? ctx.actor : undefined);
  if ('user' in admitted) return admitted.user;
  if (admitted.refused === 'unverified') throw new DomainError('user.not_found');
  throw new DomainError(admitted.refused === 'not_invited' ? 'user.not_invited' : 'user.not_staff');
}
