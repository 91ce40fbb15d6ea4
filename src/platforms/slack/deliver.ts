// Delivering an Outcome on Slack — the one place every listener hands its Outcome to: forms
// (views.open/push, time-critical), replies (response_url, else the conversation, else the user's
// DM with the app), notifications (DMs), then files (uploaded to the requester's DM, files.ts).
// Nothing here throws: every failure is logged and the next fallback is tried.
import type { WebClient } from '@slack/web-api';
import type { Notification, Outcome, OutgoingFile } from '../../chat/bot-types.js';
import type { Form, Reply } from '../../chat/reply.js';
import type { Logger } from '../../logging.js';
import type { SlackListenerDeps } from './deps.js';
import { fileFailureReply, sendFiles, shareFileIn } from './files.js';
import { encodeFormMetadata } from './form-metadata.js';
import { formOfferReply } from './form-offer.js';
import { GENERIC_ERROR_REPLY } from './messages.js';
import { renderForm } from './render-modal.js';
import { renderReply } from './render-message.js';
import { parseSlackMessageRef } from './messenger.js';
import { postToResponseUrl } from './response-url.js';
import { slackErrorCode } from './slack-errors.js';
import { SLACK_PLATFORM } from './speaker.js';

export { slackErrorCode };

export interface DeliveryContext {
  client: WebClient;
  deps: SlackListenerDeps;
  log: Logger;
}

/** Where a reply to this user goes, best first. */
export interface ReplyRoute {
  userId: string;
  /** response_url of the user's interaction: the reply appears where they acted. */
  responseUrl?: string;
  /** A conversation to post in when there is no response_url (the DM the user wrote in). */
  channel?: string;
}

/** A trigger_id and when its request arrived (it expires 3 s after the user's action). */
export interface FormTrigger {
  triggerId: string;
  receivedAt: number;
  /** The action came from inside a modal: push the form on top of it. */
  push?: boolean;
}

export async function deliverOutcome(ctx: DeliveryContext, outcome: Outcome, route: ReplyRoute, trigger?: FormTrigger): Promise<void> {
  if (outcome.form) await openForm(ctx, outcome.form, route, trigger);
  if (outcome.reply) await sendReply(ctx, outcome.reply, route);
  if (outcome.notifications?.length) await sendNotifications(ctx, outcome.notifications);
  // Last: uploads are the slowest step and must not hold back the reply or anyone's notification.
  if (outcome.files?.length) {
    // Files meant for a conversation (a channel's chart) go there; if the app may not post there,
    // they still reach the requester, privately.
    const toRequester: OutgoingFile[] = outcome.files.filter((f) => !f.shareIn);
    for (const file of outcome.files.filter((f) => f.shareIn)) {
      const shared = await shareFileIn(ctx, file, file.shareIn!);
      if (!shared) toRequester.push(file);
    }
    if (toRequester.length > 0) {
      const result = await sendFiles(ctx, toRequester, route.userId);
      if (!result.ok) await sendReply(ctx, fileFailureReply(result.code), route);
    }
  }
}

export async function openForm(ctx: DeliveryContext, form: Form, route: ReplyRoute, trigger?: FormTrigger): Promise<void> {
  let view;
  try {
    view = renderForm(form, encodeFormMetadata({ state: form.state, ...(route.responseUrl ? { responseUrl: route.responseUrl } : {}) }));
  } catch (error) {
    ctx.log.error({ err: error, formId: form.id }, 'form cannot be rendered for Slack');
    await sendGenericError(ctx, route);
    return;
  }
  const elapsed = trigger ? Date.now() - trigger.receivedAt : Infinity;
  if (trigger && elapsed < ctx.deps.timing.formOpenBudgetMs) {
    try {
      if (trigger.push) await ctx.client.views.push({ trigger_id: trigger.triggerId, view });
      else await ctx.client.views.open({ trigger_id: trigger.triggerId, view });
      return;
    } catch (error) {
      ctx.log.warn({ slackError: slackErrorCode(error), formId: form.id }, 'could not open the form; offering a button instead');
    }
  } else if (trigger) {
    ctx.log.info({ elapsedMs: elapsed, formId: form.id }, 'trigger_id too old to open the form; offering a button instead');
  }
  await sendReply(ctx, formOfferReply(form), route);
}

export async function sendReply(ctx: DeliveryContext, reply: Reply, route: ReplyRoute): Promise<void> {
  const message = renderReply(reply);
  if (reply.replaceMessage) {
    // A message named by the Bot (the one a form was opened from): chat.update, which unlike a
    // response_url does not expire; if that fails the reply still arrives by the usual route.
    const target = parseSlackMessageRef(reply.replaceMessage);
    try {
      if (target) {
        await ctx.client.chat.update({ channel: target.channel, ts: target.ts, text: message.text, blocks: message.blocks });
        return;
      }
    } catch (error) {
      ctx.log.warn({ slackError: slackErrorCode(error) }, 'could not update the original message; replying instead');
    }
  }
  if (route.responseUrl) {
    const body = reply.replaceOriginal
      ? { ...message, replace_original: true }
      : { ...message, response_type: reply.visibility === 'public' ? ('in_channel' as const) : ('ephemeral' as const), replace_original: false };
    const result = await postToResponseUrl(route.responseUrl, body, {
      timeoutMs: ctx.deps.timing.responseUrlTimeoutMs,
      ...(ctx.deps.fetch ? { fetch: ctx.deps.fetch } : {}),
    });
    if (result.ok) return;
    ctx.log.warn({ reason: result.reason }, 'response_url failed; posting the reply as a message instead');
  }
  // A user id as channel posts into the user's DM with the app (its Messages tab).
  const channel = route.channel ?? route.userId;
  try {
    await ctx.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
  } catch (error) {
    // The channel is often the user's own id (their DM): not logged.
    ctx.log.error({ slackError: slackErrorCode(error), toDirectMessage: route.channel === undefined }, 'could not deliver a reply');
  }
}

export async function sendNotifications(ctx: DeliveryContext, notifications: Notification[]): Promise<void> {
  for (const notification of notifications) {
    if (notification.to.platform !== SLACK_PLATFORM) {
      ctx.log.debug({ platform: notification.to.platform }, 'notification for another platform skipped by the Slack adapter');
      continue;
    }
    const message = renderReply(notification.reply);
    try {
      await ctx.client.chat.postMessage({ channel: notification.to.externalId, text: message.text, blocks: message.blocks });
    } catch (error) {
      ctx.log.error({ slackError: slackErrorCode(error), to: notification.to.externalId }, 'could not deliver a notification');
    }
  }
}

/** The last resort after an unexpected error: a short apology where the user acted. Never throws. */
export async function sendGenericError(ctx: DeliveryContext, route: ReplyRoute): Promise<void> {
  try {
    await sendReply(ctx, GENERIC_ERROR_REPLY, route);
  } catch (error) {
    ctx.log.error({ err: error }, 'could not deliver the error message');
  }
}
