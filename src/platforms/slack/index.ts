// The Slack adapter's public surface (what main.ts and jobs import).
export { createSlackApp, type CreateSlackAppOptions, type SlackAdapter } from './app.js';
export { createSlackDirectory } from './directory.js';
export { createSlackWebClient, DEFAULT_WEB_CLIENT_OPTIONS } from './web-client.js';
export type { AppHomeOpenedHook, DeliveryClaims } from './deps.js';
export { CRM_COMMAND, LOG_AS_CONTACT_CALLBACK_ID, SLACK_EVENTS_PATH } from './constants.js';
export { renderReply, renderForm } from './render.js';
export type { SlackTiming } from './timing.js';
export {
  createSlackMessenger,
  classifySlackFailure,
  parseSlackMessageRef,
  MESSENGER_DEFAULTS,
  MESSENGER_WEB_CLIENT_OPTIONS,
  type SlackMessengerOptions,
} from './messenger.js';
