// A click on a button / a choice in a select of a message the bot posted (or of a view).
// ack() first (nothing to return), then the Bot. Replies go through the message's response_url
// (replace_original when the Reply asks for it); a form opens with the click's trigger_id,
// pushed on top when the click came from inside a modal.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeActionId, OPEN_FORM_ACTION } from '../action-ids.js';
import type { SlackListenerDeps } from '../deps.js';
import { deliverOutcome, openForm, sendGenericError, type DeliveryContext, type ReplyRoute } from '../deliver.js';
import { decodeFormFromButton } from '../form-offer.js';
import { slackMessageRef } from '../messenger.js';
import { slackSpeaker } from '../speaker.js';
import { ackFirst } from './ack.js';

export type BlockActionArgs = Pick<SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs, 'body' | 'ack' | 'client'>;

/** The value a control carried: a button's value, the chosen option of a select, a channel picker's block_id. */
function actionValue(action: BlockAction['actions'][number]): string {
  if (action.type === 'conversations_select') return action.block_id;
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option) return action.selected_option.value ?? '';
  return '';
}

/**
 * The clicked message as the messenger names it (channel:ts), when chat.update can change it later:
 * not an ephemeral message (only its response_url can), not a view (App Home, a modal).
 */
function updatableMessageRef(body: BlockAction): string | null {
  const container = (body as { container?: { type?: string; channel_id?: string; message_ts?: string; is_ephemeral?: boolean } }).container;
  if (container?.type !== 'message' || container.is_ephemeral || !container.channel_id || !container.message_ts) return null;
  return slackMessageRef(container.channel_id, container.message_ts);
}

/** The channel chosen in a conversations_select (render-message.ts renders ChannelPicker as one). */
function pickedChannel(action: BlockAction['actions'][number]): { pickedChannel: { id: string } } | Record<string, never> {
  return action.type === 'conversations_select' && action.selected_conversation ? { pickedChannel: { id: action.selected_conversation } } : {};
}

export function handleBlockActions(deps: SlackListenerDeps) {
  return async ({ body, ack, client }: BlockActionArgs): Promise<void> => {
    const receivedAt = Date.now();
    // No user id in the log: a click may be a customer's answer to an anonymous poll.
    const log = deps.logger.child({ listener: 'block_actions', team: body.team?.id });
    const fromModal = body.view?.type === 'modal';
    // response_url exists for clicks on messages (ephemeral ones included), not on views.
    const responseUrl = (body as { response_url?: string }).response_url;
    const route: ReplyRoute = responseUrl ? { userId: body.user.id, responseUrl } : { userId: body.user.id };
    const ctx: DeliveryContext = { client, deps, log };
    await ackFirst(ack, log);
    try {
      const action = body.actions[0];
      if (!action) return;
      const name = decodeActionId(action.action_id);
      const value = actionValue(action);
      const trigger = { triggerId: body.trigger_id, receivedAt, push: fromModal };
      if (name === OPEN_FORM_ACTION) {
        const form = decodeFormFromButton(value);
        if (form) await openForm(ctx, form, route, trigger);
        else await sendGenericError(ctx, route);
        return;
      }
      const speaker = slackSpeaker(body.user, body.user.team_id ?? body.team?.id);
      const messageRef = updatableMessageRef(body);
      const outcome = await deps.bot.action(speaker, name, value, {
        requestKey: body.trigger_id,
        ...(body.channel?.id ? { conversationId: body.channel.id } : {}),
        ...(messageRef ? { messageRef } : {}),
        ...pickedChannel(action),
      });
      await deliverOutcome(ctx, outcome, route, trigger);
    } catch (error) {
      log.error({ err: error }, 'block action failed');
      await sendGenericError(ctx, route);
    }
  };
}
