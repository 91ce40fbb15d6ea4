// `/crm <text>`.
// Ack strategy: ack() at once with no body (Slack shows nothing, the command is not echoed),
// THEN ask the Bot, then answer through the response_url (ephemeral unless the reply is public).
// The 3 s ack deadline is thus met however slow the Bot or the database is. The one thing that
// still races the clock is a form: its trigger_id expires 3 s after the user pressed Enter, so
// views.open is only attempted within timing.formOpenBudgetMs of arrival; a slower Bot makes the
// adapter post a button that opens the form with a fresh trigger (see form-offer.ts).
// Calling the Bot before ack() was rejected: nothing guarantees the Bot answers within 3 s.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { deliverOutcome, sendGenericError, type DeliveryContext, type ReplyRoute } from '../deliver.js';
import { slackSpeaker } from '../speaker.js';
import { slackTextToPlain } from '../text.js';
import { ackFirst } from './ack.js';

export type CrmCommandArgs = Pick<SlackCommandMiddlewareArgs & AllMiddlewareArgs, 'command' | 'ack' | 'client'>;

export function handleCrmCommand(deps: SlackListenerDeps) {
  return async ({ command, ack, client }: CrmCommandArgs): Promise<void> => {
    const receivedAt = Date.now();
    const log = deps.logger.child({ listener: 'crm_command', user: command.user_id, team: command.team_id });
    const route: ReplyRoute = { userId: command.user_id, responseUrl: command.response_url };
    const ctx: DeliveryContext = { client, deps, log };
    await ackFirst(ack, log);
    try {
      const speaker = slackSpeaker({ id: command.user_id, name: command.user_name }, command.team_id);
      const outcome = await deps.bot.command(speaker, slackTextToPlain(command.text ?? ''), {
        requestKey: command.trigger_id,
        conversationId: command.channel_id,
        // D… is a direct message (with the app or between people); anything else has an audience.
        shared: !command.channel_id.startsWith('D'),
      });
      await deliverOutcome(ctx, outcome, route, { triggerId: command.trigger_id, receivedAt });
    } catch (error) {
      log.error({ err: error }, '/crm failed');
      await sendGenericError(ctx, route);
    }
  };
}
