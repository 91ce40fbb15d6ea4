// "parrot": a chat platform that exists only in the test suite, built on the PlatformModule seam
// alone (src/chat/platform.ts) to prove a third platform needs no edit anywhere else. It has a
// messenger that records what it is sent, a directory of its people, a plain-text renderer, and
// one HTTP route that takes commands as JSON {user, text, conversation} and answers with the reply.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { Outcome, PlatformDirectory, PlatformMessenger, PlatformProfile } from '../../src/chat/bot-types.js';
import { renderEscapes } from '../../src/chat/markup.js';
import type { PlatformModule } from '../../src/chat/platform.js';
import type { Block, Reply } from '../../src/chat/reply.js';
import type { PlatformCapabilities } from '../../src/chat/capabilities.js';

/** What parrot can do: plain text, buttons on one line, no forms, no mentions. */
const PARROT_CAPABILITIES: PlatformCapabilities = {
  buttonsPerRow: 12,
  buttonsPerMessage: 24,
  ratingButtonsPerRow: 11,
  choiceButtonsMax: 10,
  optionsPerChoice: 0,
  text: { max: 4000, unit: 'chars' },
  canUpdate: true,
  minSendIntervalMs: 0,
  minUpdateIntervalMs: 0,
  forms: 'none',
  markdown: 'plain',
  mentions: false,
};

export const PARROT = 'parrot';
/** Our own organisation on parrot: its people are staff. */
export const PARROT_HOME = { id: 'parrot-co' };

/** One thing the bot sent on its own, as parrot shows it. */
export interface ParrotPost {
  kind: 'direct' | 'channel' | 'update' | 'file';
  /** A person's id, a channel's id, or (update) the ref of the message replaced. */
  to: string;
  text: string;
  /** The reply itself, for a test to click its buttons as a parrot client would. */
  reply?: Reply;
  /** A file posted in the thread of this message. */
  threadRef?: string;
}

/** Neutral markup (**bold**, `code`, escaped user data) → what a parrot reader sees: plain text. */
export function parrotText(markup: string): string {
  return renderEscapes(markup, (text) => text.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1'), (char) => char);
}

function blockText(block: Block): string[] {
  switch (block.type) {
    case 'header':
    case 'context':
      return [parrotText(block.text)];
    case 'section':
      return [parrotText(block.text), ...(block.accessory ? [`[${parrotText(block.accessory.label)}]`] : [])];
    case 'fields':
      return block.fields.map((f) => `${parrotText(f.label)}: ${parrotText(f.value)}`);
    case 'actions':
      return [block.elements.map((e) => (e.type === 'button' ? `[${parrotText(e.label)}]` : e.type === 'select' ? `[${e.options.map((o) => parrotText(o.label)).join(' | ')}]` : `[${parrotText(e.placeholder)}]`)).join(' ')];
    case 'rating':
    case 'choices':
      return [block.options.map((o) => `[${parrotText(o.label)}]`).join(' ')];
    case 'image':
      return [`(image: ${block.title ?? block.alt})`];
    case 'divider':
      return ['—'];
  }
}

/** The renderer: a Reply as parrot's plain-text message (its blocks, else its fallback text). */
export function renderParrot(reply: Reply): string {
  return reply.blocks.length > 0 ? reply.blocks.flatMap(blockText).join('\n') : parrotText(reply.text);
}

const CommandBody = z.object({ user: z.string().min(1).max(64), text: z.string().max(4000), conversation: z.string().min(1).max(100).optional() });
/** A click on a button of a message parrot shows (`ref` as its messenger handed it out). */
const ActionBody = z.object({ user: z.string().min(1).max(64), action: z.string().min(1).max(255), value: z.string().max(2000), conversation: z.string().min(1).max(100), ref: z.string().max(100).optional() });

export interface Parrot {
  module: PlatformModule;
  /** Everything the bot sent on its own, in order. */
  posts: ParrotPost[];
  /** Who parrot's users are; a test may add people before they first speak. */
  people: Record<string, PlatformProfile>;
}

export function createParrot(people: Record<string, PlatformProfile> = {}): Parrot {
  const posts: ParrotPost[] = [];
  const record = (post: ParrotPost) => (posts.push(post), { ref: `parrot:${posts.length}` });
  const messenger: PlatformMessenger = {
    capabilities: PARROT_CAPABILITIES,
    sendDirect: async (to, reply) => record({ kind: 'direct', to, text: renderParrot(reply), reply }),
    sendToChannel: async (to, reply) => record({ kind: 'channel', to, text: renderParrot(reply), reply }),
    update: async (ref, reply) => void record({ kind: 'update', to: ref, text: renderParrot(reply), reply }),
    sendFile: async (to, file, options) => void record({ kind: 'file', to, text: file.title, ...(options?.threadRef ? { threadRef: options.threadRef } : {}) }),
  };
  const directory: PlatformDirectory = {
    lookupProfile: async (id) => people[id] ?? null,
    homeWorkspace: async () => PARROT_HOME,
  };
  const module: PlatformModule = {
    name: PARROT,
    configured: () => true,
    create: ({ bot, logger }) => ({
      messenger,
      directory,
      mount(web) {
        const speakerOf = (user: string) => ({ platform: PARROT, externalId: user, ...(people[user]?.workspace ? { workspaceId: people[user].workspace.id } : {}) });
        /** Validates the body, runs the bot, records its notifications and answers with the rendered reply. */
        const route = <T>(schema: z.ZodType<T>, run: (body: T) => Promise<Outcome>) => async (req: Request, res: Response) => {
          const body = schema.safeParse(req.body);
          if (!body.success) {
            res.status(400).json({ error: 'invalid request' });
            return;
          }
          try {
            const outcome = await run(body.data);
            for (const notification of outcome.notifications ?? []) {
              if (notification.to.platform === PARROT) record({ kind: 'direct', to: notification.to.externalId, text: renderParrot(notification.reply), reply: notification.reply });
            }
            res.json({ text: outcome.reply ? renderParrot(outcome.reply) : '', visibility: outcome.reply?.visibility ?? null, ...(outcome.form ? { form: outcome.form.id } : {}) });
          } catch (error) {
            // The bot never rejects; this is only the route's own safety net.
            logger.error({ err: error }, 'parrot: request failed');
            res.status(500).json({ error: 'internal' });
          }
        };
        const json = express.json({ limit: '16kb' });
        web.post(
          '/parrot/command',
          json,
          route(CommandBody, ({ user, text, conversation = `dm:${user}` }) => bot.command(speakerOf(user), text, { conversationId: conversation, shared: !conversation.startsWith('dm:') })),
        );
        web.post(
          '/parrot/action',
          json,
          route(ActionBody, ({ user, action, value, conversation, ref }) => bot.action(speakerOf(user), action, value, { conversationId: conversation, shared: !conversation.startsWith('dm:'), ...(ref ? { messageRef: ref } : {}) })),
        );
      },
    }),
  };
  return { module, posts, people };
}

/** A staff member of ours on parrot. */
export function parrotMember(displayName: string, extra: Partial<PlatformProfile> = {}): PlatformProfile {
  return { displayName, locale: 'en-US', timezone: 'Asia/Shanghai', kind: 'member', workspace: PARROT_HOME, ...extra };
}
