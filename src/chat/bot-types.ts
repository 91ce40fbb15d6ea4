// The contract between platform adapters (Slack, WeCom, sandbox) and the chat layer.
// Adapters translate transport to these calls and render what comes back; they decide nothing.
import type { AccountKind, Workspace } from '../domain/staff.js';
import type { DeclaresCapabilities } from './capabilities.js';
import type { Form, FormValues, Option, Reply } from './reply.js';

export type Locale = 'en' | 'zh';

/** Who is talking, as the platform knows them. */
export interface Speaker {
  platform: string; // 'slack' | 'wecom' | 'sandbox'
  externalId: string; // the platform's user id
  workspaceId?: string;
  displayName?: string;
}

/** What a platform can tell about one of its users (Slack: users.info). */
export interface PlatformProfile {
  displayName?: string;
  locale?: string; // raw platform locale, e.g. 'zh-CN', 'en-US'
  timezone?: string; // IANA
  /** A full member, a guest (Slack is_restricted), someone of another organisation, a bot. */
  kind?: AccountKind;
  /** Their own workspace (Slack team_id and enterprise id): the domain compares it with ours. */
  workspace?: Workspace;
}

/** Looks users up on their platform; cached in the database by the chat layer. */
export interface PlatformDirectory {
  lookupProfile(externalId: string): Promise<PlatformProfile | null>;
  /** Our own workspace on this platform (Slack: the bot token's team); null when it cannot be told now. */
  homeWorkspace(): Promise<Workspace | null>;
}

/** A message the bot must push to someone other than the requester (e.g. a new owner). */
export interface Notification {
  to: { platform: string; externalId: string };
  reply: Reply;
}

/** A file for the requester only (a privacy export, a report). */
export interface OutgoingFile {
  filename: string;
  title: string;
  mimeType: string;
  content: string | Uint8Array;
  /** Post it in this conversation (a chart for a channel's summary) instead of the requester's DM. */
  shareIn?: string;
}

/** A file someone sent to the bot; its bytes are fetched only once its name and size are acceptable. */
export interface IncomingFile {
  name: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface Outcome {
  /** Answer to the requester (ephemeral/private unless visibility says public). */
  reply?: Reply;
  /** Open this form (modal) for the requester. */
  form?: Form;
  /** Form submissions only: keep the form open and show these messages per input id. */
  formErrors?: Record<string, string>;
  notifications?: Notification[];
  /** Files sent privately to the requester (Slack: uploaded to their DM with the bot). */
  files?: OutgoingFile[];
  /**
   * The requester's own overview (Bot.home) may be out of date after this: a platform that shows
   * one (Slack's Home tab) republishes it. Never set for poll respondents, who have no home.
   */
  refreshHome?: boolean;
}

export interface RequestMeta {
  /** Unique id of the platform delivery (Slack event_id / trigger): retries carry the same key. */
  requestKey?: string;
  /** Where the request came from, when the platform says (channel id). */
  conversationId?: string;
  /** The conversation has other people in it (a channel, not a direct message). */
  shared?: boolean;
  /**
   * The message that carried the clicked control, as the platform's messenger names it (its
   * update(ref) takes it), when the platform can update that message later (not an ephemeral one).
   */
  messageRef?: string;
  /** The channel chosen in a ChannelPicker (reply.ts), for the action that carried it. */
  pickedChannel?: { id: string; name?: string };
}

/**
 * The bot. Every method resolves (never rejects): failures come back as a localized reply.
 */
export interface Bot {
  /** `/crm <text>` */
  command(speaker: Speaker, text: string, meta?: RequestMeta): Promise<Outcome>;
  /** A plain message to the bot in a direct conversation. */
  message(speaker: Speaker, text: string, meta?: RequestMeta): Promise<Outcome>;
  /** A click on a button or a choice in a select that a Reply carried. */
  action(speaker: Speaker, action: string, value: string, meta?: RequestMeta): Promise<Outcome>;
  /** A submitted Form. */
  submitForm(speaker: Speaker, formId: string, state: string, values: FormValues, meta?: RequestMeta): Promise<Outcome>;
  /** "Log as contact" on a message: the contact form prefilled with that text. */
  logFromMessage(speaker: Speaker, messageText: string): Promise<Outcome>;
  /** A file sent to the bot in a direct conversation (a CSV to import). */
  importFile(speaker: Speaker, file: IncomingFile, meta?: RequestMeta): Promise<Outcome>;
  /** Options for a `customer` input, searched as the user types. */
  searchCustomers(speaker: Speaker, query: string): Promise<Option[]>;
  /**
   * The speaker's own overview page (Slack: the App Home tab): today's callbacks, customers by tier,
   * open polls, recent low scores, team figures for managers. Creates no user: someone the bot does
   * not know yet gets a welcome page.
   */
  home(speaker: Speaker): Promise<Reply>;
}

/** Why a push to a platform failed; `retryable` failures are tried again later, never dropped. */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    /** The platform asked to wait this long (Slack 429 Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(`delivery failed: ${code}`);
    this.name = 'DeliveryError';
  }
}

/** What to record of a failed push: the platform's code, or internal_error for anything else. */
export function deliveryErrorCode(error: unknown): string {
  return error instanceof DeliveryError ? error.code : 'internal_error';
}

/** Log fields for a failed push: the platform's code, and the error itself when it is not one. */
export function deliveryFailure(error: unknown): { reason: string; err?: unknown } {
  return error instanceof DeliveryError ? { reason: error.code } : { reason: 'internal_error', err: error };
}

/**
 * Messages the bot sends on its own (the scheduler's reminders, escalations, digests), outside any
 * request. Each platform adapter implements it; a `ref` identifies a sent message for later update.
 * It declares what its platform can do (capabilities.ts), the same values its renderer lays out with.
 */
export interface PlatformMessenger extends DeclaresCapabilities {
  /** To a person's direct conversation with the bot. Throws DeliveryError. */
  sendDirect(externalId: string, reply: Reply): Promise<{ ref: string }>;
  /** To a channel (e.g. the managers' channel). Throws DeliveryError. */
  sendToChannel(channelId: string, reply: Reply): Promise<{ ref: string }>;
  /** Replaces a message sent earlier. Throws DeliveryError. */
  update(ref: string, reply: Reply): Promise<void>;
  /** Posts a file (a chart) in a channel, in the thread of the message `threadRef` when given. Throws DeliveryError. */
  sendFile(channelId: string, file: OutgoingFile, options?: { threadRef?: string }): Promise<void>;
  /**
   * A platform that shows each person an overview page (Slack's App Home): that person's page is
   * out of date, republish it soon (debounced; never throws). Absent where there is no such page.
   */
  refreshHome?(account: { externalId: string; workspaceId?: string }): void;
}
