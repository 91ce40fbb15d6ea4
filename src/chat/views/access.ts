// Team listing (the audit trail is in audit.ts).
import type { User } from '../../domain/types.js';
import type { ChatContext } from '../context.js';
import { personName } from '../format.js';
import { block, type Reply } from '../reply.js';

export function teamReply(ctx: ChatContext, manager: User, members: User[]): Reply {
  const title = ctx.t('team.title', { manager: personName(manager), count: members.length });
  const lines = members.map((m) => `• ${personName(m)} (${ctx.t(`role.${m.role}`)})`);
  const body = lines.length ? lines.join('\n') : ctx.t('team.empty');
  return { visibility: 'private', text: `${title}\n${body}`, blocks: [block.header(title), block.section(body)] };
}
