// People named in commands (`@bob`, `<@U123>`): found in the database, or created when the
// platform itself vouches for the id (a real mention) and the command allows it.
import { DomainError } from '../domain/errors.js';
import type { User } from '../domain/types.js';
import type { ChatContext } from './context.js';
import type { MentionRef } from './grammar.js';

export async function resolveMention(ctx: ChatContext, mention: MentionRef, options: { mustExist?: boolean } = {}): Promise<User> {
  const verified = !mention.plain && !options.mustExist;
  const user = await ctx.domain.users.findOrCreateMentioned(ctx.speaker.platform, mention.id, verified);
  if (!user) throw new DomainError('user.not_found');
  return user;
}
