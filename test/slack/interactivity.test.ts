// Interactivity at the same URL: buttons/selects, modal submissions, external_select options,
// and the "Log as contact" message shortcut.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bot, Outcome } from '../../src/chat/bot-types.js';
import type { Form, Option } from '../../src/chat/reply.js';
import { privateReply } from '../../src/chat/reply.js';
import { encodeFormMetadata } from '../../src/platforms/slack/form-metadata.js';
import { encodeFormForButton } from '../../src/platforms/slack/form-offer.js';
import { renderForm } from '../../src/platforms/slack/render.js';
import {
  blockActionsPayload,
  blockSuggestionPayload,
  messageShortcutPayload,
  postSigned,
  RESPONSE_URL_ORIGIN,
  responseUrlPath,
  TEST_USER_ID,
  viewSubmissionPayload,
} from '../helpers/slack.js';
import { createFakeBot, expectResponseUrl, expectSlackApi, sleep, startSlackTestApp, within, type FakeBot, type TestSlackApp } from './harness.js';

const contactForm: Form = {
  id: 'contact.log',
  title: 'Log a contact',
  submitLabel: 'Save',
  closeLabel: 'Cancel',
  state: 'draft:7',
  inputs: [
    { id: 'customer', type: 'customer', label: 'Customer' },
    { id: 'channel', type: 'select', label: 'Channel', options: [{ label: 'Call', value: 'call' }, { label: 'Visit', value: 'visit' }] },
    { id: 'date', type: 'date', label: 'Date' },
    { id: 'summary', type: 'text', label: 'Summary', multiline: true, optional: true },
  ],
};

/** A view_submission for contactForm as Slack would send it back. */
function submission(values: { customer?: string; channel?: string; date?: string; summary?: string | null }, responseUrl?: string) {
  const view = renderForm(contactForm, encodeFormMetadata({ state: contactForm.state, ...(responseUrl ? { responseUrl } : {}) }));
  return viewSubmissionPayload({
    callbackId: 'contact.log',
    title: 'Log a contact',
    privateMetadata: view.private_metadata ?? '',
    blocks: view.blocks,
    values: {
      customer: { value: { type: 'external_select', selected_option: values.customer ? { text: { type: 'plain_text', text: 'Acme' }, value: values.customer } : null } },
      channel: { value: { type: 'static_select', selected_option: values.channel ? { text: { type: 'plain_text', text: 'x' }, value: values.channel } : null } },
      date: { value: { type: 'datepicker', selected_date: values.date ?? null } },
      summary: { value: { type: 'plain_text_input', value: values.summary ?? null } },
    },
  });
}

describe('interactivity', () => {
  let slack: TestSlackApp;
  let bot: FakeBot;
  const next: { action?: () => Promise<Outcome>; submit?: () => Promise<Outcome>; search?: () => Promise<Option[]>; shortcut?: () => Promise<Outcome> } = {};
  const events = () => `${slack.url}/slack/events`;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const fake: Partial<Bot> = {
      action: () => next.action?.() ?? Promise.resolve({}),
      submitForm: () => next.submit?.() ?? Promise.resolve({}),
      searchCustomers: () => next.search?.() ?? Promise.resolve([]),
      logFromMessage: () => next.shortcut?.() ?? Promise.resolve({}),
    };
    bot = createFakeBot(fake);
    slack = await startSlackTestApp({ bot, timing: { ackBudgetMs: 400 } });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    for (const method of Object.values(bot)) method.mockClear();
  });
  afterAll(async () => {
    await slack.stop();
    nock.enableNetConnect();
  });

  describe('block_actions', () => {
    it('passes the decoded action and the button value to bot.action; replaceOriginal replaces the message', async () => {
      next.action = async () => ({ reply: { ...privateReply('Marked done'), replaceOriginal: true } });
      const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
      const replaced = expectResponseUrl(responseUrl);
      const response = await postSigned(events(), 'interaction', blockActionsPayload({ actionId: 'callback.done#3', value: 'cb:17', responseUrl }));
      expect(response.status).toBe(200);
      expect(await within(replaced, 2000, 'response_url')).toMatchObject({ replace_original: true, text: 'Marked done' });
      expect(bot.action).toHaveBeenCalledWith(expect.objectContaining({ externalId: TEST_USER_ID }), 'callback.done', 'cb:17', expect.anything());
    });

    it('passes the chosen option of a select as the value', async () => {
      next.action = async () => ({ reply: privateReply('ok') });
      const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
      const answered = expectResponseUrl(responseUrl);
      await postSigned(events(), 'interaction', blockActionsPayload({ actionId: 'customer.stage#0', selectedOption: { text: 'Loyal', value: 'loyal' }, responseUrl }));
      await within(answered, 2000, 'reply');
      expect(bot.action.mock.calls[0]?.slice(1, 3)).toEqual(['customer.stage', 'loyal']);
    });

    it('opens a returned form with the click trigger_id, pushed when the click came from a modal', async () => {
      next.action = async () => ({ form: contactForm });
      const opened = expectSlackApi('views.open');
      const payload = blockActionsPayload({ actionId: 'contact.new#0', value: 'c:1' });
      await postSigned(events(), 'interaction', payload);
      expect((await within(opened, 2000, 'views.open')).trigger_id).toBe(payload.trigger_id);

      const pushed = expectSlackApi('views.push');
      await postSigned(events(), 'interaction', blockActionsPayload({ actionId: 'contact.new#0', value: 'c:1', view: { type: 'modal' } }));
      expect((await within(pushed, 2000, 'views.push')).view).toMatchObject({ callback_id: 'contact.log' });
    });

    it('opens an offered form from its button without asking the Bot again', async () => {
      const value = encodeFormForButton(contactForm);
      expect(value).not.toBeNull();
      const opened = expectSlackApi('views.open');
      await postSigned(events(), 'interaction', blockActionsPayload({ actionId: '_slack.open_form#0', value: value ?? '' }));
      expect((await within(opened, 2000, 'views.open')).view).toMatchObject({ callback_id: 'contact.log', title: { text: 'Log a contact' } });
      expect(bot.action).not.toHaveBeenCalled();
    });
  });

  describe('view_submission', () => {
    it('maps the state back to FormValues keyed by input id', async () => {
      next.submit = async () => ({});
      await postSigned(events(), 'interaction', submission({ customer: 'cust:9', channel: 'visit', date: '2025-02-03', summary: 'Met the buyer' }));
      await sleep(50);
      expect(bot.submitForm).toHaveBeenCalledWith(
        expect.objectContaining({ externalId: TEST_USER_ID }),
        'contact.log',
        'draft:7',
        { customer: 'cust:9', channel: 'visit', date: '2025-02-03', summary: 'Met the buyer' },
        expect.anything(),
      );
    });

    it('answers formErrors as response_action "errors" keyed by block_id (unknown ids on the first input)', async () => {
      next.submit = async () => ({ formErrors: { date: 'Date cannot be in the future', whole_form: 'Pick a customer first' } });
      const response = await postSigned(events(), 'interaction', submission({ date: '2999-01-01' }));
      expect(response.status).toBe(200);
      expect(response.json).toEqual({
        response_action: 'errors',
        errors: { date: 'Date cannot be in the future', customer: 'Pick a customer first' },
      });
    });

    it('closes the modal and posts the reply to the response_url the form was opened with', async () => {
      next.submit = async () => ({ reply: privateReply('Contact saved') });
      const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
      const answered = expectResponseUrl(responseUrl);
      const response = await postSigned(events(), 'interaction', submission({ customer: 'c', channel: 'call', date: '2025-01-01' }, responseUrl));
      expect(response.status).toBe(200);
      expect(response.body).toBe('');
      expect(await within(answered, 2000, 'reply')).toMatchObject({ response_type: 'ephemeral', text: 'Contact saved' });
    });

    it('falls back to a DM when the response_url has expired', async () => {
      next.submit = async () => ({ reply: privateReply('Contact saved') });
      const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
      const expired = expectResponseUrl(responseUrl, 404);
      const dm = expectSlackApi('chat.postMessage');
      await postSigned(events(), 'interaction', submission({ customer: 'c', channel: 'call', date: '2025-01-01' }, responseUrl));
      await within(expired, 2000, 'response_url attempt');
      expect(await within(dm, 2000, 'DM')).toMatchObject({ channel: TEST_USER_ID, text: 'Contact saved' });
    });

    it('replaces the modal with a follow-up form (response_action "update")', async () => {
      next.submit = async () => ({ form: { ...contactForm, id: 'contact.step2', title: 'Step 2', inputs: [{ id: 'next', type: 'date', label: 'Next follow-up' }] } });
      const response = await postSigned(events(), 'interaction', submission({ customer: 'c', channel: 'call', date: '2025-01-01' }));
      expect(response.json).toMatchObject({ response_action: 'update', view: { type: 'modal', callback_id: 'contact.step2' } });
    });

    it('acks in time when the Bot is slow, then lists late errors in a DM with the field labels', async () => {
      next.submit = async () => {
        await sleep(700); // > ackBudgetMs (400 ms in this suite)
        return { formErrors: { date: 'Date cannot be in the future' } };
      };
      const dm = expectSlackApi('chat.postMessage');
      const response = await postSigned(events(), 'interaction', submission({ date: '2999-01-01' }));
      expect(response.status).toBe(200);
      expect(response.elapsedMs).toBeLessThan(650);
      expect(response.body).toBe('');
      const body = await within(dm, 3000, 'late errors');
      expect(body.text).toBe('*Log a contact*\n• Date: Date cannot be in the future');
    });
  });

  describe('options (block_suggestion)', () => {
    it('answers bot.searchCustomers as at most 100 options', async () => {
      next.search = async () => Array.from({ length: 120 }, (_, i) => ({ label: `Customer ${i}`, value: `c:${i}` }));
      const response = await postSigned(events(), 'interaction', blockSuggestionPayload({ value: 'cus' }));
      expect(response.status).toBe(200);
      const options = (response.json as { options: Array<{ text: { text: string }; value: string }> }).options;
      expect(options).toHaveLength(100);
      expect(options[0]).toEqual({ text: { type: 'plain_text', text: 'Customer 0', emoji: true }, value: 'c:0' });
      expect(bot.searchCustomers).toHaveBeenCalledWith(expect.objectContaining({ externalId: TEST_USER_ID }), 'cus');
    });

    it('answers no options, in time, when the search is too slow', async () => {
      next.search = async () => {
        await sleep(700);
        return [{ label: 'late', value: 'l' }];
      };
      const response = await postSigned(events(), 'interaction', blockSuggestionPayload({ value: 'slow' }));
      expect(response.json).toEqual({ options: [] });
      expect(response.elapsedMs).toBeLessThan(650);
    });
  });

  describe('message shortcut log_as_contact', () => {
    it('passes the message text to bot.logFromMessage and opens the returned form', async () => {
      next.shortcut = async () => ({ form: { ...contactForm, inputs: [{ id: 'summary', type: 'text', label: 'Summary', initial: 'Customer asked for a quote' }] } });
      const opened = expectSlackApi('views.open');
      const payload = messageShortcutPayload({ text: 'Customer asked for a quote &amp; a demo' });
      const response = await postSigned(events(), 'interaction', payload);
      expect(response.status).toBe(200);
      const call = await within(opened, 2000, 'views.open');
      expect(call.trigger_id).toBe(payload.trigger_id);
      expect(call.view).toMatchObject({ type: 'modal', callback_id: 'contact.log' });
      expect(bot.logFromMessage).toHaveBeenCalledWith(expect.objectContaining({ externalId: TEST_USER_ID }), 'Customer asked for a quote & a demo');
    });
  });
});
