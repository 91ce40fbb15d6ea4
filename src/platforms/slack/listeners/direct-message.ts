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

interface SharedFile {
  name: string;
  size: number;
  url: string;
}

/** The first file of a file_share message (the bot takes one file per message). */
function sharedFile(event: DirectMessageArgs['event']): SharedFile | null {
  const files = (event as { files?: Array<{ name?: string; size?: number; url_private_download?: string; url_private?: string }> }).files;
  const first = files?.[0];
  const url = first?.url_private_download ?? first?.url_private;
  return first && url ? { name: first.name ?? 'file.csv', size: first.size ?? 0, url } : null;
}

/** A file's bytes from Slack: url_private needs the bot token (scope files:read). */
export async function downloadSlackFile(client: { token?: string | undefined }, url: string): Promise<Uint8Array> {
  if (!/^https:\/\/files\.slack\.com\//.test(url)) throw new Error('not a Slack file URL');
  const response = await fetch(url, { headers: { Authorization: `Bearer ${client.token ?? ''}` }, signal: AbortSignal.timeout(30_000), redirect: 'error' });
  if (!response.ok) throw new Error(`file download failed: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function eventDeliveryKey(eventId: string): string {
  return `slack:event:${eventId}`;
}

export function handleDirectMessage(deps: SlackListenerDeps) {
  return async ({ event, body, client, context }: DirectMessageArgs): Promise<void> => {
    // A file dropped into the DM comes as subtype file_share; every other subtype is ignored.
    if (event.channel_type !== 'im' || (event.subtype !== undefined && event.subtype !== 'file_share')) return;
    if ((event as { bot_id?: string }).bot_id || !event.user || event.user === context.botUserId) return;
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
      const speaker = slackSpeaker(event.user, (event as { team?: string }).team ?? body.team_id);
      const meta = { requestKey: eventId, conversationId: event.channel };
      const file = sharedFile(event);
      const outcome = file
        ? await deps.bot.importFile(speaker, { name: file.name, size: file.size, read: () => downloadSlackFile(client, file.url) }, meta)
        : await deps.bot.message(speaker, slackTextToPlain(event.text ?? ''), meta);
      await deliverOutcome(ctx, outcome, route); // no trigger_id in events: forms are offered as a button
    } catch (error) {
      log.error({ err: error }, 'direct message failed');
      await sendGenericError(ctx, route);
    }
  };
}
