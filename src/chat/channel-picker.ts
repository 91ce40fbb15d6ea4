// A channel typed as `#acme-shared` names no conversation for sure (Slack did not link it, or the
// platform has no such links): instead of a refusal, the reply offers the platform's own channel
// list. The pending command travels in the picker's value with a slot where the channel goes; the
// choice fills the slot and the command runs again, exactly as if the channel had been picked
// while typing. The value is only a command the clicker could type themselves: nothing to sign.
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import type { ParseError } from './grammar.js';
import { staleAction } from './action-values.js';
import { ACTIONS } from './ids.js';
import { block, type Reply } from './reply.js';
import { parseChannelRef } from './text/tokenize.js';

/** Where the picked channel goes in the pending command; `<#>` is never a channel itself. */
export const CHANNEL_SLOT = '<#>';
/** Longest pending command a picker carries (Slack's renderer leaves out one over its 255-char block_id). */
export const PENDING_COMMAND_MAX = 2000;

/** The command with the typed channel replaced by the slot. */
export function pendingCommand(text: string, at: NonNullable<ParseError['channelAt']>): string {
  return `${text.slice(0, at.start)}${at.prefix}${CHANNEL_SLOT}${text.slice(at.end)}`;
}

export function channelPickerReply(ctx: ChatContext, text: string, error: ParseError): Reply {
  const question = ctx.t('error.channel_not_picked', { subject: error.subject ?? '' });
  const usage = ctx.t('error.usage', { usage: ctx.t(`usage.${error.usage}`) });
  const pending = error.channelAt ? pendingCommand(text, error.channelAt) : '';
  const blocks = [block.section(`#️⃣ ${question}`)];
  const unavailable = ctx.t('channel_picker.unavailable');
  if (pending !== '' && pending.length <= PENDING_COMMAND_MAX) {
    blocks.push(block.actions({ type: 'channel_picker', action: ACTIONS.pickChannel, placeholder: ctx.t('channel_picker.placeholder'), value: pending, unavailable }));
  } else blocks.push(block.context(unavailable));
  blocks.push(block.context(usage));
  return { visibility: 'private', text: `${question}\n${usage}`, blocks };
}

/**
 * The channel was picked: the pending command runs with it. `run` is runCommand (passed in, as
 * commands.ts imports this module).
 */
export async function completeWithChannel(ctx: ChatContext, value: string, run: (ctx: ChatContext, text: string) => Promise<Outcome>): Promise<Outcome> {
  const picked = ctx.meta.pickedChannel;
  const parts = value.split(CHANNEL_SLOT);
  if (!picked || parts.length !== 2 || value.length > PENDING_COMMAND_MAX) return staleAction(ctx);
  // Names are shown, never parsed: drop what would end the reference early.
  const name = picked.name?.replace(/[|<>\s]/g, '').slice(0, 80);
  const ref = name ? `<#${picked.id}|${name}>` : `<#${picked.id}>`;
  if (!parseChannelRef(ref)) return staleAction(ctx);
  const outcome = await run(ctx, parts.join(ref));
  return outcome.reply ? { ...outcome, reply: { ...outcome.reply, replaceOriginal: true } } : outcome;
}
