// Test helpers for the Slack adapter: request signing exactly as Slack does it, one builder per
// payload type (shapes from Slack's docs), and postSigned() sending real HTTP to the running app.
import { createHmac } from 'node:crypto';

export const TEST_SIGNING_SECRET = 'test0signing0secret0for0rapport0';
export const TEST_BOT_TOKEN = 'xoxb-1111-2222-testtoken';
export const TEST_TEAM_ID = 'T0TEAM0001';
export const TEST_USER_ID = 'U0USER0001';
export const TEST_CHANNEL_ID = 'C0CHAN0001';
export const TEST_BOT_USER_ID = 'U0BOTUSER1';
export const TEST_BOT_ID = 'B0BOT00001';
export const RESPONSE_URL_ORIGIN = 'https://hooks.slack.com';

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Slack's scheme: "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody)). */
export function signSlackRequest(secret: string, body: string, timestamp: number | string = nowSeconds()): { timestamp: string; signature: string } {
  const ts = String(timestamp);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return { timestamp: ts, signature };
}

// ---------------------------------------------------------------- payload builders

let sequence = 0;
function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence}`;
}

export function responseUrlPath(): string {
  return `/commands/${TEST_TEAM_ID}/${nextId('')}/${nextId('tok')}`;
}

export interface SlashCommandInput {
  text?: string;
  userId?: string;
  channelId?: string;
  responseUrl?: string;
  triggerId?: string;
  command?: string;
}

/** Form fields of a slash command POST (application/x-www-form-urlencoded). */
export function slashCommandPayload(input: SlashCommandInput = {}): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEST_TEAM_ID,
    team_domain: 'rapport-test',
    channel_id: input.channelId ?? TEST_CHANNEL_ID,
    channel_name: 'general',
    user_id: input.userId ?? TEST_USER_ID,
    user_name: 'ann',
    command: input.command ?? '/crm',
    text: input.text ?? '',
    api_app_id: 'A0APP00001',
    is_enterprise_install: 'false',
    response_url: input.responseUrl ?? `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`,
    trigger_id: input.triggerId ?? nextId('trigger.'),
  };
}

const user = (id = TEST_USER_ID, teamId = TEST_TEAM_ID, name = 'ann') => ({ id, username: name, name, team_id: teamId });
const team = { id: TEST_TEAM_ID, domain: 'rapport-test' };

export interface BlockActionInput {
  actionId: string;
  value?: string;
  selectedOption?: { text: string; value: string };
  /** A conversations_select choice (the channel id), with the block_id the element came in. */
  selectedConversation?: { channelId: string; blockId: string };
  userId?: string;
  /** The clicker's workspace: another one than ours for a Slack Connect guest. */
  userTeamId?: string;
  userName?: string;
  channelId?: string;
  responseUrl?: string | null;
  /** A view (modal or home) the action came from, instead of a message. */
  view?: { type: 'modal' | 'home'; id?: string };
}

export function blockActionsPayload(input: BlockActionInput): Record<string, unknown> {
  const action = input.selectedConversation
    ? { type: 'conversations_select', action_id: input.actionId, block_id: input.selectedConversation.blockId, selected_conversation: input.selectedConversation.channelId, action_ts: '1700000000.000100' }
    : input.selectedOption
    ? {
        type: 'static_select',
        action_id: input.actionId,
        block_id: 'b1',
        selected_option: { text: { type: 'plain_text', text: input.selectedOption.text }, value: input.selectedOption.value },
        action_ts: '1700000000.000100',
      }
    : {
        type: 'button',
        action_id: input.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'Click' },
        value: input.value,
        action_ts: '1700000000.000100',
      };
  const fromView = input.view !== undefined;
  return {
    type: 'block_actions',
    user: user(input.userId, input.userTeamId, input.userName),
    api_app_id: 'A0APP00001',
    token: 'deprecated-verification-token',
    container: fromView ? { type: 'view', view_id: input.view?.id ?? 'V0VIEW0001' } : { type: 'message', message_ts: '1700000000.000001', channel_id: input.channelId ?? TEST_CHANNEL_ID, is_ephemeral: true },
    trigger_id: nextId('trigger.'),
    team,
    enterprise: null,
    is_enterprise_install: false,
    ...(fromView
      ? { view: { id: input.view?.id ?? 'V0VIEW0001', type: input.view?.type, callback_id: 'some_form', private_metadata: '', state: { values: {} }, blocks: [] } }
      : { channel: { id: input.channelId ?? TEST_CHANNEL_ID, name: 'general' }, message: { type: 'message', ts: '1700000000.000001', text: 'x' } }),
    ...(input.responseUrl === null || fromView ? {} : { response_url: input.responseUrl ?? `${RESPONSE_URL_ORIGIN}${responseUrlPath()}` }),
    actions: [action],
  };
}

export interface ViewSubmissionInput {
  callbackId: string;
  privateMetadata?: string;
  /** block_id → element state, e.g. { note: { value: { type: 'plain_text_input', value: 'hi' } } } */
  values?: Record<string, Record<string, Record<string, unknown>>>;
  /** The view's blocks as rendered (input blocks with block_id and label). */
  blocks?: unknown[];
  title?: string;
  userId?: string;
  userTeamId?: string;
  userName?: string;
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  return {
    type: 'view_submission',
    team,
    user: user(input.userId, input.userTeamId, input.userName),
    api_app_id: 'A0APP00001',
    token: 'deprecated-verification-token',
    trigger_id: nextId('trigger.'),
    view: {
      id: 'V0VIEW0001',
      team_id: TEST_TEAM_ID,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata ?? '',
      title: { type: 'plain_text', text: input.title ?? 'Form' },
      blocks: input.blocks ?? [],
      state: { values: input.values ?? {} },
      hash: '1700000000.abcdef',
      root_view_id: 'V0VIEW0001',
      app_id: 'A0APP00001',
      bot_id: TEST_BOT_ID,
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

export function blockSuggestionPayload(input: { value: string; blockId?: string; actionId?: string; userId?: string }): Record<string, unknown> {
  return {
    type: 'block_suggestion',
    user: user(input.userId),
    container: { type: 'view', view_id: 'V0VIEW0001' },
    api_app_id: 'A0APP00001',
    token: 'deprecated-verification-token',
    action_id: input.actionId ?? 'value',
    block_id: input.blockId ?? 'customer',
    value: input.value,
    team,
    view: { id: 'V0VIEW0001', type: 'modal', callback_id: 'contact.log', private_metadata: '', state: { values: {} }, blocks: [] },
  };
}

export function messageShortcutPayload(input: { text: string; callbackId?: string; userId?: string; responseUrl?: string }): Record<string, unknown> {
  return {
    type: 'message_action',
    token: 'deprecated-verification-token',
    action_ts: '1700000000.000200',
    team,
    user: user(input.userId),
    channel: { id: TEST_CHANNEL_ID, name: 'general' },
    is_enterprise_install: false,
    callback_id: input.callbackId ?? 'log_as_contact',
    trigger_id: nextId('trigger.'),
    response_url: input.responseUrl ?? `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`,
    message_ts: '1700000000.000001',
    message: { type: 'message', user: 'U0OTHER001', ts: '1700000000.000001', text: input.text },
  };
}

function eventEnvelope(event: Record<string, unknown>, eventId = nextId('Ev')): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: TEST_TEAM_ID,
    api_app_id: 'A0APP00001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds(),
    authorizations: [{ enterprise_id: null, team_id: TEST_TEAM_ID, user_id: TEST_BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export interface DirectMessageInput {
  text: string;
  userId?: string;
  channel?: string;
  eventId?: string;
  subtype?: string;
  botId?: string;
  /** Files shared with the message (subtype file_share). */
  files?: Array<{ id: string; name: string; size: number; url_private_download: string; filetype?: string; mimetype?: string }>;
}

export function messageImEventPayload(input: DirectMessageInput): Record<string, unknown> {
  const event: Record<string, unknown> = {
    type: 'message',
    channel: input.channel ?? 'D0DIRECT01',
    user: input.userId ?? TEST_USER_ID,
    text: input.text,
    ts: '1700000000.000300',
    event_ts: '1700000000.000300',
    channel_type: 'im',
    team: TEST_TEAM_ID,
  };
  if (input.subtype) event.subtype = input.subtype;
  if (input.botId) event.bot_id = input.botId;
  if (input.files) event.files = input.files;
  return eventEnvelope(event, input.eventId);
}

export function appHomeOpenedPayload(input: { userId?: string; tab?: 'home' | 'messages'; eventId?: string } = {}): Record<string, unknown> {
  return eventEnvelope(
    { type: 'app_home_opened', user: input.userId ?? TEST_USER_ID, channel: 'D0DIRECT01', tab: input.tab ?? 'home', event_ts: '1700000000.000400' },
    input.eventId,
  );
}

// ---------------------------------------------------------------- sending

/** command: form fields; interaction: form field `payload` holding JSON; event: JSON body. */
export type SlackRequestKind = 'command' | 'interaction' | 'event';

export function encodeSlackBody(kind: SlackRequestKind, payload: Record<string, unknown>): { body: string; contentType: string } {
  switch (kind) {
    case 'command':
      return { body: new URLSearchParams(payload as Record<string, string>).toString(), contentType: 'application/x-www-form-urlencoded' };
    case 'interaction':
      return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
    case 'event':
      return { body: JSON.stringify(payload), contentType: 'application/json' };
  }
}

export interface PostSignedOptions {
  secret?: string;
  timestamp?: number | string;
  /** Replace the computed signature (e.g. to test a bad one); null = omit the header. */
  signature?: string | null;
  /** null = omit the timestamp header. */
  omitTimestamp?: boolean;
  headers?: Record<string, string>;
}

export interface SignedResponse {
  status: number;
  body: string;
  json: unknown;
  elapsedMs: number;
}

/** Sends a signed request, as Slack would, to the running app (real HTTP). */
export async function postSigned(url: string, kind: SlackRequestKind, payload: Record<string, unknown>, options: PostSignedOptions = {}): Promise<SignedResponse> {
  const { body, contentType } = encodeSlackBody(kind, payload);
  const signed = signSlackRequest(options.secret ?? TEST_SIGNING_SECRET, body, options.timestamp);
  const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
  if (!options.omitTimestamp) headers['x-slack-request-timestamp'] = signed.timestamp;
  if (options.signature !== null) headers['x-slack-signature'] = options.signature ?? signed.signature;
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, body: text, json, elapsedMs };
}

/** A WebClient call body (form-encoded, JSON-valued fields such as blocks/view parsed). */
export function parseSlackApiBody(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object') return body as Record<string, unknown>;
  const text = String(body ?? '');
  if (text.startsWith('{')) return JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return out;
}
