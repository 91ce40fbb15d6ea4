// 1,000 customers answering one poll at the same moment, plus 200 of them clicking again: every
// click is a real signed HTTP request to the running app. One answer per respondent must hold by
// the database alone, the counts must be exact, and the live message must end up showing them.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, parseSlackApiBody, RESPONSE_URL_ORIGIN, TEST_TEAM_ID } from '../helpers/slack.js';
import { fakeSlackDirectory, SLACK_API, startApp, type AppUnderTest } from './harness.js';

const ANN = 'U0ANN00001';
const CHANNEL = 'C0LOAD0001';
const RESPONDENTS = 1000;
const REPEATS = 200;
const t = useTestDatabase();
let app: AppUnderTest;
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });

/** Respondent i's score: every CSAT score equally often; 1 and 2 are low and alert the owner. */
const scoreOf = (i: number) => 1 + (i % 5);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, new Date('2026-11-24T02:00:00Z'));
});
afterAll(async () => {
  nock.cleanAll();
  await app?.stop();
  nock.enableNetConnect();
});

describe('1,000 concurrent answers', () => {
  it('stores exactly one answer per respondent, counts exact, one alert per low answer, message current', async () => {
    fakeSlackDirectory();
    const confirmations: string[] = [];
    nock(RESPONSE_URL_ORIGIN)
      .persist()
      .post(/.*/)
      .reply(200, (_uri, body) => {
        confirmations.push(JSON.stringify(body));
        return 'ok';
      });
    const dms: unknown[] = [];
    const updates: Array<{ text: string }> = [];
    let ts = 0;
    nock(SLACK_API)
      .persist()
      .post('/api/chat.postMessage')
      .reply(200, (_uri, raw) => {
        const body = parseSlackApiBody(raw);
        if (body.channel === ANN) dms.push(body);
        return { ok: true, channel: body.channel, ts: `1764000000.${String(++ts).padStart(6, '0')}` };
      })
      .post('/api/chat.update')
      .reply(200, (_uri, raw) => {
        const body = parseSlackApiBody(raw) as { text: string; channel: string; ts: string };
        updates.push(body);
        return { ok: true, channel: body.channel, ts: body.ts };
      });

    await app.rapport.bot.command(as(ANN), 'customer add Acme');
    await app.rapport.bot.command(as(ANN), `customer edit Acme channel=<#${CHANNEL}|acme-shared>`);
    await app.rapport.bot.command(as(ANN), 'poll csat Acme');
    const poll = await t.prisma.poll.findFirstOrThrow();
    const signer = app.rapport.polls.signer;

    const click = (i: number) =>
      app.send(
        'interaction',
        blockActionsPayload({
          actionId: `poll.vote#${scoreOf(i) - 1}`,
          value: signer.vote(poll.id, scoreOf(i)),
          userId: `U0CUST${String(i).padStart(5, '0')}`,
          userTeamId: 'T0CUSTOMER1',
          userName: `customer${i}`,
          channelId: CHANNEL,
          responseUrl: `${RESPONSE_URL_ORIGIN}/actions/T0/${i}/${Math.random().toString(36).slice(2)}`,
        }),
      );
    // Everyone at once, and 200 of them a second time in the same burst.
    const started = performance.now();
    const responses = await Promise.all([...Array.from({ length: RESPONDENTS }, (_, i) => click(i)), ...Array.from({ length: REPEATS }, (_, i) => click(i * 5))]);
    expect(responses.every((r) => r.status === 200)).toBe(true);
    // Answers go out after the ack: wait for every confirmation, then for the background work.
    for (let waited = 0; confirmations.length < RESPONDENTS + REPEATS && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await app.rapport.polls.idle();
    const elapsed = performance.now() - started;
    console.log(`[${t.provider}] ${RESPONDENTS + REPEATS} signed clicks answered in ${Math.round(elapsed)} ms; ${updates.length} message updates`);

    expect(confirmations).toHaveLength(RESPONDENTS + REPEATS);
    // On a failure, show what the odd answers were and what the app logged about them.
    const odd = confirmations.filter((c) => !c.includes('Thank you'));
    if (odd.length > 0) console.log(odd.slice(0, 3), app.logs().split('\n').filter((l) => /"level":(40|50)/.test(l)).slice(0, 5));
    expect(confirmations.filter((c) => c.includes('Thank you'))).toHaveLength(RESPONDENTS + REPEATS);
    expect(await t.prisma.pollAnswer.count({ where: { pollId: poll.id } })).toBe(RESPONDENTS);
    const tally = await t.prisma.pollAnswer.groupBy({ by: ['score'], where: { pollId: poll.id }, _count: { _all: true }, orderBy: { score: 'asc' } });
    expect(tally.map((r) => [r.score, r._count._all])).toEqual([1, 2, 3, 4, 5].map((s) => [s, RESPONDENTS / 5]));
    // One alert per respondent whose answer is low (1 or 2), however often they clicked.
    expect(dms).toHaveLength((2 * RESPONDENTS) / 5);
    expect(await t.prisma.churnSignal.count()).toBe((2 * RESPONDENTS) / 5);
    const after = await t.prisma.poll.findUniqueOrThrow({ where: { id: poll.id } });
    expect(after.revision).toBe(RESPONDENTS + REPEATS);
    expect(after.renderedRevision).toBe(after.revision);
    expect(updates.at(-1)?.text).toContain(`${RESPONDENTS} answered`);
    // Coalesced: far fewer message updates than clicks.
    expect(updates.length).toBeLessThan((RESPONDENTS + REPEATS) / 2);
  }, 120_000);
});
