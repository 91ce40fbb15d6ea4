// The App Home tab end to end: signed app_home_opened events, the real bot and database, nock as
// Slack capturing views.publish; a refresh after a click on the page itself; Chinese for a zh user.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { appHomeOpenedPayload, blockActionsPayload, parseSlackApiBody, RESPONSE_URL_ORIGIN, responseUrlPath, TEST_TEAM_ID } from '../helpers/slack.js';
import { captureResponseUrl, fakeSlackDirectory, SLACK_API, startApp, type AppUnderTest } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep in Bob's team, en, Asia/Shanghai
const BOB = 'U0BOB00001'; // manager
const LI = 'U0LI000001'; // rep, zh
const GUEST = 'U0GUEST0001'; // the customer's contact, in the customer's own workspace
const GUEST_TEAM = 'T0CUSTOMER1';
const ACME_CHANNEL = 'C0ACME0001';
const NOW = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const DAY = 24 * 60 * 60 * 1000;

const t = useTestDatabase();
let app: AppUnderTest;
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;

interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}
interface HomeView {
  type: string;
  blocks: Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text: string } | string }>; accessory?: { type: string; action_id: string; value: string; text: { text: string } } }>;
}

/** Answers the Web API methods used here, recording every call. */
function fakeSlack(): SlackCall[] {
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
  record('views.publish', () => ({ ok: true, view: { id: 'V0HOME0001' } }));
  return calls;
}

let calls: SlackCall[];
const publishesTo = (user: string) => calls.filter((c) => c.method === 'views.publish' && c.body.user_id === user);
const viewOf = (call: SlackCall): HomeView => (typeof call.body.view === 'string' ? JSON.parse(call.body.view) : call.body.view) as HomeView;
const all = (view: HomeView) => JSON.stringify(view.blocks);
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

async function until<T>(what: string, probe: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Opens the Home tab as `user` and resolves with the view the app published. */
async function openHome(user: string): Promise<HomeView> {
  const before = publishesTo(user).length;
  const response = await app.send('event', appHomeOpenedPayload({ userId: user, tab: 'home' }));
  expect(response.status).toBe(200);
  const call = await until(`views.publish for ${user}`, () => publishesTo(user)[before]);
  const view = viewOf(call);
  expectWithinLimits(view);
  return view;
}

function expectWithinLimits(view: HomeView): void {
  expect(view.type).toBe('home');
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  for (const b of view.blocks) {
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    if (b.type === 'actions') expect(b.elements!.length).toBeLessThanOrEqual(25);
    for (const e of [...(b.type === 'actions' ? (b.elements ?? []) : []), ...(b.accessory ? [b.accessory] : [])]) {
      expect(e.action_id!.length).toBeLessThanOrEqual(255);
      if (e.type === 'button' && typeof e.text === 'object') expect(e.text.text.length).toBeLessThanOrEqual(75);
    }
  }
}

/** A poll for Acme, and a guest's NPS 2 on it (a low score: the owner is alerted, a churn signal recorded). */
async function lowScoreOnAcme(): Promise<void> {
  expect(text(await run(ANN, 'poll nps Acme'))).toMatch(/Poll #\d+/);
  const posted = [...calls].reverse().find((c) => c.method === 'chat.postMessage' && c.body.channel === ACME_CHANNEL);
  const buttons = ((posted?.body.blocks ?? []) as HomeView['blocks']).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  const two = buttons.find((b) => b.action_id?.startsWith('poll.vote#') && typeof b.text === 'object' && b.text.text === '2');
  if (!two?.action_id || !two.value) throw new Error('no vote button');
  const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
  const answered = captureResponseUrl(responseUrl);
  await app.send('interaction', blockActionsPayload({ actionId: two.action_id, value: two.value, userId: GUEST, userTeamId: GUEST_TEAM, userName: 'carol', channelId: ACME_CHANNEL, responseUrl }));
  await answered;
  await app.rapport.polls.idle();
  expect(await t.prisma.churnSignal.count()).toBe(1);
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
beforeEach(async () => {
  fakeSlackDirectory();
  calls = fakeSlack();
  for (const id of [ADMIN, ANN, BOB, LI]) await run(id, 'help');
  expect(text(await run(ADMIN, `role <@${BOB}> manager`))).toContain('Bob is now manager');
  expect(text(await run(ADMIN, `team <@${BOB}> add <@${ANN}>`))).toContain('Ann joined Bob’s team');
  for (const name of ['Acme', 'Globex', 'Initech']) await run(ANN, `customer add ${name}`);
  await run(ANN, `customer edit Acme channel=<#${ACME_CHANNEL}|acme-shared>`);
  // Overdue: set two days ago for yesterday 09:00. Due today: 15:00. Later: next Friday (not shown).
  app.clock.set(new Date(NOW.getTime() - 2 * DAY));
  expect(text(await run(ANN, 'remind Globex tomorrow 9am call back about the invoice'))).toContain('I’ll remind Ann');
  app.clock.set(NOW);
  expect(text(await run(ANN, 'remind Acme today 3pm bring the samples'))).toContain('I’ll remind Ann');
  expect(text(await run(ANN, 'remind Initech next friday check in'))).toContain('I’ll remind Ann');
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

describe('the App Home tab', () => {
  it('a rep: today’s and overdue callbacks with their buttons, tiers, open polls, low scores; refreshed after Done on the page', { timeout: 20000 }, async () => {
    await lowScoreOnAcme();
    const view = await openHome(ANN);
    const json = all(view);
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Rapport — Ann' } });
    // Today: Globex (overdue, first) and Acme (15:00 today); Initech (next Friday) is not today's.
    expect(json).toContain('*Today* — 2 due or overdue');
    expect(json.indexOf('*Globex*')).toBeLessThan(json.indexOf('*Acme*'));
    expect(count(json, '⏰ overdue')).toBe(1);
    expect(json).toContain('about the invoice');
    expect(json).not.toContain('Initech');
    for (const action of ['callback.log#', 'callback.done#', 'callback.snooze#']) expect(count(json, action)).toBe(2);
    // Tiers (counts), the open poll with a results button, the low score with the customer's card.
    expect(json).toContain('*My customers by tier* — 3');
    expect(json).toMatch(/\*Open polls\* \(your customers\) — 1/);
    const poll = await t.prisma.poll.findFirstOrThrow();
    expect(json).toContain(`"value":"poll results ${poll.id}"`);
    expect(json).toContain('*Recent low scores* (last 14 days) — 1');
    expect(json).toContain('*Acme* · NPS 2');
    // Quick buttons; no team figures for a rep.
    expect(json).toContain('"value":"log"');
    expect(json).toContain('"text":"New poll"');
    expect(json).not.toContain('Team figures');
    // "Log contact" opens the contact form.
    expect((await app.rapport.bot.action(as(ANN), 'cmd.run', 'log')).form?.id).toBe('contact.log');

    // Done on the Home page itself (a view: no response_url): the reply goes to the DM, the page is republished.
    const globex = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off', note: { contains: 'invoice' } } });
    const done = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith('callback.done#') && e.value === String(globex.id));
    expect(done).toBeDefined();
    const published = publishesTo(ANN).length;
    await app.send('interaction', blockActionsPayload({ actionId: done!.action_id!, value: done!.value!, userId: ANN, userName: 'ann', view: { type: 'home' } }));
    const refreshed = viewOf(await until('the refreshed Home', () => publishesTo(ANN)[published]));
    expectWithinLimits(refreshed);
    expect(all(refreshed)).toContain('*Today* — 1 due or overdue');
    expect(all(refreshed)).not.toContain('Globex');
    expect((await t.prisma.callback.findUniqueOrThrow({ where: { id: globex.id } })).status).toBe('done');
    expect(calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === ANN && String(c.body.text).includes('Done by Ann'))).toBe(true);
    // The poll respondent's click refreshed no Home (respondents have none, and must leave no trace).
    expect(publishesTo(GUEST)).toHaveLength(0);
  });

  it('a manager: the team’s tiers and overdue callbacks besides their own page', { timeout: 20000 }, async () => {
    const view = await openHome(BOB);
    const json = all(view);
    expect(json).toContain('*Today* — 0 due or overdue');
    expect(json).toContain('Nothing due today.');
    expect(json).toContain('*My customers by tier* — 0');
    expect(json).toContain('*Team figures* (your team) — 3 customers');
    const team = view.blocks.find((b) => b.fields?.some((f) => f.text.includes('Overdue callbacks')));
    expect(team?.fields?.find((f) => f.text.includes('Overdue callbacks'))?.text).toContain('\n1');
    expect(json).toContain('"value":"due team overdue"');
    expect(json).toContain('"value":"tiers team"');
    expect(json).toMatch(/\*Open polls\* \(your team\) — 0/);
    // Ann's page has no team figures; the admin's covers everyone.
    expect(all(await openHome(ANN))).not.toContain('Team figures');
    expect(all(await openHome(ADMIN))).toContain('*Team figures* (all customers) — 3 customers');
  });

  it('in Chinese for a zh user', { timeout: 20000 }, async () => {
    await run(LI, 'customer add 上海贸易');
    expect(text(await run(LI, 'remind 上海贸易 今天 下午3点 送样品'))).toContain('上海贸易');
    const view = await openHome(LI);
    const json = all(view);
    expect(view.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Rapport — 李雷' } });
    for (const words of ['*今日* — 1 条到期或逾期', '*上海贸易*', '记录通话', '完成', '*我的客户分层* — 共 1 位', '进行中的投票', '近期低分', '记录联系', '新建投票']) expect(json).toContain(words);
    for (const english of ['Today', 'Log call', 'Done', 'My customers by tier', 'New poll']) expect(json).not.toContain(english);
  });

  it('someone the bot does not know yet gets a welcome page, and no user record', { timeout: 20000 }, async () => {
    const users = await t.prisma.user.count();
    const view = await openHome('U0STRANGER1');
    expect(all(view)).toContain('Welcome to Rapport');
    expect(all(view)).toContain('"value":"log"');
    expect(await t.prisma.user.count()).toBe(users);
  });
});
