// The demo company (`npm run seed`): seeded once on an empty database, with every tier and most
// lifecycle stages represented; never on a database that has data.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIERS } from '../../src/domain/types.js';
import { DEMO_PEOPLE, seedDemo } from '../../src/seed/demo.js';
import { planDemo } from '../../src/seed/plan.js';
import { Dice, seededRandom } from '../../src/seed/random.js';
import { useTestDatabase } from '../helpers/database.js';
import { startApp, type AppUnderTest } from './harness.js';

const NOW = new Date('2026-11-24T02:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const t = useTestDatabase();
let app: AppUnderTest;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

async function counts() {
  const p = t.prisma;
  const [users, customers, orders, contacts, polls, answers, callbacks, signals, audit, tierChanges] = await Promise.all([
    p.user.count(), p.customer.count(), p.order.count(), p.contactLog.count(), p.poll.count(), p.pollAnswer.count(), p.callback.count(), p.churnSignal.count(), p.auditEvent.count(), p.tierChange.count(),
  ]);
  return { users, customers, orders, contacts, polls, answers, callbacks, signals, audit, tierChanges };
}

describe('the plan', () => {
  it('is the same for the same seed and clock, with unique names and about 15% shared channels', () => {
    const a = planDemo(new Dice(seededRandom()), NOW);
    const b = planDemo(new Dice(seededRandom()), NOW);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(planDemo(new Dice(seededRandom(7)), NOW))).not.toBe(JSON.stringify(a));
    expect(a.customers).toHaveLength(200);
    expect(new Set(a.customers.map((c) => c.name.toLowerCase())).size).toBe(200);
    expect(a.customers.some((c) => /[\u4e00-\u9fff]/.test(c.name))).toBe(true);
    expect(a.customers.some((c) => /^[A-Za-z]/.test(c.name))).toBe(true);
    const linked = a.customers.filter((c) => c.channel);
    expect(linked.length).toBe(30);
    expect(new Set(linked.map((c) => c.channel!.id)).size).toBe(30);
    for (const c of linked) expect(c.channel!.id).toMatch(/^sandbox:[a-z0-9]+$/);
    for (const c of a.customers) {
      if (c.phone) expect(c.phone).toMatch(/^\+86 138 0000 \d{4}$/);
      if (c.email) expect(c.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
      // Nothing happens to a customer before it was created, nor after now.
      for (const at of [...c.orders.map((o) => o.orderedAt), ...c.contacts.map((x) => x.occurredAt)]) {
        expect(at.getTime()).toBeGreaterThanOrEqual(c.createdAt.getTime());
        expect(at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });
});

describe('seedDemo', () => {
  it('seeds a whole demo company once, and never over data', { timeout: 60_000 }, async () => {
    const { domain, stores } = app.rapport;
    const started = performance.now();
    const summary = await seedDemo({ domain, stores, clock: app.clock });
    const elapsed = performance.now() - started;
    console.log(`[seed] ${t.provider}: ${(elapsed / 1000).toFixed(1)} s`, JSON.stringify(summary));
    expect(summary).not.toBeNull();
    const seeded = await counts();
    expect(summary).toMatchObject({ users: 5, customers: 200, orders: seeded.orders, contacts: seeded.contacts, polls: 5 });
    expect(seeded.customers).toBe(200);
    expect(seeded.orders).toBeGreaterThanOrEqual(1500);
    expect(seeded.orders).toBeLessThanOrEqual(2500);
    expect(seeded.contacts).toBeGreaterThan(400);

    // Every tier of the default rules, and most lifecycle stages.
    const customers = await t.prisma.customer.findMany();
    const tiers = new Set(customers.map((c) => c.tier));
    for (const tier of DEFAULT_TIERS) expect(tiers).toContain(tier);
    const stages = new Set(customers.map((c) => c.lifecycleStage));
    expect(stages.size).toBeGreaterThanOrEqual(4);
    expect(customers.every((c) => c.scoredAt !== null)).toBe(true);
    expect(summary!.tiers).toEqual(Object.fromEntries(DEFAULT_TIERS.map((tier) => [tier, customers.filter((c) => c.tier === tier).length])));
    expect(customers.filter((c) => c.channelId !== null).length).toBe(30);
    expect(customers.filter((c) => c.channelId !== null).every((c) => c.channelId!.startsWith('sandbox:') && (c.language === 'zh' || c.language === 'en'))).toBe(true);

    // Every customer has a scheduled callback (cadence, its own next date, or the new-customer one).
    const scheduled = await t.prisma.callback.findMany({ where: { status: { in: ['pending', 'sent'] }, reason: { in: ['next_date', 'cadence', 'new_customer'] } } });
    expect(new Set(scheduled.map((c) => c.customerId)).size).toBe(200);
    expect(scheduled).toHaveLength(200);
    // Most are due in the coming weeks, not all overdue at once.
    expect(scheduled.filter((c) => c.dueAt.getTime() >= NOW.getTime()).length).toBeGreaterThan(100);
    // The made-up past is settled: old reminders went out then, old overdue ones were escalated,
    // the recompute's warnings delivered; the first sweep only has today's work.
    const openCallbacks = await t.prisma.callback.findMany({ where: { status: { in: ['pending', 'sent'] } } });
    expect(openCallbacks.filter((c) => c.status === 'pending' && c.deliverAt.getTime() < NOW.getTime() - DAY)).toEqual([]);
    expect(openCallbacks.filter((c) => c.escalatedAt === null && c.dueAt.getTime() < NOW.getTime() - 3 * DAY)).toEqual([]);
    expect(openCallbacks.filter((c) => c.status === 'sent').length).toBeGreaterThan(0);
    // The first assessment sets where each customer stands: customers are at risk, but nobody is
    // warned about the demo's own past (warnings come as things change from here on).
    expect(summary!.atRisk).toBeGreaterThan(0);
    expect(await t.prisma.customer.count({ where: { riskLevel: 'at_risk' } })).toBe(summary!.atRisk);
    expect(await t.prisma.churnAlert.count()).toBe(0);
    expect(openCallbacks.filter((c) => c.reason === 'win_back')).toEqual([]);

    // The team: an admin, Mei managing three reps, all in Shanghai.
    const users = (await t.prisma.user.findMany({ orderBy: { id: 'asc' }, include: { accounts: true } })).map((u) => ({ ...u, ...u.accounts[0]! }));
    expect(users.map((u) => u.externalId).sort()).toEqual(DEMO_PEOPLE.map((p) => p.externalId).sort());
    expect(users.every((u) => u.platform === 'sandbox' && u.timezone === 'Asia/Shanghai')).toBe(true);
    const mei = users.find((u) => u.externalId === 'mgr-mei')!;
    expect(mei.role).toBe('manager');
    expect(users.find((u) => u.externalId === 'admin')!.role).toBe('admin');
    expect(users.filter((u) => u.managerId === mei.id).map((u) => u.externalId).sort()).toEqual(['rep-ann', 'rep-bob', 'rep-li']);
    expect(users.find((u) => u.externalId === 'rep-li')).toMatchObject({ displayName: '李雷', locale: 'zh', role: 'rep' });
    const owners = new Set(customers.map((c) => c.ownerId));
    for (const rep of users.filter((u) => u.role === 'rep')) expect(owners).toContain(rep.id);

    // Polls: closed ones with answers and results posted, open ones still running; low scores as churn signals.
    const polls = await t.prisma.poll.findMany({ include: { answers: true } });
    const closed = polls.filter((p) => p.status === 'closed');
    const open = polls.filter((p) => p.status === 'open');
    expect(closed).toHaveLength(3);
    expect(open).toHaveLength(2);
    expect(closed.every((p) => p.answers.length > 0 && p.resultsPostedAt !== null && p.closedAt !== null)).toBe(true);
    expect(open.every((p) => p.closesAt.getTime() > NOW.getTime())).toBe(true);
    expect(new Set(polls.map((p) => p.kind))).toEqual(new Set(['csat', 'nps']));
    // Answers are dated when they were given, within their poll's time.
    for (const poll of polls) {
      for (const answer of poll.answers) {
        expect(answer.updatedAt.getTime()).toBeGreaterThanOrEqual(poll.createdAt.getTime());
        expect(answer.updatedAt.getTime()).toBeLessThanOrEqual(Math.min(poll.closesAt.getTime(), NOW.getTime()));
      }
    }
    const satisfaction = await stores.reports.satisfactionOverall({}, new Date(NOW.getTime() - 90 * DAY), NOW);
    expect(satisfaction.csatAnswers + satisfaction.npsAnswers).toBe(summary!.pollAnswers);
    expect(await t.prisma.churnSignal.count()).toBeGreaterThan(0);
    const signals = await t.prisma.churnSignal.findMany();
    expect(signals.every((s) => s.at.getTime() <= NOW.getTime() && s.at.getTime() > NOW.getTime() - 90 * DAY)).toBe(true);

    // The domain reads it as it reads real data: the manager sees her team's customers.
    const visible = await domain.customers.list(await domain.users.byId(mei.id).then((u) => u!), { scope: 'all', page: 1 });
    expect(visible.total).toBe(200);

    // A second run finds data and changes nothing.
    const again = await seedDemo({ domain, stores, clock: app.clock });
    expect(again).toBeNull();
    expect(await counts()).toEqual(seeded);
    // Also when asked through the stores alone.
    expect(await seedDemo({ domain, stores, clock: app.clock })).toBeNull();
    expect(await counts()).toEqual(seeded);
  });

  it('through the stores alone (no Prisma client) gives the same kind of data, figures matching the orders', { timeout: 30_000 }, async () => {
    const { domain, stores } = app.rapport;
    const summary = await seedDemo({ domain, stores, clock: app.clock, customers: 20, platform: 'slack' });
    expect(summary).toMatchObject({ users: 5, customers: 20, polls: 5 });
    expect(await t.prisma.order.count()).toBe(summary!.orders);
    expect(await t.prisma.user.count({ where: { accounts: { some: { platform: 'slack' } } } })).toBe(5);
    // The customer's own value figures are those of its orders, as order ingestion keeps them.
    const customers = await t.prisma.customer.findMany({ include: { orders: true } });
    for (const c of customers) {
      expect(c.orderCount).toBe(c.orders.length);
      expect(Number(c.totalSpend)).toBe(c.orders.reduce((sum, o) => sum + Number(o.amount), 0));
      expect(c.lastOrderAt?.getTime() ?? null).toBe(c.orders.length === 0 ? null : Math.max(...c.orders.map((o) => o.orderedAt.getTime())));
    }
    expect(await seedDemo({ domain, stores, clock: app.clock })).toBeNull();
  });
});
