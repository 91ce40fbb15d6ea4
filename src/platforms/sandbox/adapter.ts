// The sandbox: a local chat page over the same Bot and reply model as Slack. This module is the
// adapter's core — who the people are, how an Outcome lands in the conversations, the messenger the
// scheduler uses, the simulated clock — and decides nothing about customers itself.
import { randomUUID } from 'node:crypto';
import type { Bot, IncomingFile, OutgoingFile, Outcome, PlatformMessenger, RequestMeta, Speaker } from '../../chat/bot-types.js';
import { DeliveryError } from '../../chat/bot-types.js';
import type { Form, FormValues, Reply } from '../../chat/reply.js';
import { SANDBOX_CAPABILITIES } from './limits.js';
import { renderForSandbox } from './render.js';
import type { Clock } from '../../domain/ports.js';
import type { SandboxFile, SandboxStore } from './store.js';

export const SANDBOX_PLATFORM = 'sandbox';
/** The customer's organisation: its people answer polls from outside our workspace. */
export const CUSTOMER_WORKSPACE = 'customer-org';
export const MANAGERS_CHANNEL = 'sandbox:managers';

export function dmOf(userId: string): string {
  return `dm:${userId}`;
}

/** Customers' contacts, who answer polls in the shared channels (they are not users of ours). */
export const CUSTOMER_PEOPLE = [
  { id: 'guest-carol', name: 'Carol Wu (customer)', locale: 'en' },
  { id: 'guest-wang', name: '王芳（客户）', locale: 'zh' },
] as const;

export function isCustomerPerson(id: string): boolean {
  return CUSTOMER_PEOPLE.some((p) => p.id === id);
}

export function speakerFor(id: string, name?: string): Speaker {
  return { platform: SANDBOX_PLATFORM, externalId: id, ...(isCustomerPerson(id) ? { workspaceId: CUSTOMER_WORKSPACE } : {}), ...(name ? { displayName: name } : {}) };
}

function fileOf(file: OutgoingFile): SandboxFile {
  const bytes = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
  return { name: file.filename, type: file.mimeType, data: bytes.toString('base64') };
}

/** What the page gets back besides the new messages: a form to open, or errors for the open one. */
export interface SandboxResult {
  form?: Form;
  formErrors?: Record<string, string>;
}

/** A sandbox message's ref, as the messenger hands it out and RequestMeta.messageRef carries it. */
const refOf = (id: number) => `sandbox:${id}`;
const idOf = (ref: string): number | null => {
  const id = Number(ref.replace(/^sandbox:/, ''));
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** Puts an Outcome where Slack would: replies in the conversation, notifications and files in DMs. */
export async function deliver(store: SandboxStore, outcome: Outcome, to: { as: string; conversation: string; messageId?: number }): Promise<SandboxResult> {
  if (outcome.formErrors && Object.keys(outcome.formErrors).length > 0) return { formErrors: outcome.formErrors };
  const reply = outcome.reply;
  if (reply) {
    // A form's answer may name the message the form was opened from; else the clicked one.
    const originalId = reply.replaceMessage ? idOf(reply.replaceMessage) : to.messageId;
    const original = originalId !== undefined && originalId !== null ? await store.find(originalId) : null;
    if (reply.replaceOriginal && original && original.author === 'bot') await store.replace(original.id, renderForSandbox(reply));
    else await store.add({ conversation: to.conversation, author: 'bot', visibleTo: reply.visibility === 'public' ? null : to.as, reply: renderForSandbox(reply) });
  }
  for (const notification of outcome.notifications ?? []) {
    if (notification.to.platform !== SANDBOX_PLATFORM) continue;
    await store.add({ conversation: dmOf(notification.to.externalId), author: 'bot', visibleTo: null, reply: renderForSandbox(notification.reply) });
  }
  for (const file of outcome.files ?? []) {
    const conversation = file.shareIn ?? dmOf(to.as);
    await store.add({ conversation, author: 'bot', visibleTo: null, reply: { visibility: 'public', text: file.title, blocks: [] }, file: fileOf(file) });
  }
  return outcome.form ? { form: outcome.form } : {};
}

/** The scheduler's and the polls' messages: DMs are "dm:<user>", channels are their ids. */
export function createSandboxMessenger(store: SandboxStore): PlatformMessenger {
  const idOrThrow = (ref: string) => {
    const id = idOf(ref);
    if (id === null) throw new DeliveryError('invalid_ref', false);
    return id;
  };
  return {
    capabilities: SANDBOX_CAPABILITIES,
    async sendDirect(externalId, reply) {
      return { ref: refOf((await store.add({ conversation: dmOf(externalId), author: 'bot', visibleTo: null, reply: renderForSandbox(reply) })).id) };
    },
    async sendToChannel(channelId, reply) {
      return { ref: refOf((await store.add({ conversation: channelId, author: 'bot', visibleTo: null, reply: renderForSandbox({ ...reply, visibility: 'public' }) })).id) };
    },
    async update(ref, reply) {
      if (!(await store.replace(idOrThrow(ref), renderForSandbox(reply)))) throw new DeliveryError('message_not_found', false);
    },
    async sendFile(channelId, file) {
      await store.add({ conversation: channelId, author: 'bot', visibleTo: null, reply: { visibility: 'public', text: file.title, blocks: [] }, file: fileOf(file) });
    },
  };
}

/**
 * The sandbox's clock: real time plus an offset the page can move forward ("skip a day"), kept in
 * the database so a restart stays in the simulated present.
 */
export class SandboxClock implements Clock {
  private offsetMs = 0;
  private store: SandboxStore | null = null;
  /** While a jump replays a job: that job's time (runJobsSkipped sets and clears it). */
  private replaying: Date | null = null;

  now(): Date {
    return new Date(this.replaying ? this.replaying.getTime() : Date.now() + this.offsetMs);
  }

  replayAt(at: Date | null): void {
    this.replaying = at ? new Date(at) : null;
  }

  async attach(store: SandboxStore): Promise<void> {
    this.store = store;
    await this.refresh();
  }

  /** Reads the offset again: another replica may have moved the clock (the database decides). */
  async refresh(): Promise<void> {
    if (this.store) this.offsetMs = Number((await this.store.getState('clockOffsetMs')) ?? 0) || 0;
  }

  async advance(ms: number): Promise<Date> {
    await this.refresh();
    this.offsetMs += Math.max(0, ms);
    await this.store?.setState('clockOffsetMs', String(this.offsetMs));
    return this.now();
  }
}

/** A person types in a conversation: `/crm …` is a command; plain words in a DM talk to the bot. */
export async function typeIn(bot: Bot, store: SandboxStore, input: { as: string; name?: string; conversation: string; text: string }): Promise<SandboxResult> {
  const text = input.text.trim();
  if (text === '') return {};
  await store.add({ conversation: input.conversation, author: input.as, visibleTo: null, reply: { text } });
  const direct = input.conversation.startsWith('dm:');
  const meta: RequestMeta = { requestKey: `sandbox:${randomUUID()}`, conversationId: input.conversation, shared: !direct };
  const speaker = speakerFor(input.as, input.name);
  const command = /^\/crm(\s|$)/i.exec(text);
  if (command) return deliver(store, await bot.command(speaker, text.slice(command[0].length).trim(), meta), input);
  if (direct) return deliver(store, await bot.message(speaker, text, meta), input);
  return {};
}

export async function clickIn(bot: Bot, store: SandboxStore, input: { as: string; name?: string; conversation: string; messageId?: number; action: string; value: string; channel?: { id: string; name: string } }): Promise<SandboxResult> {
  const meta: RequestMeta = {
    requestKey: `sandbox:${randomUUID()}`,
    conversationId: input.conversation,
    ...(input.messageId !== undefined ? { messageRef: refOf(input.messageId) } : {}),
    ...(input.channel ? { pickedChannel: input.channel } : {}),
  };
  const outcome = await bot.action(speakerFor(input.as, input.name), input.action, input.value, meta);
  return deliver(store, outcome, input);
}

export async function submitIn(bot: Bot, store: SandboxStore, input: { as: string; name?: string; conversation: string; messageId?: number; formId: string; state: string; values: FormValues }): Promise<SandboxResult> {
  const outcome = await bot.submitForm(speakerFor(input.as, input.name), input.formId, input.state, input.values, { requestKey: `sandbox:${randomUUID()}`, conversationId: input.conversation });
  return deliver(store, outcome, input);
}

export async function uploadIn(bot: Bot, store: SandboxStore, input: { as: string; conversation: string; file: IncomingFile }): Promise<SandboxResult> {
  await store.add({ conversation: input.conversation, author: input.as, visibleTo: null, reply: { text: `📎 ${input.file.name}` } });
  return deliver(store, await bot.importFile(speakerFor(input.as), input.file, { conversationId: input.conversation }), input);
}

export type { Reply };
