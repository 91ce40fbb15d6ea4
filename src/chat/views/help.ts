import type { UsageKey } from '../grammar.js';
import type { ChatContext } from '../context.js';
import { block, type Reply } from '../reply.js';

const COMMANDS: UsageKey[] = ['customer.add', 'customer.show', 'customer.list', 'customer.edit', 'log', 'help'];

export function helpReply(ctx: ChatContext): Reply {
  const lines = COMMANDS.map((key) => `${ctx.t(`usage.${key}`)}\n↳ ${ctx.t(`example.${key}`)}`);
  lines.splice(5, 0, `↳ ${ctx.t('example.log.form')}`);
  return {
    visibility: 'private',
    text: [ctx.t('help.title'), ctx.t('help.intro'), ...lines, ctx.t('help.footer')].join('\n'),
    blocks: [block.header(ctx.t('help.title')), block.section(ctx.t('help.intro')), block.divider(), ...lines.map((l) => block.section(l)), block.context(ctx.t('help.footer'))],
  };
}
