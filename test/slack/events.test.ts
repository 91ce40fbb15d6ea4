// Events API: DMs to the bot (message.im), deduplicated by event_id; app_home_opened hook.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../src/chat/bot-types.js';
import { privateReply } from '../../src/chat/reply.js';
import { appHomeOpenedPayload, messageImEventPayload, postSigned, TEST_BOT_USER_ID, TEST_USER_ID } from '../helpers/slack.js';
import { createFakeBot, createMemoryDeliveries, expectSlackApi, sleep, startSlackTestApp, within, type FakeBot, type TestSlackApp } from './harness.js';

describe('message.im events', () => {
  let slack: TestSlackApp;
  let bot: FakeBot;
  let nextOutcome: () => Promise<Outcome>;
  const homeHook = vi.fn(async () => undefined);
  const deliveries = createMemoryDeliveries();
  const events = () => `${slack.url}/slack/events`;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = createFakeBot({ message: () => nextOutcome() });
    slack = await startSlackTestApp({ bot, deliveries, onAppHomeOpened: homeHook });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    bot.message.mockClear();
  });
  afterAll(async () => {
    await slack.stop();
    nock.enableNetConnect();
  });

  it('passes a DM to bot.message and posts the reply in that DM', async () => {
    nextOutcome = async () => ({ reply: privateReply('Logged a **call** with Acme') });
    const posted = expectSlackApi('chat.postMessage');
    const payload = messageImEventPayload({ text: 'called acme &lt;3', channel: 'D0DIRECT77' });
    const response = await postSigned(events(), 'event', payload);
    expect(response.status).toBe(200);
    const body = await within(posted, 2000, 'chat.postMessage');
    expect(body).toMatchObject({ channel: 'D0DIRECT77', text: 'Logged a *call* with Acme' });
    expect(bot.message).toHaveBeenCalledWith(
      expect.objectContaining({ platform: 'slack', externalId: TEST_USER_ID }),
      'called acme <3',
      { requestKey: payload.event_id, conversationId: 'D0DIRECT77' },
    );
  });

  it('handles a retried delivery (same event_id, X-Slack-Retry-Num) only once', async () => {
    nextOutcome = async () => ({ reply: privateReply('done') });
    const posted = expectSlackApi('chat.postMessage');
    const payload = messageImEventPayload({ text: 'hello' });
    const first = await postSigned(events(), 'event', payload);
    const retry = await postSigned(events(), 'event', payload, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect([first.status, retry.status]).toEqual([200, 200]); // a retry is acknowledged, not refused
    await within(posted, 2000, 'the one reply');
    await sleep(200);
    expect(bot.message).toHaveBeenCalledTimes(1);
    expect(deliveries.keys.has(`slack:event:${String(payload.event_id)}`)).toBe(true);
    expect(slack.logs()).toContain('event already handled');
  });

  it('ignores edits, bot messages and the bot itself', async () => {
    await postSigned(events(), 'event', messageImEventPayload({ text: 'edited', subtype: 'message_changed' }));
    await postSigned(events(), 'event', messageImEventPayload({ text: 'from a bot', botId: 'B0OTHERBOT' }));
    await postSigned(events(), 'event', messageImEventPayload({ text: 'echo', userId: TEST_BOT_USER_ID }));
    await sleep(200);
    expect(bot.message).not.toHaveBeenCalled();
  });

  it('offers a returned form as a button (events carry no trigger_id)', async () => {
    nextOutcome = async () => ({
      form: { id: 'contact.log', title: 'Log a contact', submitLabel: 'Save', closeLabel: 'Cancel', state: 's', inputs: [{ id: 'summary', type: 'text', label: 'Summary' }] },
    });
    const posted = expectSlackApi('chat.postMessage');
    await postSigned(events(), 'event', messageImEventPayload({ text: 'log' }));
    const body = await within(posted, 2000, 'offer');
    expect(JSON.stringify(body.blocks)).toContain('_slack.open_form#0');
  });

  it('tells the user to retry when the delivery claim fails, without calling the Bot', async () => {
    const failing = { claim: vi.fn(async () => Promise.reject(new Error('db unavailable'))) };
    const broken = await startSlackTestApp({ bot, deliveries: failing });
    try {
      const posted = expectSlackApi('chat.postMessage');
      await postSigned(`${broken.url}/slack/events`, 'event', messageImEventPayload({ text: 'hello' }));
      expect(String((await within(posted, 2000, 'apology')).text)).toContain('Sorry');
      expect(bot.message).not.toHaveBeenCalled();
    } finally {
      await broken.stop();
    }
  });

  it('calls the app_home_opened hook for the Home tab only', async () => {
    await postSigned(events(), 'event', appHomeOpenedPayload({ tab: 'messages' }));
    await postSigned(events(), 'event', appHomeOpenedPayload({ tab: 'home' }));
    await sleep(200);
    expect(homeHook).toHaveBeenCalledTimes(1);
    expect(homeHook.mock.calls[0]).toEqual([expect.objectContaining({ externalId: TEST_USER_ID }), expect.anything()]);
  });
});

describe('two replicas sharing the delivery claims', () => {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('answer a delivery that reached both of them once', async () => {
    const deliveries = createMemoryDeliveries(); // the database in production
    const bot = createFakeBot();
    const [a, b] = await Promise.all([startSlackTestApp({ bot, deliveries }), startSlackTestApp({ bot, deliveries })]);
    try {
      const posted = expectSlackApi('chat.postMessage');
      const payload = messageImEventPayload({ text: 'hi' });
      await Promise.all([
        postSigned(`${a.url}/slack/events`, 'event', payload),
        postSigned(`${b.url}/slack/events`, 'event', payload, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } }),
      ]);
      await within(posted, 2000, 'reply');
      await sleep(200);
      expect(bot.message).toHaveBeenCalledTimes(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
