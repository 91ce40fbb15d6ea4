// Review of issue 11 §2 after the merge: people and channels inside free text (a sentence to the
// bot, a summary) as Slack sends them. Real signed HTTP into the real app and database.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, messageImEventPayload, RESPONSE_URL_ORIGIN, responseUrlPath } from '../helpers/slack.js';
import { captureResponseUrl, captureSlackApi, findButton, messageText, slackShown, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const LI = 'U0LI000001';
const BOB = 'U0BOB00001';
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const app = useSlackApp(t, NOW);
beforeEach(async () => {
  await app.command(LI, 'help'); // 李雷 has used the bot: a known person
  await app.command(ANN, 'customer add "Blue Cedar Apparel"');
});

async function dm(user: string, text: string) {
  const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.2' });
  expect((await app.send('event', messageImEventPayload({ text, userId: user }))).status).toBe(200);
  return posted;
}

async function click(user: string, button: { action_id: string; value: string }) {
  const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
  const answered = captureResponseUrl(responseUrl);
  expect((await app.send('interaction', blockActionsPayload({ actionId: button.action_id, value: button.value, userId: user, responseUrl }))).status).toBe(200);
  return answered;
}

const hasButton = (message: Record<string, unknown>, action: string) => JSON.stringify(message.blocks ?? []).includes(`"action_id":"${action}#`);

describe('a person mentioned in a sentence to the bot', () => {
  it('is not taken for the customer: the customer is where they are, and the person reads as @name', async () => {
    const draft = await dm(ANN, 'called <@U0LI000001> at Blue Cedar about the renewal');
    expect(hasButton(draft, 'draft.new_customer')).toBe(false);
    expect(messageText(draft)).toContain('Blue Cedar Apparel (#1)');
    expect(messageText(draft)).toContain('called @李雷 at Blue Cedar about the renewal');
    expect(messageText(draft)).not.toContain('U0LI000001');
    await click(ANN, findButton(draft, 'draft.save'));
    expect(await t.prisma.contactLog.findFirstOrThrow()).toMatchObject({ customerId: 1, summary: 'called @李雷 at Blue Cedar about the renewal' });
  });

  it('someone who never used the bot is named as Slack names them, and gets no user', async () => {
    const draft = await dm(ANN, 'met with Blue Cedar Apparel and <@U0BOB00001>, shared in <#C0ACME0001|acme-shared>');
    expect(messageText(draft)).toContain('met with Blue Cedar Apparel and @Bob, shared in #acme-shared');
    expect(await t.prisma.user.count({ where: { accounts: { some: { externalId: BOB } } } })).toBe(0);
  });

  it('in Chinese: the person called is never offered as a new customer', async () => {
    const reply = await dm(LI, '给<@U0ANN00001>打了电话，3天后再联系');
    expect(hasButton(reply, 'draft.new_customer')).toBe(false);
    expect(messageText(reply)).not.toContain('U0ANN00001');
    expect(await t.prisma.customer.count()).toBe(1);
  });
});

describe('a person mentioned in a logged summary', () => {
  it('the log command stores the name, not the platform reference', async () => {
    const reply = await app.command(ANN, 'log Blue Cedar Apparel call agreed with <@U0LI000001|李雷> on the price');
    expect(messageText(reply)).toContain('Logged a call with');
    expect(await t.prisma.contactLog.findFirstOrThrow()).toMatchObject({ summary: 'agreed with @李雷 on the price' });
  });
});

describe('a person outside the team', () => {
  it('is refused as a person, not as “this customer”, in English and Chinese', async () => {
    await app.command(BOB, 'help');
    const en = await app.command(ANN, 'due @bob');
    expect(messageText(en)).toContain('this person is not in your team');
    expect(messageText(en)).not.toContain('customer');
    const zh = await app.command(LI, 'due @Bob');
    expect(messageText(zh)).toContain('此人不在你的团队中');
  });
});

type SlackBlock = { type: string; block_id?: string; elements?: Array<{ type: string; action_id: string }> };

function channelPicker(message: Record<string, unknown>): { actionId: string; blockId: string } {
  for (const b of (message.blocks ?? []) as SlackBlock[]) {
    const picker = b.elements?.find((e) => e.type === 'conversations_select');
    if (picker && b.block_id) return { actionId: picker.action_id, blockId: b.block_id };
  }
  throw new Error(`no channel picker in ${JSON.stringify(message.blocks)}`);
}

describe('a part of a multi-word name, or a typo of one, in commands whose customer ends where the name does', () => {
  it('remind and stage: the words of the name are the customer, the rest the date and the stage', async () => {
    const reminded = await app.command(ANN, 'remind Blue Cedar tomorrow call back');
    expect(messageText(reminded)).toContain('I’ll remind Ann about *Blue Cedar Apparel* on Wed 25 Nov 2026');
    const staged = await app.command(ANN, 'stage Blue Cedar active signed the contract');
    expect(messageText(staged)).toContain('*Blue Cedar Apparel* is now *Active*');
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ lifecycleStage: 'active' });
  });

  it('a typo over several words gets “did you mean” with a button that runs the command', async () => {
    const asked = await app.command(ANN, 'stage Blue Cedar Aparel loyal big orders');
    expect(messageText(asked)).toContain('No customer matches “Blue Cedar Aparel”. Did you mean:');
    const done = await click(ANN, findButton(asked, 'cmd.run', 'Blue Cedar Apparel'));
    expect(messageText(done)).toContain('is now *Loyal*');
    expect(await t.prisma.customer.findFirstOrThrow()).toMatchObject({ lifecycleStage: 'loyal' });
  });

  it('poll csat <part of a name> in #typed: the channel picker, then the poll in the channel picked', async () => {
    const asked = await app.command(ANN, 'poll csat Blue Cedar in #blue-cedar How was our delivery?');
    const picker = channelPicker(asked);
    expect(picker.blockId).toBe('poll csat "Blue Cedar" in <#> How was our delivery?');
    const posted = captureSlackApi('chat.postMessage', { ok: true, channel: 'C0BLUE0001', ts: '1764000000.000002' });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = captureResponseUrl(responseUrl);
    await app.send('interaction', blockActionsPayload({ actionId: picker.actionId, selectedConversation: { channelId: 'C0BLUE0001', blockId: picker.blockId }, userId: ANN, responseUrl }));
    await answered;
    expect((await posted).channel).toBe('C0BLUE0001');
    expect(await t.prisma.poll.findFirstOrThrow()).toMatchObject({ customerId: 1, channelId: 'C0BLUE0001', question: 'How was our delivery?' });
  });
});

describe('what was typed, quoted back in a question, is shown as typed (markup.ts)', () => {
  /** The reply's mrkdwn text: Slack would format a raw `*x*` or `_x_` in it. */
  const sectionText = (message: Record<string, unknown>) => ((message.blocks ?? []) as Array<{ text?: { text?: string } }>).map((b) => b.text?.text ?? '').join('\n');

  beforeEach(async () => {
    await app.command(ANN, 'customer add "Acme *Star* Trading"');
  });

  it('a near miss in log and in a sentence: the stars typed are not bold', async () => {
    const logged = await app.command(ANN, 'log Acme *Star* Tradng call asked for samples');
    expect(slackShown(sectionText(logged))).toContain('No customer matches “Acme *Star* Tradng”');
    expect(sectionText(logged)).not.toContain('*Star*');
    const drafted = await dm(ANN, 'called Acme *Star* Tradng about samples');
    expect(slackShown(sectionText(drafted))).toContain('No customer matches “Acme *Star* Tradng”');
    expect(sectionText(drafted)).not.toContain('“Acme *Star*');
  });

  it('an unknown person: the underscores typed are not italics', async () => {
    const reply = await app.command(ANN, 'customer share Blue Cedar Apparel @_bob_');
    expect(slackShown(sectionText(reply))).toContain('I don’t know anyone called “@_bob_”');
    expect(sectionText(reply)).not.toContain('_bob_');
  });

  it('a mistyped command with a backtick in it: the suggestion is not a broken code span, the button runs it', async () => {
    await app.command(ANN, 'customer add "Tom `Shop`"');
    const reply = await app.command(ANN, 'custmer show Tom `Shop`');
    expect(slackShown(sectionText(reply))).toContain('Did you mean “/crm customer show Tom `Shop`”?');
    const card = await click(ANN, findButton(reply, 'cmd.run'));
    expect(messageText(card)).toContain('"type":"header","text":{"type":"plain_text","text":"Tom `Shop`"');
  });
});

describe('a typed #channel in a command too long for Slack to carry with the pick', () => {
  it('says how to finish it instead of promising a pick that is not there', async () => {
    const question = `Thinking of the whole of this year with us — ${'the deliveries, the samples, the invoices, '.repeat(6)}how satisfied are you?`;
    const reply = await app.command(ANN, `poll csat Blue Cedar Apparel in #blue-cedar ${question}`);
    expect(JSON.stringify(reply.blocks)).not.toContain('conversations_select');
    expect(messageText(reply)).toContain('This command is too long to finish from a pick: send it again and choose the channel from the list that opens when you type #.');
    expect(await t.prisma.poll.count()).toBe(0);
    const zh = await app.command(LI, `poll csat Blue Cedar Apparel in #blue-cedar ${question}`);
    expect(messageText(zh)).toContain('这条命令太长，无法通过选择来完成');
  });
});

describe('addresses, numbers and described people in a sentence to the bot', () => {
  it('an email Slack linked is not offered as a new customer; the company of 华东的李经理 is found', async () => {
    await app.command(ANN, 'customer add 华东贸易');
    const mailed = await dm(ANN, 'emailed <mailto:bob@acme.com|bob@acme.com> about the quote');
    expect(hasButton(mailed, 'draft.new_customer')).toBe(false);
    expect(messageText(mailed)).not.toContain('bob@acme”');
    const called = await dm(ANN, '给华东的李经理打了电话，3天后再联系');
    expect(messageText(called)).toContain('华东贸易 (#2)');
    expect(hasButton(called, 'draft.new_customer')).toBe(false);
    const met = await dm(ANN, 'met with the buyer from Blue Cedar today');
    expect(messageText(met)).toContain('Blue Cedar Apparel (#1)');
  });
});
