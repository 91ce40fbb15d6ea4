// Review of issue 11 §2 after the merge: people and channels inside free text (a sentence to the
// bot, a summary) as Slack sends them. Real signed HTTP into the real app and database.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, messageImEventPayload, RESPONSE_URL_ORIGIN, responseUrlPath } from '../helpers/slack.js';
import { captureResponseUrl, captureSlackApi, fakeSlackDirectory, findButton, messageText, startApp, type AppUnderTest } from './harness.js';

const ANN = 'U0ANN00001';
const LI = 'U0LI000001';
const BOB = 'U0BOB00001';
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
let app: AppUnderTest;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
beforeEach(async () => {
  fakeSlackDirectory();
  app.clock.set(NOW);
  await app.command(LI, 'help'); // 李雷 has used the bot: a known person
  await app.command(ANN, 'customer add "Blue Cedar Apparel"');
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
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
    expect(await t.prisma.user.count({ where: { externalId: BOB } })).toBe(0);
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
