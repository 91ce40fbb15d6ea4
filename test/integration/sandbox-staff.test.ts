// The sandbox through its HTTP API (issue 11): a customer's contact is not staff but still answers
// polls, and a channel typed as #name is offered as a pick among the sandbox's channels.
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

const sandbox = useSandboxApp(t);

describe('the sandbox and who is staff', () => {
  it('a customer’s contact is refused, listed nowhere as a rep, and still answers the poll in their channel', { timeout: 20000 }, async () => {
    await type('rep-ann', 'dm:rep-ann', '/crm customer add Acme');
    await type('rep-ann', 'dm:rep-ann', '/crm customer edit Acme channel=<#sandbox:acme|acme-shared>');
    await type('guest-carol', 'sandbox:acme', '/crm customer add GuestCorp');
    const refused = await lastBotReply('guest-carol', 'sandbox:acme');
    expect(refused.reply.text).toContain('Rapport is for our company’s own staff only');
    expect((await t.prisma.user.findMany({ include: { accounts: true } })).map((u) => u.accounts[0]!.externalId)).toEqual(['rep-ann']);
    expect(await t.prisma.customer.count()).toBe(1);
    const state = (await (await fetch(`${sandbox.base}/sandbox/api/state`)).json()) as { people: Array<{ id: string; kind: string }> };
    expect(state.people.filter((p) => p.kind === 'staff').map((p) => p.id)).toEqual(['rep-ann']);

    await type('rep-ann', 'dm:rep-ann', '/crm poll csat Acme');
    const poll = (await messages('guest-carol', 'sandbox:acme')).find((m) => m.author === 'bot' && JSON.stringify(m.reply.blocks).includes('poll.vote'))!;
    const vote = poll.reply.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((c) => c.type === 'button' && c.action === 'poll.vote')!;
    await post('click', { as: 'guest-carol', conversation: 'sandbox:acme', messageId: poll.id, action: vote.action, value: 'value' in vote ? vote.value : '' });
    expect(await t.prisma.pollAnswer.count()).toBe(1);
    expect(await t.prisma.user.count()).toBe(1);
  });
});

describe('a typed #channel in the sandbox', () => {
  it('is answered with a pick of the sandbox’s channels, which completes the edit', async () => {
    await type('rep-ann', 'dm:rep-ann', '/crm customer add Acme');
    await type('rep-ann', 'dm:rep-ann', '/crm customer edit Acme channel=<#sandbox:acme|acme-shared>');
    await type('rep-ann', 'dm:rep-ann', '/crm customer add Beta');
    await type('rep-ann', 'dm:rep-ann', '/crm customer edit Beta channel=#acme-shared');
    const asked = await lastBotReply('rep-ann', 'dm:rep-ann');
    const picker = asked.reply.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((c) => c.type === 'channel_picker');
    expect(picker).toMatchObject({ type: 'channel_picker', value: 'customer edit Beta channel=<#>' });
    expect(await t.prisma.customer.findFirstOrThrow({ where: { name: 'Beta' } })).toMatchObject({ channelId: null });

    await post('click', { as: 'rep-ann', conversation: 'dm:rep-ann', messageId: asked.id, action: picker!.action, value: 'value' in picker! ? picker.value : '', channel: { id: 'sandbox:acme', name: 'acme-shared' } });
    expect(await t.prisma.customer.findFirstOrThrow({ where: { name: 'Beta' } })).toMatchObject({ channelId: 'sandbox:acme', channelName: 'acme-shared' });
    // The pick replaced the question.
    expect((await messages('rep-ann', 'dm:rep-ann')).some((m) => JSON.stringify(m.reply.blocks ?? []).includes('channel_picker'))).toBe(false);
  });

  it('refuses a malformed channel, changing nothing', async () => {
    await type('rep-ann', 'dm:rep-ann', '/crm customer add Beta');
    const bad = await fetch(`${sandbox.base}/sandbox/api/click`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as: 'rep-ann', conversation: 'dm:rep-ann', action: 'cmd.pick_channel', value: 'customer edit Beta channel=<#>', channel: { id: 'x y', name: 'n' } }) });
    expect(bad.status).toBe(400);
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ channelId: null });
  });
});
