// Tiers, lifecycle and churn warnings over the real database: orders in, recompute, history out.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { parseSlackApiBody, TEST_TEAM_ID } from '../helpers/slack.js';
import { fakeSlackDirectory, SLACK_API, startApp, type AppUnderTest } from './harness.js';

const ANN = 'U0ANN00001';
const BOB = 'U0BOB00001';
const ADMIN = 'U0ADMIN001';
const NOW = new Date('2026-11-24T02:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const t = useTestDatabase();
let app: AppUnderTest;
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);


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

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW, { MANAGERS_CHANNEL: 'C0MANAGERS' });
});
beforeEach(async () => {
  fakeSlackDirectory();
  recordPosts();
  app.clock.set(NOW);
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
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
    expect(await t.prisma.tierChange.count()).toBe(2);
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
