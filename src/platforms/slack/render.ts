// Public entry of the Slack renderers: Reply → message, Form → modal, submission → FormValues.
export { renderReply, renderMessageText, capBlocks, type SlackMessage } from './render-message.js';
export { renderForm, parseFormValues, inputLabels, INPUT_ACTION_ID, SlackRenderError } from './render-modal.js';
export { decodeActionId, encodeActionId } from './action-ids.js';
export { toMrkdwn, toPlainText, truncate, slackTextToPlain } from './text.js';
