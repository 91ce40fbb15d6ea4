import type { UsageKey } from '../grammar.js';
import type { ChatContext } from '../context.js';
import { block, type Reply } from '../reply.js';

// By who may run them (domain/policy.ts): a rep works on their own and shared customers; managers
// and admins also steer others' (assign, audit, privacy, hand-over, survey campaigns); admins run the org.
const EVERYONE: UsageKey[] = ['customer.add', 'customer.show', 'customer.list', 'customer.edit', 'log', 'remind', 'due', 'poll', 'tier', 'tiers', 'report', 'stage', 'import', 'settings', 'link', 'customer.share', 'help'];
const MANAGERS: UsageKey[] = ['customer.assign', 'survey', 'audit', 'privacy', 'handover'];
const ADMINS: UsageKey[] = ['role', 'team'];

/** Every command the user may run, one example each. */
export function helpReply(ctx: ChatContext): Reply {
  const role = ctx.actor.role;
  const keys = [...EVERYONE, ...(role === 'rep' ? [] : MANAGERS), ...(role === 'admin' ? ADMINS : [])];
  const lines = keys.map((key) => {
    const examples = [ctx.t(`example.${key}`), ...(key === 'log' ? [ctx.t('example.log.form')] : [])];
    return [ctx.t(`usage.${key}`), ...examples.map((e) => `↳ ${e}`)].join('\n');
  });
  return {
    visibility: 'private',
    text: [ctx.t('help.title'), ctx.t('help.intro'), ...lines, ctx.t('help.footer')].join('\n'),
    blocks: [block.header(ctx.t('help.title')), block.section(ctx.t('help.intro')), block.divider(), ...lines.map((l) => block.section(l)), block.context(ctx.t('help.footer'))],
  };
}
