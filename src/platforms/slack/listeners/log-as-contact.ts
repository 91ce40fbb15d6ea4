// Message shortcut "Log as contact": the contact form, prefilled with the message's text.
// Same strategy as /crm: ack at once, then the Bot, then views.open while the trigger is fresh.
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { deliverOutcome, sendGenericError, type DeliveryContext, type ReplyRoute } from '../deliver.js';
import { slackSpeaker } from '../speaker.js';
import { slackTextToPlain } from '../text.js';
import { ackFirst } from './ack.js';

export type LogAsContactArgs = Pick<SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs, 'shortcut' | 'ack' | 'client'>;

export function handleLogAsContact(deps: SlackListenerDeps) {
  return async ({ shortcut, ack, client }: LogAsContactArgs): Promise<void> => {
    const receivedAt = Date.now();
    const log = deps.logger.child({ listener: 'log_as_contact', user: shortcut.user.id });
    const route: ReplyRoute = { userId: shortcut.user.id, responseUrl: shortcut.response_url };
    const ctx: DeliveryContext = { client, deps, log };
    await ackFirst(ack, log);
    try {
      const speaker = slackSpeaker(shortcut.user, shortcut.user.team_id ?? shortcut.team?.id);
      const outcome = await deps.bot.logFromMessage(speaker, slackTextToPlain(shortcut.message.text ?? ''));
      await deliverOutcome(ctx, outcome, route, { triggerId: shortcut.trigger_id, receivedAt });
    } catch (error) {
      log.error({ err: error }, 'log as contact failed');
      await sendGenericError(ctx, route);
    }
  };
}
