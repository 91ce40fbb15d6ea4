// Snooze → "Pick a date…" (issue 11 §3), through the real app with signed Slack requests: the
// submitted date replaces the reminder message in place (chat.update on the message the choice was
// made on, carried through the modal), like the fixed snooze choices do — not a second message,
// and not through a response_url that may have expired while the modal was open.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, parseSlackApiBody, RESPONSE_URL_ORIGIN, responseUrlPath, viewSubmissionPayload } from '../helpers/slack.js';
import { captureSlackApi, SLACK_API, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001'; // rep, Asia/Shanghai
// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');
const DM = 'D0ANNDM001';
const REMINDER_TS = '1764554400.000100';

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });

const app = useSlackApp(t, NOW);
beforeEach(async () => {
  await app.rapport.bot.command(as(ANN), 'help');
});

/** Ann's new-customer reminder, delivered by the sweep into her DM as message REMINDER_TS. */
async function deliveredReminder() {
  await app.rapport.bot.command(as(ANN), 'customer add Acme');
  const callback = await t.prisma.callback.findFirstOrThrow();
  nock(SLACK_API).post('/api/chat.postMessage').reply(200, { ok: true, channel: DM, ts: REMINDER_TS });
  app.clock.set(callback.deliverAt);
  expect((await app.rapport.sweep.run(callback.deliverAt)).delivered).toBe(1);
  return callback;
}

/** "Pick a date…" chosen on the reminder message: resolves with the modal Slack was asked to open. */
async function pickADate(callbackId: number) {
  const opened = captureSlackApi('views.open', { ok: true, view: { id: 'V1' } });
  const click = blockActionsPayload({ actionId: 'callback.snooze#2', selectedOption: { text: 'Pick a date…', value: `${callbackId}:pick` }, userId: ANN, channelId: DM });
  // The reminder is an ordinary (not ephemeral) bot message in the DM.
  const response = await app.send('interaction', { ...click, container: { type: 'message', channel_id: DM, message_ts: REMINDER_TS, is_ephemeral: false } });
  expect(response.status).toBe(200);
  return (await opened).view as { private_metadata: string; callback_id: string; blocks: unknown[] };
}

const dateValue = (date: string) => ({ until: { value: { type: 'datepicker', selected_date: date } } });

describe('snooze to a picked date', () => {
  it('replaces the reminder message in place with what was done', async () => {
    const callback = await deliveredReminder();
    app.clock.set(new Date('2026-12-01T03:00:00Z'));
    const view = await pickADate(callback.id);
    expect(view.callback_id).toBe('callback.snooze');

    // The response_url of the click is not used (it expires 30 minutes after the click).
    const updated = captureSlackApi('chat.update');
    const submitted = await app.send('interaction', viewSubmissionPayload({ callbackId: 'callback.snooze', privateMetadata: view.private_metadata, values: dateValue('2026-12-10'), userId: ANN, blocks: view.blocks }));
    expect(submitted.status).toBe(200);
    const update = await updated;
    expect(update).toMatchObject({ channel: DM, ts: REMINDER_TS });
    expect(String(update.text)).toContain('Snoozed by Ann until Thu 10 Dec 2026 09:00');
    const row = await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } });
    expect(row).toMatchObject({ status: 'pending', messageRef: null });
    expect(row.dueAt.toISOString()).toBe('2026-12-10T01:00:00.000Z');
  });

  it('a date in the past keeps the modal open and changes nothing', async () => {
    const callback = await deliveredReminder();
    app.clock.set(new Date('2026-12-01T03:00:00Z'));
    const view = await pickADate(callback.id);
    const refused = await app.send('interaction', viewSubmissionPayload({ callbackId: 'callback.snooze', privateMetadata: view.private_metadata, values: dateValue('2026-11-30'), userId: ANN, blocks: view.blocks }));
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect((await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } })).status).toBe('sent');
  });

  it('a form state pointing at another message (forged) snoozes but updates no message by that ref', async () => {
    const callback = await deliveredReminder();
    app.clock.set(new Date('2026-12-01T03:00:00Z'));
    const forged = await app.rapport.bot.submitForm(as(ANN), 'callback.snooze', `${callback.id}|C0OTHER:1.2.AAAAAAAAAAAAAAAAAAAAAA`, { until: '2026-12-10' });
    expect(forged.reply?.replaceMessage).toBeUndefined();
    expect(forged.reply?.replaceOriginal).toBe(true);
    // The genuine state carries the reminder's ref, signed: the same ref with a changed signature is ignored.
    const view = await pickADate(callback.id);
    const state = JSON.parse(view.private_metadata).s as string;
    expect(state).toContain(`${DM}:${REMINDER_TS}.`);
    const tampered = await app.rapport.bot.submitForm(as(ANN), 'callback.snooze', `${state.slice(0, -1)}${state.endsWith('A') ? 'B' : 'A'}`, { until: '2026-12-11' });
    expect(tampered.reply?.replaceMessage).toBeUndefined();
    const genuine = await app.rapport.bot.submitForm(as(ANN), 'callback.snooze', state, { until: '2026-12-12' });
    expect(genuine.reply?.replaceMessage).toBe(`${DM}:${REMINDER_TS}`);
  });

  it('from an ephemeral message (no ref chat.update could use), the response_url still replaces it', async () => {
    const callback = await deliveredReminder();
    app.clock.set(new Date('2026-12-01T03:00:00Z'));
    const opened = captureSlackApi('views.open', { ok: true, view: { id: 'V1' } });
    const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
    await app.send('interaction', blockActionsPayload({ actionId: 'callback.snooze#2', selectedOption: { text: 'Pick a date…', value: `${callback.id}:pick` }, userId: ANN, responseUrl }));
    const view = (await opened).view as { private_metadata: string; blocks: unknown[] };
    const replaced = new Promise<Record<string, unknown>>((resolve) => {
      const { origin, pathname } = new URL(responseUrl);
      nock(origin).post(pathname).reply(200, (_uri, body) => (resolve(parseSlackApiBody(body)), 'ok'));
    });
    await app.send('interaction', viewSubmissionPayload({ callbackId: 'callback.snooze', privateMetadata: view.private_metadata, values: dateValue('2026-12-10'), userId: ANN, blocks: view.blocks }));
    expect(await replaced).toMatchObject({ replace_original: true });
  });
});
