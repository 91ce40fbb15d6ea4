// /crm: ack within Slack's 3 s whatever the Bot does, then the answer through the response_url;
// forms open with the trigger_id while it is fresh, else a button offers them.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/chat/bot-types.js';
import type { Form } from '../../src/chat/reply.js';
import { privateReply } from '../../src/chat/reply.js';
import { decodeFormMetadata } from '../../src/platforms/slack/form-metadata.js';
import { postSigned, RESPONSE_URL_ORIGIN, responseUrlPath, slashCommandPayload, TEST_CHANNEL_ID, TEST_USER_ID } from '../helpers/slack.js';
import { createFakeBot, expectResponseUrl, expectSlackApi, sleep, startSlackTestApp, within, type FakeBot, type TestSlackApp } from './harness.js';

const contactForm: Form = {
  id: 'contact.log',
  title: 'Log a contact',
  submitLabel: 'Save',
  closeLabel: 'Cancel',
  state: '{"draft":42}',
  inputs: [
    { id: 'customer', type: 'customer', label: 'Customer', placeholder: 'Search…' },
    { id: 'date', type: 'date', label: 'Date', initial: '2025-03-01' },
    { id: 'summary', type: 'text', label: 'Summary', multiline: true },
  ],
};

describe('/crm slash command', () => {
  let slack: TestSlackApp;
  let bot: FakeBot;
  let nextOutcome: () => Promise<Outcome>;
  const events = () => `${slack.url}/slack/events`;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = createFakeBot({ command: () => nextOutcome() });
    // A short form budget keeps the "too slow for the trigger" test fast.
    slack = await startSlackTestApp({ bot, timing: { formOpenBudgetMs: 300 } });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    bot.command.mockClear();
  });
  afterAll(async () => {
    await slack.stop();
    nock.enableNetConnect();
  });

  it('acks in well under 3 s even when the Bot takes 4 s, then answers through the response_url', async () => {
    nextOutcome = async () => {
      await sleep(4000);
      return { reply: privateReply('Found **3** customers') };
    };
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);

    const response = await postSigned(events(), 'command', slashCommandPayload({ text: 'find acme', responseUrl }));

    expect(response.status).toBe(200);
    expect(response.body).toBe(''); // empty ack: Slack shows nothing until the answer arrives
    expect(response.elapsedMs).toBeLessThan(500);
    const body = await within(answered, 6000, 'the response_url POST');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'Found *3* customers' });
    expect(body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Found *3* customers' } }]);
    expect(bot.command).toHaveBeenCalledWith(
      expect.objectContaining({ platform: 'slack', externalId: TEST_USER_ID, workspaceId: 'T0TEAM0001' }),
      'find acme',
      expect.objectContaining({ conversationId: TEST_CHANNEL_ID, requestKey: expect.any(String) }),
    );
  }, 10_000);

  it('posts public replies in_channel', async () => {
    nextOutcome = async () => ({ reply: { ...privateReply('Poll results'), visibility: 'public' } });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);
    await postSigned(events(), 'command', slashCommandPayload({ text: 'poll results', responseUrl }));
    expect(await within(answered, 2000, 'response_url')).toMatchObject({ response_type: 'in_channel' });
  });

  it('turns Slack-escaped command text into plain text for the Bot', async () => {
    nextOutcome = async () => ({});
    await postSigned(events(), 'command', slashCommandPayload({ text: 'assign <@U0OTHER001|bob> &amp; <mailto:a@b.co|a@b.co>' }));
    await sleep(100);
    expect(bot.command.mock.calls[0]?.[1]).toBe('assign <@U0OTHER001> & a@b.co');
  });

  it('opens a returned form with views.open and the command trigger_id', async () => {
    nextOutcome = async () => ({ form: contactForm });
    const payload = slashCommandPayload({ text: 'log' });
    const opened = expectSlackApi('views.open');
    await postSigned(events(), 'command', payload);
    const call = await within(opened, 2000, 'views.open');
    expect(call.trigger_id).toBe(payload.trigger_id);
    const view = call.view as Record<string, unknown>;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'contact.log', title: { text: 'Log a contact' } });
    // The command's response_url rides along so the submission's reply lands in the same channel.
    expect(decodeFormMetadata(view.private_metadata as string)).toEqual({ state: '{"draft":42}', responseUrl: payload.response_url });
    const blocks = view.blocks as Array<Record<string, unknown>>;
    expect(blocks.map((b) => b.block_id)).toEqual(['customer', 'date', 'summary']);
    expect(blocks[0]?.element).toMatchObject({ type: 'external_select', min_query_length: 1 });
    expect(blocks[1]?.element).toMatchObject({ type: 'datepicker', initial_date: '2025-03-01' });
  });

  it('offers a button instead when the Bot answered too late for the trigger_id', async () => {
    nextOutcome = async () => {
      await sleep(500); // > formOpenBudgetMs (300 ms in this suite)
      return { form: contactForm };
    };
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);
    await postSigned(events(), 'command', slashCommandPayload({ text: 'log', responseUrl }));
    const body = await within(answered, 3000, 'the offer');
    const blocks = body.blocks as Array<{ accessory?: { action_id: string; value: string; text: { text: string } } }>;
    expect(blocks[0]?.accessory?.action_id).toMatch(/^_slack\.open_form#\d+$/);
    expect(blocks[0]?.accessory?.text.text).toBe('Log a contact');
  });

  it('offers a button when views.open fails (expired trigger)', async () => {
    nextOutcome = async () => ({ form: contactForm });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const failed = expectSlackApi('views.open', { ok: false, error: 'expired_trigger_id' });
    const answered = expectResponseUrl(responseUrl);
    await postSigned(events(), 'command', slashCommandPayload({ text: 'log', responseUrl }));
    await within(failed, 2000, 'views.open');
    const body = await within(answered, 2000, 'the offer');
    expect(JSON.stringify(body.blocks)).toContain('_slack.open_form');
  });

  it('sends the Outcome notifications as DMs', async () => {
    nextOutcome = async () => ({
      reply: privateReply('Reassigned'),
      notifications: [
        { to: { platform: 'slack', externalId: 'U0NEWOWNER' }, reply: privateReply('You now own **Acme**') },
        { to: { platform: 'wecom', externalId: 'zhangsan' }, reply: privateReply('ignored here') },
      ],
    });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);
    const dm = expectSlackApi('chat.postMessage');
    await postSigned(events(), 'command', slashCommandPayload({ text: 'reassign acme', responseUrl }));
    await within(answered, 2000, 'reply');
    expect(await within(dm, 2000, 'notification')).toMatchObject({ channel: 'U0NEWOWNER', text: 'You now own *Acme*' });
  });

  it('answers a short apology when the Bot throws', async () => {
    nextOutcome = async () => {
      throw new Error('database is down for ann@example.com');
    };
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    const answered = expectResponseUrl(responseUrl);
    const response = await postSigned(events(), 'command', slashCommandPayload({ text: 'find x', responseUrl }));
    expect(response.status).toBe(200);
    expect(String((await within(answered, 2000, 'apology')).text)).toContain('Sorry, something went wrong');
    expect(slack.logs()).toContain('database is down for [email]');
    expect(slack.logs()).not.toContain('ann@example.com');
  });
});
