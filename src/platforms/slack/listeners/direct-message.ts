// A message to the bot in its DM (message.im). Bolt acks events itself before this runs, so a
// slow Bot never causes a retry; retries still come (network, restarts) and several replicas may
// each receive one, so the event_id is claimed in the database first — only the first claim runs.
// Ignored: other channel types, edits/deletes/joins (any subtype), bot messages, our own.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { deliverOutcome, sendGenericError, type DeliveryContext, type ReplyRoute } from '../deliver.js';
import { slackSpeaker } from '../speaker.js';
import { slackTextToPlain } from '../text.js';

export type DirectMessageArgs = Pick<SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs, 'event' | 'body' | 'client' | 'context'>;

export function eventDeliveryKey(eventId: string): string {
  return `slack:event:${eventId}`;
}

export function handleDirectMessage(deps: SlackListenerDeps) {
  return async ({ event, body, client, context }: DirectMessageArgs): Promise<void> => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    if (event.bot_id || !event.user || event.user === context.botUserId) return;
    const eventId = body.event_id;
    const log = deps.logger.child({ listener: 'direct_message', user: event.user, eventId, retryNum: context.retryNum });
    const route: ReplyRoute = { userId: event.user, channel: event.channel };
    const ctx: DeliveryContext = { client, deps, log };
    try {
      if (!(await deps.deliveries.claim(eventDeliveryKey(eventId)))) {
        log.info('event already handled (Slack retry or another replica); ignored');
        return;
      }
    } catch (error) {
      // Without the claim we cannot know whether another replica answers: do not risk a double
      // answer; tell the user to send it again instead.
      log.error({ err: error }, 'could not claim the event delivery');
      await sendGenericError(ctx, route);
      return;
    }
    try {
      const speaker = slackSpeaker(event.user, event.team ?? body.team_id);
      const outcome = await deps.bot.message(speaker, slackTextToPlain(event.text ?? ''), {
        requestKey: eventId,
        conversationId: event.channel,
      });
      await deliverOutcome(ctx, outcome, route); // no trigger_id in events: forms are offered as a button
    } catch (error) {
      log.error({ err: error }, 'direct message failed');
      await sendGenericError(ctx, route);
    }
  };
}
