// Review of issue 11 §2 in the sandbox (its HTTP API, the real bot and database): a colleague
// mentioned the sandbox's way (@rep-bob) in a sentence, and a part of a name with a typed #channel.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/chat/reply.js';
import { useTestDatabase } from '../helpers/database.js';
import { useSandboxApp } from './harness.js';

const t = useTestDatabase();

type Message = { id: number; author: string; reply: Reply };
const post = async (path: string, body: unknown) => (await fetch(`${sandbox.base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
const messages = async (as: string, conversation: string) => ((await (await fetch(`${sandbox.base}/sandbox/api/messages?as=${as}&conversation=${conversation}`)).json()) as { messages: Message[] }).messages;
const type = (as: string, conversation: string, text: string) => post('type', { as, conversation, text });
const lastBotReply = async (as: string, conversation: string) => (await messages(as, conversation)).filter((m) => m.author === 'bot').at(-1)!;
const elements = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));

const sandbox = useSandboxApp(t);

describe('names in the sandbox', () => {
  it('a sentence naming a colleague (@rep-bob) at a customer drafts for the customer, not a new customer “@rep-bob”', { timeout: 20000 }, async () => {
    await type('rep-ann', 'dm:rep-ann', '/crm customer add Blue Cedar Apparel');
    await type('rep-ann', 'dm:rep-ann', 'called @rep-bob at Blue Cedar about the renewal');
    const draft = (await lastBotReply('rep-ann', 'dm:rep-ann')).reply;
    expect(JSON.stringify(draft.blocks)).toContain('Blue Cedar Apparel (#1)');
    expect(elements(draft).some((e) => e.action === 'draft.new_customer')).toBe(false);
  });

  it('poll csat <part of a name> in #typed: the pick of channels completes the poll', { timeout: 20000 }, async () => {
    await type('rep-ann', 'dm:rep-ann', '/crm customer add Blue Cedar Apparel');
    await type('rep-ann', 'dm:rep-ann', '/crm poll csat Blue Cedar in #acme-shared How was it?');
    const asked = await lastBotReply('rep-ann', 'dm:rep-ann');
    const picker = elements(asked.reply).find((e) => e.type === 'channel_picker');
    expect(picker).toMatchObject({ value: 'poll csat "Blue Cedar" in <#> How was it?' });
    await post('click', { as: 'rep-ann', conversation: 'dm:rep-ann', messageId: asked.id, action: picker!.action, value: 'value' in picker! ? picker.value : '', channel: { id: 'sandbox:acme', name: 'acme-shared' } });
    expect(await t.prisma.poll.findFirstOrThrow()).toMatchObject({ customerId: 1, channelId: 'sandbox:acme', question: 'How was it?' });
  });
});
