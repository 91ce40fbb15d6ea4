// Satisfaction polls end to end: real HTTP signed as Slack signs it, the real bot and database,
// nock as Slack's Web API. Customers are Slack Connect guests (another team id).
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, parseSlackApiBody, RESPONSE_URL_ORIGIN, responseUrlPath, TEST_TEAM_ID, viewSubmissionPayload } from '../helpers/slack.js';
import { captureResponseUrl, fakeSlackDirectory, SLACK_API, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001'; // rep, owner of Acme
const BOB = 'U0BOB00001'; // another rep
const ADMIN = 'U0ADMIN001';
const GUEST = 'U0GUEST0001'; // the customer's contact, in the customer's own workspace
const GUEST_TEAM = 'T0CUSTOMER1';
const ACME_CHANNEL = 'C0ACME0001';
const NOW = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const DAY = 24 * 60 * 60 * 1000;

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;

interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}

/** Answers the Web API methods polls use, recording every call. */
function fakeSlack(options: { uploads?: 'ok' | 'not_allowed' } = {}): SlackCall[] {
  const calls: SlackCall[] = [];
  let ts = 0;
  const record = (method: string, answer: (body: Record<string, unknown>) => Record<string, unknown>) =>
    nock(SLACK_API)
      .persist()
      .post(`/api/${method}`)
      .reply(200, (_uri, raw) => {
        const body = parseSlackApiBody(raw);
        calls.push({ method, body });
        return answer(body);
      });
  record('chat.postMessage', (b) => ({ ok: true, channel: String(b.channel).startsWith('U') ? `D${String(b.channel).slice(1)}` : b.channel, ts: `1764000000.${String(++ts).padStart(6, '0')}` }));
  record('chat.update', (b) => ({ ok: true, channel: b.channel, ts: b.ts }));
  record('views.open', () => ({ ok: true, view: { id: 'V0MODAL001' } }));
  record('files.getUploadURLExternal', () => (options.uploads === 'not_allowed' ? { ok: false, error: 'not_allowed_token_type' } : { ok: true, upload_url: 'https://files.slack.com/upload/v1/CHART1', file_id: 'F0CHART001' }));
  record('files.completeUploadExternal', () => ({ ok: true, files: [{ id: 'F0CHART001' }] }));
  nock('https://files.slack.com').persist().post('/upload/v1/CHART1').reply(200, 'OK - 1234');
  return calls;
}

const ofMethod = (calls: SlackCall[], method: string) => calls.filter((c) => c.method === method);

/** The vote buttons of the last poll message the app posted or updated in a channel. */
function pollButtons(calls: SlackCall[]): Array<{ action_id: string; value: string; text: { text: string } }> {
  const posted = [...calls].reverse().find((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.channel === ACME_CHANNEL);
  const blocks = (posted?.body.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string; text: { text: string } }> }>;
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
}

function voteButton(calls: SlackCall[], score: number) {
  const button = pollButtons(calls).find((b) => b.action_id.startsWith('poll.vote#') && b.text.text.split(' ')[0] === String(score));
  if (!button) throw new Error(`no button for ${score}`);
  return button;
}

/** A click as Slack sends it; resolves with what the app answered on the response_url. */
async function click(button: { action_id: string; value: string }, user = GUEST, teamId = GUEST_TEAM, name = 'carol') {
  const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
  const answered = captureResponseUrl(responseUrl);
  const response = await app.send('interaction', blockActionsPayload({ actionId: button.action_id, value: button.value, userId: user, userTeamId: teamId, userName: name, channelId: ACME_CHANNEL, responseUrl }));
  expect(response.status).toBe(200);
  const body = await answered;
  await app.rapport.polls.idle();
  return JSON.stringify(body);
}

async function createAcmePoll(kind: 'csat' | 'nps', extra = ''): Promise<number> {
  const outcome = await run(ANN, `poll ${kind} Acme ${extra}`.trim());
  expect(text(outcome)).toMatch(/Poll #\d+/);
  return (await t.prisma.poll.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
}

const app = useSlackApp(t, NOW);
let calls: SlackCall[];
beforeEach(async () => {
  calls = fakeSlack();
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
  await run(ANN, 'customer add Acme');
  await run(ANN, `customer edit Acme channel=<#${ACME_CHANNEL}|acme-shared>`);
});

describe('posting a poll', () => {
  it('posts NPS 0–10 buttons and a comment button in the linked channel, in the customer’s language', async () => {
    await run(ANN, 'customer edit Acme language=zh');
    const outcome = await run(ANN, 'poll nps Acme closes next friday');
    expect(text(outcome)).toContain('#acme-shared');
    const post = ofMethod(calls, 'chat.postMessage').find((c) => c.body.channel === ACME_CHANNEL);
    expect(post).toBeDefined();
    expect(JSON.stringify(post!.body.blocks)).toContain('您有多大可能把我们推荐给朋友或同事');
    const buttons = pollButtons(calls);
    expect(buttons.filter((b) => b.action_id.startsWith('poll.vote#')).map((b) => b.text.text)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(buttons.some((b) => b.action_id.startsWith('poll.comment#'))).toBe(true);
    const poll = await t.prisma.poll.findFirstOrThrow();
    expect(poll).toMatchObject({ kind: 'nps', locale: 'zh', status: 'open', channelId: ACME_CHANNEL, messageRef: expect.stringContaining(ACME_CHANNEL) });
    // "closes next friday": the end of Friday 4 Dec in Shanghai.
    expect(poll.closesAt.toISOString()).toBe('2026-12-04T15:59:00.000Z');
  });

  it('refuses, and stores nothing, for a customer without a channel, a long question, a past deadline, an unknown customer', async () => {
    await run(ANN, 'customer add Globex');
    expect(text(await run(ANN, 'poll csat Globex'))).toContain('has no linked channel');
    expect(text(await run(ANN, `poll csat Acme "${'x'.repeat(2001)}"`))).toContain('at most 2000');
    expect(text(await run(ANN, 'poll csat Acme closes 2026-11-01'))).toContain('must be in the future');
    expect(text(await run(ANN, 'poll csat Nobody'))).toMatch(/Nobody/);
    expect(await t.prisma.poll.count()).toBe(0);
    expect(ofMethod(calls, 'chat.postMessage').filter((c) => c.body.channel === ACME_CHANNEL)).toHaveLength(0);
  });

  it('cancels the poll and explains when the bot is not in the channel', async () => {
    nock.cleanAll();
    fakeSlackDirectory();
    nock(SLACK_API).post('/api/chat.postMessage').reply(200, { ok: false, error: 'not_in_channel' });
    expect(text(await run(ANN, 'poll csat Acme'))).toContain('not_in_channel');
    expect((await t.prisma.poll.findFirstOrThrow()).status).toBe('cancelled');
  });

  it('is refused to a rep the customer is not shared with', async () => {
    expect(text(await run(BOB, `poll csat #${(await t.prisma.customer.findFirstOrThrow()).id}`))).toMatch(/not|permission|只有/i);
    expect(await t.prisma.poll.count()).toBe(0);
  });
});

describe('answering', () => {
  it('one click stores one answer; a second click changes it; the message keeps a live count in place', async () => {
    const pollId = await createAcmePoll('csat');
    expect(await click(voteButton(calls, 4))).toContain('Your answer: *4');
    expect(await click(voteButton(calls, 5))).toContain('is now *5');
    const answers = await t.prisma.pollAnswer.findMany({ where: { pollId } });
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ score: 5, respondentId: GUEST, respondentName: 'carol' });
    const updates = ofMethod(calls, 'chat.update').filter((c) => c.body.channel === ACME_CHANNEL);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(updates.at(-1)!.body.blocks)).toContain('1 answered · carol');
    const poll = await t.prisma.poll.findUniqueOrThrow({ where: { id: pollId } });
    expect(poll.renderedRevision).toBe(poll.revision);
  });

  it('does not count clicks from our own workspace, and says why', async () => {
    const pollId = await createAcmePoll('csat');
    const answer = await click(voteButton(calls, 5), BOB, 'T0TEAM0001', 'bob');
    expect(answer).toContain('answers from our own team are not counted');
    expect(await t.prisma.pollAnswer.count({ where: { pollId } })).toBe(0);
  });

  it('refuses a colleague in the colleague’s language, not the customer’s', async () => {
    const pollId = await createAcmePoll('csat');
    expect((await t.prisma.poll.findUniqueOrThrow({ where: { id: pollId } })).locale).toBe('en');
    await t.prisma.user.updateMany({ where: { accounts: { some: { externalId: BOB } } }, data: { locale: 'zh' } });
    const answer = await click(voteButton(calls, 5), BOB, 'T0TEAM0001', 'bob');
    expect(answer).toContain('这个投票是给客户的');
    expect(await t.prisma.pollAnswer.count({ where: { pollId } })).toBe(0);
  });

  it('refuses forged values: a tampered score, an unknown poll, a score off the scale', async () => {
    const pollId = await createAcmePoll('csat');
    const genuine = voteButton(calls, 4);
    const tampered = { ...genuine, value: genuine.value.replace(`${pollId}:4.`, `${pollId}:1.`) };
    expect(await click(tampered)).toContain('no longer valid');
    const signer = app.rapport.polls.signer;
    expect(await click({ action_id: genuine.action_id, value: signer.vote(pollId, 9) })).toContain('(1–5)');
    expect(await click({ action_id: genuine.action_id, value: signer.vote(99999, 3) })).toContain('no poll #99999');
    expect(await t.prisma.pollAnswer.count()).toBe(0);
  });

  it('refuses answers once the deadline passed, even before the scheduler closed it', async () => {
    const pollId = await createAcmePoll('csat', 'closes 2026-11-25');
    app.clock.set(new Date('2026-11-26T00:00:00Z'));
    expect(await click(voteButton(calls, 4))).toContain(`Poll #${pollId} is closed`);
    expect(await t.prisma.pollAnswer.count()).toBe(0);
  });

  it('takes a comment in a form, prefilled with the current answer', async () => {
    const pollId = await createAcmePoll('csat');
    await click(voteButton(calls, 4));
    const commentButton = pollButtons(calls).find((b) => b.action_id.startsWith('poll.comment#'))!;
    const response = await app.send('interaction', blockActionsPayload({ actionId: commentButton.action_id, value: commentButton.value, userId: GUEST, userTeamId: GUEST_TEAM, channelId: ACME_CHANNEL }));
    expect(response.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    const opened = ofMethod(calls, 'views.open').at(-1);
    expect(opened).toBeDefined();
    const view = opened!.body.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id: string; element?: { initial_option?: { value: string } } }> };
    expect(view.callback_id).toBe('poll.comment');
    expect(view.blocks.find((b) => b.block_id === 'score')?.element?.initial_option?.value).toBe('4');
    const submitted = await app.send(
      'interaction',
      viewSubmissionPayload({
        callbackId: 'poll.comment',
        privateMetadata: view.private_metadata,
        blocks: view.blocks,
        userId: GUEST,
        userTeamId: GUEST_TEAM,
        values: { score: { value: { type: 'static_select', selected_option: { value: '3', text: { type: 'plain_text', text: '3' } } } }, comment: { value: { type: 'plain_text_input', value: 'Installation was late' } } },
      }),
    );
    expect(submitted.status).toBe(200);
    await app.rapport.polls.idle();
    expect(await t.prisma.pollAnswer.findFirstOrThrow({ where: { pollId } })).toMatchObject({ score: 3, comment: 'Installation was late' });
  });
});

describe('low scores', () => {
  it('alert the owner exactly once, with the comment added later, and record one churn signal', async () => {
    const pollId = await createAcmePoll('nps');
    await click(voteButton(calls, 3));
    await click(voteButton(calls, 2)); // still low: no second alert
    await click(voteButton(calls, 8), 'U0GUEST0002', GUEST_TEAM, 'dave'); // passive: no alert
    const dms = ofMethod(calls, 'chat.postMessage').filter((c) => c.body.channel === ANN);
    expect(dms).toHaveLength(1);
    expect(JSON.stringify(dms[0]!.body)).toContain('Low NPS from Acme: 3/10');
    expect(JSON.stringify(dms[0]!.body)).toContain('poll.recovery#');
    expect(await t.prisma.churnSignal.count()).toBe(1);
    expect(await t.prisma.churnSignal.findFirstOrThrow()).toMatchObject({ kind: 'low_nps', score: 3 });

    // The recovery button opens the contact form, prefilled for the call.
    const recovery = (dms[0]!.body.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>).flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('poll.recovery#'))!;
    const outcome = await app.rapport.bot.action(as(ANN), 'poll.recovery', recovery.value);
    expect(outcome.form?.inputs.find((i) => i.id === 'summary')).toMatchObject({ initial: expect.stringContaining(`poll #${pollId}`) });
    expect(outcome.form?.inputs.find((i) => i.id === 'channel')).toMatchObject({ initial: 'call' });
    // Another rep cannot use it.
    expect(text(await app.rapport.bot.action(as(BOB), 'poll.recovery', recovery.value))).toMatch(/only|not/i);
  });
});

describe('low-score alerts that fail', () => {
  it('are sent again by the sweep once their claim has run out, once', async () => {
    nock.cleanAll();
    fakeSlackDirectory();
    // Slack refuses the owner's DM for now (503 on every try of the first delivery).
    nock(SLACK_API)
      .post('/api/chat.postMessage', (body) => JSON.stringify(body).includes(ANN))
      .times(10)
      .reply(503, 'unavailable');
    calls = fakeSlack();
    const pollId = await createAcmePoll('csat');
    await click(voteButton(calls, 1));
    const answer = await t.prisma.pollAnswer.findFirstOrThrow({ where: { pollId } });
    expect(answer.alertClaimedAt).not.toBeNull();
    expect(answer.alertRef).toBeNull();
    expect(ofMethod(calls, 'chat.postMessage').filter((c) => c.body.channel === ANN)).toHaveLength(0);
    nock.removeInterceptor({ hostname: 'slack.com', path: '/api/chat.postMessage', method: 'POST', proto: 'https' });

    // Within the lease nothing is retried; after it, one retry delivers it.
    expect((await app.rapport.pollSweep.run(new Date(NOW.getTime() + 1000))).alertsRetried).toBe(0);
    const later = new Date(NOW.getTime() + 2 * 60 * 1000);
    app.clock.set(later);
    expect((await app.rapport.pollSweep.run(later)).alertsRetried).toBe(1);
    expect(ofMethod(calls, 'chat.postMessage').filter((c) => c.body.channel === ANN)).toHaveLength(1);
    expect((await t.prisma.pollAnswer.findFirstOrThrow({ where: { pollId } })).alertRef).not.toBeNull();
    expect((await app.rapport.pollSweep.run(new Date(later.getTime() + 10 * 60 * 1000))).alertsRetried).toBe(0);
  });
});

describe('privacy', () => {
  it('export lists the customer’s polls and answers; erasure removes who answered and what they wrote', async () => {
    const pollId = await createAcmePoll('csat');
    await click(voteButton(calls, 4));
    const customerId = (await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } })).id;
    const dossier = await app.rapport.domain.privacy.export(await app.rapport.domain.users.ensure(as(ADMIN)), customerId);
    expect(dossier.polls).toHaveLength(1);
    expect(dossier.polls[0]!.answers[0]).toMatchObject({ score: 4, respondentName: 'carol' });
    await app.rapport.domain.privacy.erase(await app.rapport.domain.users.ensure(as(ADMIN)), customerId);
    expect(await t.prisma.pollAnswer.findFirstOrThrow({ where: { pollId } })).toMatchObject({ score: 4, respondentId: null, respondentName: null, comment: null });
    expect((await t.prisma.poll.findUniqueOrThrow({ where: { id: pollId } })).status).toBe('cancelled');
  });
});

describe('anonymous polls', () => {
  it('keep no trace of who answered: not in any table, not in the logs, not in any message', async () => {
    const logsBefore = app.logs().length;
    const pollId = await createAcmePoll('csat', 'anonymous');
    await click(voteButton(calls, 1), GUEST, GUEST_TEAM, 'carol');
    await click(voteButton(calls, 2), GUEST, GUEST_TEAM, 'carol');
    expect(await t.prisma.pollAnswer.count({ where: { pollId } })).toBe(1);
    const dump = JSON.stringify(
      await Promise.all([
        t.prisma.user.findMany(),
        t.prisma.customer.findMany(),
        t.prisma.poll.findMany(),
        t.prisma.pollAnswer.findMany(),
        t.prisma.churnSignal.findMany(),
        t.prisma.auditEvent.findMany(),
        t.prisma.processedDelivery.findMany(),
        t.prisma.contactLog.findMany(),
        t.prisma.callback.findMany(),
      ]),
    );
    expect(dump).not.toContain(GUEST);
    expect(dump).not.toContain('carol');
    const logs = app.logs().slice(logsBefore);
    expect(logs).toContain('"level":20'); // debug logging is on
    expect(logs.split('\n').filter((line) => line.includes(GUEST) || line.includes('carol'))).toEqual([]);
    const sent = JSON.stringify(calls.filter((c) => c.method !== 'users.info'));
    expect(sent).not.toContain(GUEST);
    expect(sent).not.toContain('carol');
    expect(sent).toContain('an anonymous respondent');
  });
});

describe('closing', () => {
  it('the scheduler closes a poll once, even with two sweeps at the same time, and shows the results with a chart', async () => {
    const pollId = await createAcmePoll('nps');
    for (const [i, score] of [10, 9, 8, 6].entries()) await click(voteButton(calls, score), `U0GUEST000${i}`, GUEST_TEAM, `guest${i}`);
    const later = new Date(NOW.getTime() + 8 * DAY);
    app.clock.set(later);
    const [a, b] = await Promise.all([app.rapport.pollSweep.run(later), app.rapport.pollSweep.run(later)]);
    expect(a.closed + b.closed).toBe(1);
    expect(a.published + b.published).toBe(1);
    const poll = await t.prisma.poll.findUniqueOrThrow({ where: { id: pollId } });
    expect(poll.status).toBe('closed');
    expect(poll.resultsPostedAt).not.toBeNull();
    const results = ofMethod(calls, 'chat.update').filter((c) => c.body.channel === ACME_CHANNEL).at(-1)!;
    const shown = JSON.stringify(results.body);
    // 2 promoters, 1 passive, 1 detractor of 4: 50% − 25% = 25.
    expect(shown).toContain('NPS *25*');
    expect(shown).toContain('50%');
    expect(shown).not.toContain('poll.vote#');
    expect(ofMethod(calls, 'files.completeUploadExternal')).toHaveLength(1);
    // The chart: a PNG rendered here, announced with its name and byte length.
    expect(ofMethod(calls, 'files.getUploadURLExternal')[0]!.body).toMatchObject({ filename: `poll-${pollId}-nps.png` });
    expect(Number(ofMethod(calls, 'files.getUploadURLExternal')[0]!.body.length)).toBeGreaterThan(2000);
    expect(ofMethod(calls, 'files.completeUploadExternal')[0]!.body).toMatchObject({ channel_id: ACME_CHANNEL, thread_ts: expect.any(String) });
    expect(await click({ action_id: 'poll.vote#9', value: app.rapport.polls.signer.vote(pollId, 9) })).toContain('is closed');
    // A second sweep finds nothing more to do.
    expect(await app.rapport.pollSweep.run(later)).toMatchObject({ closed: 0, published: 0 });
  });

  it('falls back to text results when Slack does not allow the upload', async () => {
    nock.cleanAll();
    fakeSlackDirectory();
    calls = fakeSlack({ uploads: 'not_allowed' });
    const pollId = await createAcmePoll('csat');
    await click(voteButton(calls, 5));
    const outcome = await run(ANN, `poll close ${pollId}`);
    expect(text(outcome)).toContain('**CSAT satisfied 100% (4–5)** = 1 of 1 answered 4 or 5');
    const results = ofMethod(calls, 'chat.update').filter((c) => c.body.channel === ACME_CHANNEL).at(-1)!;
    expect(JSON.stringify(results.body)).toContain('█');
    expect(JSON.stringify(results.body)).not.toContain('chart in the thread');
    expect((await t.prisma.poll.findUniqueOrThrow({ where: { id: pollId } })).resultsPostedAt).not.toBeNull();
    expect(text(await run(ANN, `poll close ${pollId}`))).toContain('is closed');
  });

  it('lists polls and shows results to those who may see the customer', async () => {
    const pollId = await createAcmePoll('csat');
    await click(voteButton(calls, 2));
    expect(text(await run(ANN, 'poll list open'))).toContain(`#${pollId}`);
    expect(text(await run(ANN, 'poll results Acme'))).toContain('**CSAT satisfied 0% (4–5)**');
    expect(text(await run(BOB, 'poll list'))).toContain('No polls');
    expect(text(await run(BOB, `poll results ${pollId}`))).toMatch(/only|not/i);
  });
});

describe('survey campaigns', () => {
  it('are for managers; the reply lists customers without a channel', async () => {
    expect(text(await run(ANN, 'survey schedule nps every quarter'))).toMatch(/your role/i);
    expect(await t.prisma.surveyCampaign.count()).toBe(0);
    await run(ANN, 'customer add Globex');
    const outcome = await run(ADMIN, 'survey schedule nps all customers every quarter');
    expect(text(outcome)).toContain('Survey campaign #');
    expect(text(outcome)).toContain('Globex');
    expect(text(await run(ADMIN, 'survey list'))).toContain('every quarter');
  });

  it('send to each customer on the schedule, skipping those surveyed within the cool-down, over a simulated year', async () => {
    await run(ANN, 'customer add Initech');
    await run(ANN, `customer edit Initech channel=<#C0INITECH1|initech>`);
    await run(ANN, 'customer add Globex'); // no channel: never polled, listed to the manager
    // Monthly with a 45-day cool-down: every other month for each customer.
    expect(text(await run(ADMIN, 'survey schedule csat all every month cooldown=45'))).toContain('Survey campaign #');
    // A one-off poll for Acme in mid-December pushes its campaign polls back.
    for (let day = 0; day <= 365; day++) {
      const at = new Date(NOW.getTime() + day * DAY);
      app.clock.set(at);
      if (day === 20) await run(ANN, 'poll nps Acme');
      await app.rapport.pollSweep.run(at);
    }
    const polls = await t.prisma.poll.findMany({ include: { customer: true }, orderBy: { id: 'asc' } });
    const campaignPolls = (name: string) => polls.filter((p) => p.customer.name === name && p.campaignId !== null);
    // Runs on the 1st, Dec 2026 … Nov 2027 (12 runs). Initech: Dec, Feb, Apr, Jun, Aug, Oct = 6.
    expect(campaignPolls('Initech')).toHaveLength(6);
    // Acme: the one-off on 14 Dec blocks Jan (18 days); then Feb, Apr, Jun, Aug, Oct; Dec 1 came before it.
    expect(campaignPolls('Acme').map((p) => p.createdAt.toISOString().slice(0, 7))).toEqual(['2026-12', '2027-02', '2027-04', '2027-06', '2027-08', '2027-10']);
    expect(campaignPolls('Globex')).toHaveLength(0);
    // Every poll closed after its 7 days, each exactly once.
    expect(polls.filter((p) => p.status === 'closed' && p.resultsPostedAt !== null)).toHaveLength(polls.length);
    const reports = ofMethod(calls, 'chat.postMessage').filter((c) => c.body.channel === ADMIN);
    expect(reports).toHaveLength(12);
    expect(JSON.stringify(reports[0]!.body)).toContain('Globex');
  });
});
