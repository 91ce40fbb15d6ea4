// Slack entities reach the grammar intact (issue 11 §0): every text below is exactly what Slack
// sends (slash commands escaped by the manifest's should_escape, message events, shortcuts), over
// real signed HTTP, into the real bot and database; nock plays Slack's Web API.
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, messageImEventPayload, messageShortcutPayload, RESPONSE_URL_ORIGIN, responseUrlPath } from '../helpers/slack.js';
import { captureResponseUrl, captureSlackApi, messageText, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const BOB = 'U0BOB00001';
const ACME_CHANNEL = 'C0ACME0001';
const OTHER_CHANNEL = 'C0OTHER001';
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const app = useSlackApp(t, NOW);

type SlackBlock = { type: string; block_id?: string; elements?: Array<{ type: string; action_id: string }> };

/** The conversations_select of a message, with the block_id that carries its pending command. */
function channelPicker(message: Record<string, unknown>): { actionId: string; blockId: string } {
  const blocks = (message.blocks ?? []) as SlackBlock[];
  for (const b of blocks) {
    const picker = b.elements?.find((e) => e.type === 'conversations_select');
    if (picker && b.block_id) return { actionId: picker.action_id, blockId: b.block_id };
  }
  throw new Error(`no channel picker in ${JSON.stringify(blocks)}`);
}

async function pick(user: string, picker: { actionId: string; blockId: string }, channelId: string) {
  const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
  const answered = captureResponseUrl(responseUrl);
  const response = await app.send('interaction', blockActionsPayload({ actionId: picker.actionId, selectedConversation: { channelId, blockId: picker.blockId }, userId: user, responseUrl }));
  expect(response.status).toBe(200);
  return answered;
}

describe('entities in /crm as Slack escapes them', () => {
  it('stores the address typed in email= and phone= that Slack turned into links', async () => {
    // Typed with spaces, a phone number is quoted; Slack links it inside the quotes.
    const added = await app.command(ANN, 'customer add Foo email=<mailto:a@b.co|a@b.co> phone="<tel:+8613800138000|+86 138 0013 8000>"');
    expect(messageText(added)).toContain('Customer *Foo* (#1) created');
    const card = messageText(await app.command(ANN, 'customer show Foo'));
    expect(card).toContain('a@b.co');
    expect(card).toContain('+86 138 0013 8000');
    expect(card).not.toContain('mailto');
    await app.command(ANN, 'customer edit Foo phone=<tel:13912345678|139-1234-5678> email=<mailto:Li@B.co|Li@B.co>');
    const edited = messageText(await app.command(ANN, 'customer show Foo'));
    expect(edited).toContain('139-1234-5678');
    expect(edited).toContain('li@b.co');
  });

  it('links a customer to a channel Slack sent as <#C…|name>, and unlinks it', async () => {
    await app.command(ANN, 'customer add Acme');
    const edited = await app.command(ANN, `customer edit Acme channel=<#${ACME_CHANNEL}|acme-shared>`);
    expect(messageText(edited)).not.toContain('⚠️');
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ channelId: ACME_CHANNEL, channelName: 'acme-shared' });
    await app.command(ANN, 'customer edit Acme channel=none');
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ channelId: null, channelName: null });
  });

  it('posts a poll in the channel given as `in <#C…|name>`', async () => {
    await app.command(ANN, 'customer add Acme');
    const posted = captureSlackApi('chat.postMessage', { ok: true, channel: OTHER_CHANNEL, ts: '1764000000.000001' });
    const reply = await app.command(ANN, `poll csat Acme in <#${OTHER_CHANNEL}|acme-other> How did the <https://x.io/install|install> go?`);
    expect((await posted).channel).toBe(OTHER_CHANNEL);
    expect(messageText(reply)).toContain('#acme-other');
    const poll = await t.prisma.poll.findFirstOrThrow();
    expect(poll).toMatchObject({ channelId: OTHER_CHANNEL, channelName: 'acme-other', question: 'How did the install (https://x.io/install) go?' });
  });

  it('shares a customer with a person mentioned as <@U…|name>', async () => {
    await app.command(ANN, 'customer add Acme');
    const reply = await app.command(ANN, `customer share Acme <@${BOB}|bob>`);
    expect(messageText(reply)).not.toContain('⚠️');
    const share = await t.prisma.customerShare.findFirstOrThrow({ include: { user: { include: { accounts: true } } } });
    expect(share.user.accounts[0]!.externalId).toBe(BOB);
  });

  it('keeps links, emails and phone numbers of a summary as text, and a channel by its name', async () => {
    await app.command(ANN, 'customer add Acme');
    await app.command(ANN, `log Acme call sent <https://x.io/q|the quote> to <mailto:li@acme.cn|li@acme.cn>, call back <tel:13912345678|139 1234 5678> in <#${ACME_CHANNEL}|acme-shared>`);
    const log = await t.prisma.contactLog.findFirstOrThrow();
    expect(log.summary).toBe('sent the quote (https://x.io/q) to li@acme.cn, call back 139 1234 5678 in #acme-shared');
  });
});

describe('entities in the other Slack paths', () => {
  it('a DM message event: links and emails arrive as text in the draft', async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
    const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.2' });
    await app.send('event', messageImEventPayload({ text: 'called Acme Trading about <https://x.io/q|the quote>, wrote to <mailto:li@acme.cn|li@acme.cn>', userId: ANN }));
    const draft = messageText(await posted);
    expect(draft).toContain('the quote (https://x.io/q)');
    expect(draft).toContain('li@acme.cn');
    expect(draft).not.toContain('mailto');
  });

  it('the message shortcut: the form is prefilled with the message as text, mention kept canonical', async () => {
    const opened = captureSlackApi('views.open', { ok: true, view: { id: 'V3' } });
    await app.send('interaction', messageShortcutPayload({ text: `<@${BOB}|bob> sent <https://x.io/q|the quote> &amp; called <tel:13912345678|139 1234 5678>`, userId: ANN }));
    const view = (await opened).view as { blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(view.blocks.find((b) => b.block_id === 'summary')?.element.initial_value).toBe(`<@${BOB}> sent the quote (https://x.io/q) & called 139 1234 5678`);
  });
});

describe('a typed #channel gets a channel picker', () => {
  it('customer edit: the picker completes the edit with the channel chosen', async () => {
    await app.command(ANN, 'customer add Acme');
    const asked = await app.command(ANN, 'customer edit Acme channel=#acme-shared');
    expect(messageText(asked)).toContain('Which channel is “#acme-shared”?');
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ channelId: null });
    const picker = channelPicker(asked);
    expect(picker.blockId).toBe('customer edit Acme channel=<#>');

    const done = await pick(ANN, picker, ACME_CHANNEL);
    expect(done.replace_original).toBe(true);
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ channelId: ACME_CHANNEL });
  });

  it('poll … in #name: the picker posts the poll in the channel chosen', async () => {
    await app.command(ANN, 'customer add Acme');
    const asked = await app.command(ANN, 'poll nps Acme in #acme-shared How likely are you to recommend us?');
    expect(await t.prisma.poll.count()).toBe(0);
    const posted = captureSlackApi('chat.postMessage', { ok: true, channel: ACME_CHANNEL, ts: '1764000000.000002' });
    await pick(ANN, channelPicker(asked), ACME_CHANNEL);
    expect((await posted).channel).toBe(ACME_CHANNEL);
    expect(await t.prisma.poll.findFirstOrThrow()).toMatchObject({ channelId: ACME_CHANNEL, question: 'How likely are you to recommend us?' });
  });

  it('a forged picker value changes nothing', async () => {
    await app.command(ANN, 'customer add Acme');
    const answered = await pick(ANN, { actionId: 'cmd.pick_channel#0', blockId: 'customer edit Acme channel=#nope' }, ACME_CHANNEL);
    expect(messageText(answered)).toContain('no longer valid');
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ channelId: null });
  });
});
