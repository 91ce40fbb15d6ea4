// Tiers, lifecycle and churn warnings over the real database: orders in, recompute, history out.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import type { Outcome } from '../../src/chat/bot-types.js';
import { parseSlackApiBody, TEST_TEAM_ID } from '../helpers/slack.js';
import { SLACK_API, startApp, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const BOB = 'U0BOB00001';
const ADMIN = 'U0ADMIN001';
const NOW = new Date('2026-11-24T02:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;


let posts: Array<{ channel: string; text: string }>;
function recordPosts() {
  posts = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const b = parseSlackApiBody(body) as { channel: string; text: string };
      posts.push(b);
      return { ok: true, channel: b.channel, ts: `1764000000.${posts.length}` };
    });
}

async function orders(customer: string, list: Array<[number, number]>, prefix = customer) {
  const outcomes = await app.rapport.domain.tiers.ingestOrders(
    list.map(([ago, amount], i) => ({ orderId: `${prefix}-${i}`, customer, amount, orderedAt: daysAgo(ago) })),
    'api',
  );
  expect(outcomes.every((o) => o.status === 'created')).toBe(true);
}

const app = useSlackApp(t, NOW, { MANAGERS_CHANNEL: 'C0MANAGERS' });
beforeEach(async () => {
  recordPosts();
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
});

describe('recompute', () => {
  it('scores every customer from its orders, records tier changes, and changes nothing on a second run', async () => {
    for (const name of ['Acme', 'Globex', 'Initech', 'Umbrella']) await run(ANN, `customer add ${name}`);
    // Acme: 12 orders this year, last 5 days ago, 600k → 5/5/5 = 5.00 core.
    await orders('Acme', Array.from({ length: 12 }, (_, i) => [5 + i * 25, 50_000] as [number, number]));
    // Globex: 3 orders, last 100 days ago, 30k → R3 F3 M3 = 3.00 potential.
    await orders('Globex', [[100, 10_000], [200, 10_000], [300, 10_000]]);
    // Initech: one order 400 days ago → R1 F0 M0 = 0.35 general.
    await orders('Initech', [[400, 5_000]]);
    // Umbrella: no orders → prospect, general.
    const result = await app.rapport.domain.tiers.recompute(NOW);
    expect(result).toMatchObject({ customers: 4, tierChanges: 2 });
    const byName = Object.fromEntries((await t.prisma.customer.findMany()).map((c) => [c.name, c]));
    expect(byName.Acme).toMatchObject({ tier: 'core', rfmScore: 5, lifecycleStage: 'loyal' });
    expect(byName.Globex).toMatchObject({ tier: 'potential', rfmScore: 3, lifecycleStage: 'active' });
    expect(byName.Initech).toMatchObject({ tier: 'general', rfmScore: 0.35, lifecycleStage: 'churned' });
    expect(byName.Umbrella).toMatchObject({ tier: 'general', lifecycleStage: 'prospect' });
    // Every customer's first tier is recorded (from none); only later changes are moves.
    expect(await t.prisma.tierChange.count()).toBe(4);
    expect(await t.prisma.tierChange.count({ where: { fromTier: { not: null } } })).toBe(0);
    expect(await t.prisma.stageChange.count()).toBe(3);
    const again = await app.rapport.domain.tiers.recompute(NOW);
    expect(again).toMatchObject({ customers: 4, changed: 0, tierChanges: 0, stageChanges: 0 });
  });

  it('takes each order once: the same order id again is a duplicate, with other figures a conflict', async () => {
    await run(ANN, 'customer add Acme');
    const first = await app.rapport.domain.tiers.ingestOrders([{ orderId: 'SO-1', customer: 'acme', amount: 100, orderedAt: daysAgo(1) }], 'api');
    const again = await app.rapport.domain.tiers.ingestOrders([{ orderId: 'SO-1', customer: 'Acme', amount: 100, orderedAt: daysAgo(1) }], 'api');
    const other = await app.rapport.domain.tiers.ingestOrders([{ orderId: 'SO-1', customer: 'Acme', amount: 999, orderedAt: daysAgo(1) }], 'api');
    const unknown = await app.rapport.domain.tiers.ingestOrders([{ orderId: 'SO-2', customer: 'Nobody', amount: 1, orderedAt: daysAgo(1) }], 'api');
    expect([first[0]?.status, again[0]?.status, other[0]?.status, unknown[0]?.status]).toEqual(['created', 'duplicate', 'rejected', 'rejected']);
    expect(await t.prisma.order.count()).toBe(1);
    expect(Number((await t.prisma.customer.findFirstOrThrow()).totalSpend)).toBe(100);
  });
});

describe('/crm tier', () => {
  it('explains the tier with the same figures that decided it, in English and Chinese', async () => {
    await run(ANN, 'customer add Acme');
    // 7 orders in the window, last 10 days ago, 35,000 → R5 F4 M3 → (175 + 120 + 105) / 100 = 4.00 → core.
    await orders('Acme', [[10, 5000], [40, 5000], [70, 5000], [100, 5000], [130, 5000], [160, 5000], [190, 5000]]);
    await app.rapport.domain.tiers.recompute(NOW);
    const en = text(await run(ANN, 'tier Acme'));
    expect(en).toContain('Acme: Core (score 4.00 of 5)');
    expect(en).toContain('last order 10 days ago (within 30 days) → 5');
    expect(en).toContain('7 orders in the last 365 days (at least 6) → 4');
    expect(en).toContain('(35×5 + 30×4 + 35×3) ÷ 100 = **4.00** ≥ 4 → **Core**');
    expect(en).toContain('This is the top tier.');
    await run(ANN, 'customer add 上海贸易');
    await orders('上海贸易', [[100, 10_000], [200, 10_000], [300, 10_000]]);
    await app.rapport.domain.tiers.recompute(NOW);
    const zh = text(await app.rapport.bot.command({ platform: 'slack', externalId: 'U0LI000001', workspaceId: TEST_TEAM_ID }, 'help').then(() => run(ANN, 'tier 上海贸易')));
    expect(zh).toContain('Potential (score 3.00 of 5)');
    expect(zh).toMatch(/Next tier \*\*Core\*\* needs 4 \(1\.00 more\)/);
    // Someone who may not see the customer gets a refusal, not the figures.
    expect(text(await run(BOB, 'tier Acme'))).not.toContain('Score =');
  });
});

describe('/crm tiers and /crm report', () => {
  async function seedTeam() {
    await run(ADMIN, `role <@${BOB}> manager`);
    await run(ADMIN, `team <@${BOB}> add <@${ANN}>`);
    for (const name of ['Acme', 'Globex', 'Initech']) await run(ANN, `customer add ${name}`);
    await run(BOB, 'customer add Hooli');
    await orders('Acme', Array.from({ length: 12 }, (_, i) => [5 + i * 25, 50_000] as [number, number]));
    await orders('Globex', [[100, 10_000], [200, 10_000], [300, 10_000]]);
    await app.rapport.domain.tiers.recompute(NOW);
  }

  it('counts per tier for a manager’s team, with moves, the most at risk and a chart; a rep asking for the team gets their own', async () => {
    await seedTeam();
    // Globex moves up a week later: three more recent orders.
    app.clock.set(new Date(NOW.getTime() + 3 * DAY));
    await orders('Globex', [[-1, 200_000], [-2, 10_000], [-2.5, 10_000]], 'Globex-late');
    await app.rapport.domain.tiers.recompute(app.clock.now());
    const summary = await app.rapport.bot.command(as(BOB), 'tiers team', { conversationId: 'C0MANAGERS', shared: true });
    const shown = text(summary);
    expect(summary.reply?.visibility).toBe('public');
    expect(shown).toContain('Tiers — your team (4)');
    expect(shown).toMatch(/\*\*Core\*\* 2 \(50%\)/);
    expect(shown).toContain('1 up, 0 down');
    expect(shown).toContain('↑ Globex: Potential → Core');
    expect(summary.files?.[0]).toMatchObject({ filename: 'tiers.png', mimeType: 'image/png', shareIn: 'C0MANAGERS' });
    const png = summary.files![0]!.content as Uint8Array;
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(Buffer.from(png.subarray(16, 24)).readUInt32BE(0)).toBe(640); // IHDR width
    const rep = text(await run(ANN, 'tiers team'));
    expect(rep).toContain('Tiers — your customers (3)');
    expect(rep).toContain('Team figures are for managers');
  });

  it('reports per rep and for the team, with the maths against hand-computed figures', async () => {
    await seedTeam();
    await run(ANN, 'log Acme call renewal');
    await run(ANN, 'log Globex visit demo');
    await run(BOB, 'log Hooli call intro');
    // Answers this week: CSAT 5, 4, 2 for Ann's Acme (2 of 3 satisfied = 66.7%), NPS 10, 9, 3 (2 promoters, 1 detractor of 3 → 33.3).
    const acme = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
    const csat = await t.prisma.poll.create({ data: { customerId: acme.id, kind: 'csat', question: 'q', locale: 'en', platform: 'slack', channelId: 'C1', closesAt: NOW } });
    const nps = await t.prisma.poll.create({ data: { customerId: acme.id, kind: 'nps', question: 'q', locale: 'en', platform: 'slack', channelId: 'C1', closesAt: NOW } });
    for (const [i, score] of [5, 4, 2].entries()) await t.prisma.pollAnswer.create({ data: { pollId: csat.id, respondentKey: `c${i}`, score, updatedAt: daysAgo(1) } });
    for (const [i, score] of [10, 9, 3].entries()) await t.prisma.pollAnswer.create({ data: { pollId: nps.id, respondentKey: `n${i}`, score, updatedAt: daysAgo(2) } });
    const report = await app.rapport.domain.reports.report(await app.rapport.domain.users.ensure(as(BOB)), 'week', { kind: 'team' }, 'Europe/London', NOW);
    const ann = report.reps.find((r) => r.user?.accounts[0]?.externalId === ANN)!;
    expect(ann).toMatchObject({ contacts: 2, csatAnswers: 3, npsAnswers: 3 });
    expect(ann.csatAverage).toBeCloseTo(11 / 3, 10);
    expect(ann.csatPercent).toBeCloseTo(200 / 3, 10);
    expect(ann.nps).toBeCloseTo(100 / 3, 10);
    expect(ann.tiers).toEqual({ core: 1, potential: 1, general: 1 });
    const bob = report.reps.find((r) => r.user?.accounts[0]?.externalId === BOB)!;
    expect(bob).toMatchObject({ contacts: 1, csatAnswers: 0, nps: null });
    expect(report.team.csatPercent).toBeCloseTo(200 / 3, 10);
    expect(report.team.satisfactionTarget).toBe(90);
    expect(report.team.npsTrend).toHaveLength(7);
    const shown = text(await app.rapport.bot.command(as(BOB), 'report week team'));
    // 11 / 3 = 3.666… → 3.67; 2 of 3 = 66.7%.
    expect(shown).toContain('Satisfaction: **CSAT satisfied 66.7% (4–5)** of 3 answers, target 90% · CSAT avg 3.67 / 5');
    expect(shown).toContain('**Ann**: 2 contacts · 0 callbacks done, — on time · CSAT satisfied 66.7% (4–5) · CSAT avg 3.67 / 5 (3)');
    expect(shown).toContain('off target');
    expect(shown).toContain('NPS: **33** (3 answers)');
  });
});

describe('churn warning', () => {
  it('alerts the owner and the managers’ channel once per transition over a simulated quarter, with a win-back callback', async () => {
    await run(ANN, 'customer add Acme');
    // Five orders 10 days apart, the last 40 days ago: an order slowdown (25) from the start.
    await orders('Acme', [[40, 1000], [50, 1000], [60, 1000], [70, 1000], [80, 1000]]);
    const customer = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
    const riskByDay: number[] = [];
    for (let day = 0; day <= 90; day++) {
      const at = new Date(NOW.getTime() + day * DAY);
      app.clock.set(at);
      // Day 8: the new-customer callback (due day 7) is overdue (+20) → 45. Day 10: a low CSAT (+35) → 80: warning 1.
      if (day === 10) await t.prisma.churnSignal.create({ data: { customerId: customer.id, kind: 'low_csat', score: 1, sourceKey: 'test:1', at } });
      // Day 45: a call (no overdue callback any more) and a new order (no slowdown) → 35: back to ok.
      if (day === 45) {
        await run(ANN, 'log Acme call back on track');
        await orders('Acme', [[-45, 1000]], 'Acme-comeback');
      }
      // Day 76: the next callback (due day 75, general cadence 30 days) is overdue → 55: warning 2.
      await app.rapport.valueJobs.nightly(at);
      await app.rapport.valueJobs.nightly(at); // a second replica the same night does nothing
      riskByDay.push((await t.prisma.customer.findUniqueOrThrow({ where: { id: customer.id } })).riskScore);
    }
    expect([riskByDay[7], riskByDay[9], riskByDay[10], riskByDay[44], riskByDay[46], riskByDay[76]]).toEqual([25, 45, 80, 80, 35, 55]);
    const alerts = await t.prisma.churnAlert.findMany({ where: { customerId: customer.id }, orderBy: { id: 'asc' } });
    expect(alerts.map((a) => Math.round((a.createdAt.getTime() - NOW.getTime()) / DAY))).toEqual([10, 76]);
    expect(alerts.every((a) => a.sentAt !== null)).toBe(true);
    expect(posts.filter((p) => p.channel === ANN && p.text.includes('Churn warning'))).toHaveLength(2);
    expect(posts.filter((p) => p.channel === 'C0MANAGERS' && p.text.includes('Churn warning'))).toHaveLength(2);
    expect(await t.prisma.callback.count({ where: { customerId: customer.id, reason: 'win_back' } })).toBe(2);
  }, 30_000);
});

describe('the managers’ channel language', () => {
  it('a churn warning reaches the owner in their language and the channel in MANAGERS_LOCALE', async () => {
    const zhChannel = await startApp(t.url, NOW, { MANAGERS_CHANNEL: 'C0MANAGERS', MANAGERS_LOCALE: 'zh' });
    try {
      await zhChannel.rapport.bot.command(as(ANN), 'customer add Acme');
      const customer = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
      const signals = JSON.stringify([{ kind: 'overdueCallbacks', weight: 20, detail: { count: 1 } }]);
      await t.prisma.churnAlert.create({ data: { customerId: customer.id, riskScore: 60, signals, createdAt: NOW } });
      expect(await zhChannel.rapport.valueJobs.deliverChurnAlerts(NOW)).toBe(1);
      const owner = posts.find((p) => p.channel === ANN)?.text ?? '';
      const channel = posts.find((p) => p.channel === 'C0MANAGERS')?.text ?? '';
      expect(owner).toContain('Churn warning: Acme (risk 60/100)');
      expect(owner).toContain('1 overdue callback');
      expect(owner).not.toContain('1 overdue callbacks');
      expect(channel).toContain('流失预警：Acme（风险 60/100）');
      expect(channel).toContain('1 个回访已逾期');
    } finally {
      await zhChannel.stop();
    }
  });
});

describe('REST API', () => {
  it('takes orders with a valid key only, names a bad field, and is idempotent on the order id', async () => {
    const keyed = await startApp(t.url, NOW, { API_KEYS: `erp:${'s'.repeat(32)}` });
    try {
      await keyed.rapport.bot.command(as(ANN), 'customer add Acme');
      const api = keyed.url.replace('/slack/events', '/api/orders');
      const post = (body: unknown, key = 's'.repeat(32)) => fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
      expect((await post({ order_id: 'A1' }, 'wrong-key-wrong-key-wrong-key')).status).toBe(401);
      const bad = await post({ order_id: 'A1', customer: 'Acme', amount: 'ten', ordered_at: '2026-11-20' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ field: 'amount' });
      const order = { order_id: 'A1', customer: 'Acme', amount: 250000, ordered_at: '2026-11-20' };
      expect((await post(order)).status).toBe(201);
      expect((await post(order)).status).toBe(200);
      expect(await t.prisma.order.count()).toBe(1);
      // The customer is rescored at once.
      expect(await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } })).toMatchObject({ rfmScore: expect.any(Number) });
    } finally {
      await keyed.stop();
    }
  });
});

describe('stage by hand and the weekly report', () => {
  it('a stage set by hand stays through recomputes until `auto`, each change audited with its reason', async () => {
    await run(ANN, 'customer add Acme');
    await orders('Acme', [[5, 1000], [15, 1000]]);
    await app.rapport.domain.tiers.recompute(NOW);
    expect(text(await run(ANN, 'stage Acme at_risk'))).toContain('Something is missing: **reason**');
    expect(text(await run(ANN, 'stage Acme at_risk switched supplier for one line'))).toContain('set by hand');
    await app.rapport.domain.tiers.recompute(new Date(NOW.getTime() + DAY));
    expect((await t.prisma.customer.findFirstOrThrow()).lifecycleStage).toBe('at_risk');
    expect(text(await run(ANN, 'tier Acme'))).toContain('set by hand: “switched supplier for one line”');
    expect(text(await run(ANN, 'stage Acme auto'))).toContain('follows the rules again: **New**');
    const history = await t.prisma.stageChange.findMany({ orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.toStage, h.rule])).toEqual([['new', 'new_within'], ['at_risk', 'manual'], ['new', 'new_within']]);
    expect(history[1]?.reason).toBe('switched supplier for one line');
    expect(await t.prisma.auditEvent.count({ where: { action: 'customer.stage' } })).toBe(2);
  });

  it('goes to the managers’ channel once per week, with its chart in the thread', async () => {
    nock(SLACK_API).persist().post('/api/files.getUploadURLExternal').reply(200, { ok: true, upload_url: 'https://files.slack.com/upload/v1/R1', file_id: 'F0R1' });
    nock('https://files.slack.com').persist().post('/upload/v1/R1').reply(200, 'OK');
    const completed: unknown[] = [];
    nock(SLACK_API).persist().post('/api/files.completeUploadExternal').reply(200, (_uri, body) => (completed.push(parseSlackApiBody(body)), { ok: true }));
    await run(ANN, 'customer add Acme');
    expect(await app.rapport.valueJobs.weeklyDigest(NOW)).toBe(true);
    expect(await app.rapport.valueJobs.weeklyDigest(NOW)).toBe(false); // another replica, same week
    const reports = posts.filter((p) => p.channel === 'C0MANAGERS');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toContain('Weekly report — all customers');
    // The same CSAT names as everywhere (no answers yet: dashes), in Slack's mrkdwn.
    expect(reports[0]!.text).toContain('Satisfaction: *CSAT satisfied — (4–5)* of 0 answers, target 90% · CSAT avg — / 5');
    expect(completed).toHaveLength(1);
  });
});
