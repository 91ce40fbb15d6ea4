// A submitted modal. Unlike other interactions the ack carries the answer: validation errors
// (response_action "errors", keyed by block_id = Input.id) or the next form ("update").
// So the Bot is asked BEFORE ack, but only for timing.ackBudgetMs: if it is slower, the modal is
// closed with a plain ack and the outcome arrives later as a message (late errors are listed
// with their field labels; a follow-up form is offered as a button).
// Where the reply goes: the response_url of the interaction that opened the form, carried in
// private_metadata (ephemeral where the user started); if absent, expired or too long to carry,
// a DM from the app (chat.postMessage with the user id as channel).
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewOutput, ViewSubmitAction } from '@slack/bolt';
import type { Outcome } from '../../../chat/bot-types.js';
import type { Reply } from '../../../chat/reply.js';
import type { SlackListenerDeps } from '../deps.js';
import { deliverOutcome, openForm, sendGenericError, sendReply, type DeliveryContext, type ReplyRoute } from '../deliver.js';
import { decodeFormMetadata, encodeFormMetadata } from '../form-metadata.js';
import { inputLabels, parseFormValues, renderForm } from '../render-modal.js';
import { slackSpeaker } from '../speaker.js';
import { raceDeadline } from '../timing.js';
import { truncate } from '../text.js';

export type ViewSubmissionArgs = Pick<SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs, 'body' | 'view' | 'ack' | 'client'>;

const MAX_ERROR_LENGTH = 2000;

/** Bot errors keyed by Input.id → Slack errors keyed by block_id; unknown ids go to the first input. */
export function toSlackErrors(view: Pick<ViewOutput, 'blocks'>, formErrors: Record<string, string>): Record<string, string> {
  const blockIds = [...inputLabels(view).keys()];
  const errors: Record<string, string> = {};
  for (const [inputId, message] of Object.entries(formErrors)) {
    const blockId = blockIds.includes(inputId) ? inputId : blockIds[0];
    if (blockId === undefined) continue;
    const text = truncate(message, MAX_ERROR_LENGTH);
    errors[blockId] = errors[blockId] ? truncate(`${errors[blockId]} ${text}`, MAX_ERROR_LENGTH) : text;
  }
  return errors;
}

/** The errors the modal could no longer show, as a message: "Title — Label: problem". */
function lateErrorsReply(view: Pick<ViewOutput, 'blocks' | 'title'>, formErrors: Record<string, string>): Reply {
  const labels = inputLabels(view);
  const lines = Object.entries(formErrors).map(([id, message]) => `• ${labels.get(id) ?? id}: ${message}`);
  const text = `**${view.title.text}**\n${lines.join('\n')}`;
  return { visibility: 'private', text, blocks: [{ type: 'section', text }] };
}

function hasErrors(outcome: Outcome): outcome is Outcome & { formErrors: Record<string, string> } {
  return outcome.formErrors !== undefined && Object.keys(outcome.formErrors).length > 0;
}

export function handleViewSubmission(deps: SlackListenerDeps) {
  return async ({ body, view, ack, client }: ViewSubmissionArgs): Promise<void> => {
    const receivedAt = Date.now();
    // No user id in the log: the form may be a customer's comment on an anonymous poll.
    const log = deps.logger.child({ listener: 'view_submission', formId: view.callback_id });
    const meta = decodeFormMetadata(view.private_metadata);
    const route: ReplyRoute = meta.responseUrl ? { userId: body.user.id, responseUrl: meta.responseUrl } : { userId: body.user.id };
    const ctx: DeliveryContext = { client, deps, log };
    let acked = false;
    const ackOnce: typeof ack = async (response?: Parameters<typeof ack>[0]) => {
      if (acked) return;
      acked = true;
      await ack(response);
    };
    try {
      const speaker = slackSpeaker(body.user, body.user.team_id ?? body.team?.id);
      const submitted = deps.bot.submitForm(speaker, view.callback_id, meta.state, parseFormValues(view), { requestKey: body.trigger_id });
      const race = await raceDeadline(submitted, Math.max(deps.timing.ackBudgetMs - (Date.now() - receivedAt), 0));

      if (race.settled) {
        const outcome = race.value;
        if (hasErrors(outcome)) {
          await ackOnce({ response_action: 'errors', errors: toSlackErrors(view, outcome.formErrors) });
          // The modal shows the errors; whatever else the Outcome carries is still delivered.
          await deliverOutcome(ctx, { ...outcome, reply: undefined, form: undefined, formErrors: undefined }, route);
          return;
        }
        if (outcome.form) {
          // The next step replaces this modal; it keeps the original response_url.
          const next = renderForm(outcome.form, encodeFormMetadata({ state: outcome.form.state, ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}) }));
          await ackOnce({ response_action: 'update', view: next });
          await deliverOutcome(ctx, { ...outcome, form: undefined }, route);
          return;
        }
        await ackOnce();
        await deliverOutcome(ctx, outcome, route);
        return;
      }

      log.warn({ budgetMs: deps.timing.ackBudgetMs }, 'Bot slower than the ack budget: closing the modal, the answer follows as a message');
      await ackOnce();
      const outcome = await race.later;
      if (hasErrors(outcome)) await sendReply(ctx, lateErrorsReply(view, outcome.formErrors), route);
      if (outcome.form) await openForm(ctx, outcome.form, route); // no usable trigger: offered as a button
      await deliverOutcome(ctx, { ...outcome, form: undefined }, route);
    } catch (error) {
      log.error({ err: error }, 'form submission failed');
      try {
        await ackOnce();
      } catch (ackError) {
        log.warn({ err: ackError }, 'ack failed');
      }
      await sendGenericError(ctx, route);
    }
  };
}
