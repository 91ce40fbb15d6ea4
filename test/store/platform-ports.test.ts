// The shared services any platform adapter uses, stored in the database so they hold across
// replicas (SQLite and PostgreSQL): event de-duplication, per-platform stored state, and the send
// budget behind pacing — here two Slack messengers on one database, as two replicas would be.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sharedSendBudget, type SendBudget } from '../../src/chat/pacing.js';
import { block, privateReply } from '../../src/chat/reply.js';
import { createLogger } from '../../src/logging.js';
import { createSlackMessenger, MESSENGER_WEB_CLIENT_OPTIONS } from '../../src/platforms/slack/messenger.js';
import { createSlackWebClient } from '../../src/platforms/slack/web-client.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { createDeliveryStore, createPlatformStateStore } from '../../src/store/prisma-stores.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_BOT_TOKEN, TEST_CHANNEL_ID } from '../helpers/slack.js';
import { SLACK_ORIGIN } from '../slack/harness.js';

const t = useTestDatabase();
const SLACK = { apiUrl: `${SLACK_ORIGIN}/api/`, botToken: TEST_BOT_TOKEN };
let second: Database | undefined;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  nock.enableNetConnect();
  await second?.close();
});

/** A second connection to the same database: another replica. */
async function otherReplica(): Promise<Database> {
  second ??= await openDatabase(t.url, { migrate: false });
  return second;
}

describe('event de-duplication (DeliveryStore)', () => {
  it('a key is claimed once across replicas, and pruning forgets only old keys', async () => {
    const one = createDeliveryStore(t.prisma);
    const two = createDeliveryStore((await otherReplica()).prisma);
    const claims = await Promise.all([one.claim('slack:event:Ev1'), two.claim('slack:event:Ev1'), one.claim('slack:event:Ev1')]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await two.claim('wecom:msg:42')).toBe(true);

    await t.prisma.processedDelivery.update({ where: { key: 'slack:event:Ev1' }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    expect(await one.prune(new Date(Date.now() - 86_400_000))).toBe(1);
    expect((await t.prisma.processedDelivery.findMany()).map((r) => r.key)).toEqual(['wecom:msg:42']);
    // Forgotten: a very late retry would be handled again, which is why pruning keeps days, not minutes.
    expect(await two.claim('slack:event:Ev1')).toBe(true);
  });
});

describe('per-platform stored state (PlatformStateStore)', () => {
  it('keeps values per platform and key, and compare-and-set lets exactly one racing replica win', async () => {
    const one = createPlatformStateStore(t.prisma);
    const two = createPlatformStateStore((await otherReplica()).prisma);
    expect(await one.get('wecom', 'access_token')).toBeNull();
    await one.set('wecom', 'access_token', 'v1');
    await two.set('wecom', 'access_token', 'v2');
    await one.set('sandbox', 'access_token', 'other');
    expect(await two.get('wecom', 'access_token')).toBe('v2');
    expect(await one.get('sandbox', 'access_token')).toBe('other');

    const firsts = await Promise.all([one.compareAndSet('slack', 'k', null, 'a'), two.compareAndSet('slack', 'k', null, 'b')]);
    expect(firsts.filter(Boolean)).toHaveLength(1);
    const winner = await one.get('slack', 'k');
    const moves = await Promise.all([one.compareAndSet('slack', 'k', winner, 'x'), two.compareAndSet('slack', 'k', winner, 'y')]);
    expect(moves.filter(Boolean)).toHaveLength(1);
    expect(['x', 'y']).toContain(await two.get('slack', 'k'));
    expect(await one.compareAndSet('slack', 'k', 'stale', 'z')).toBe(false);
  });
});

describe('send pacing shared by two Slack messengers on one database', () => {
  const PACING_MS = 400;
  /** The slots the shared budget handed out for the test channel, to either replica. */
  const slots: number[] = [];
  const recorded = (budget: SendBudget): SendBudget => ({
    async take(key, intervalMs, now) {
      const slot = await budget.take(key, intervalMs, now);
      if (key === TEST_CHANNEL_ID) slots.push(slot);
      return slot;
    },
    holdUntil: (key, until) => budget.holdUntil(key, until),
  });

  /** When each messenger called chat.postMessage (right after its slot was ready), by channel. */
  const started: Array<{ channel: string; at: number }> = [];

  /** chat.postMessage answered ok `count` times. */
  function slackPosts(count: number): void {
    let n = 0;
    nock(SLACK_ORIGIN)
      .post('/api/chat.postMessage')
      .times(count)
      .reply(() => [200, { ok: true, channel: TEST_CHANNEL_ID, ts: `1712345678.${String(++n).padStart(6, '0')}` }]);
  }

  /** A client that notes when the messenger starts each post (arrival times would add network jitter). */
  function timedClient() {
    const client = createSlackWebClient(SLACK, undefined, MESSENGER_WEB_CLIENT_OPTIONS);
    const postMessage = client.chat.postMessage;
    client.chat.postMessage = ((args) => {
      started.push({ channel: String(args.channel), at: Date.now() });
      return postMessage(args);
    }) as typeof postMessage;
    return client;
  }
  const startsIn = (channel: string) => started.filter((s) => s.channel === channel).map((s) => s.at);

  async function messengers(shared: boolean) {
    const logger = createLogger('silent');
    const replica = async (db: Database) =>
      createSlackMessenger({
        client: timedClient(),
        slack: SLACK,
        logger,
        pacingMs: PACING_MS,
        ...(shared ? { budget: recorded(sharedSendBudget(createPlatformStateStore(db.prisma), 'slack')) } : {}),
      });
    return [await replica(t.db), await replica(await otherReplica())] as const;
  }

  const reply = (n: number) => privateReply(`poll ${n}`, [block.section(`poll ${n}`)]);
  const gaps = (times: number[]) => [...times].sort((a, b) => a - b).flatMap((at, i, all) => (i === 0 ? [] : [at - all[i - 1]!]));

  it('with the shared budget, sends to one channel from both take slots spaced by the interval, and wait for them', async () => {
    started.length = 0;
    slots.length = 0;
    const [a, b] = await messengers(true);
    slackPosts(4);
    await Promise.all([a.sendToChannel(TEST_CHANNEL_ID, reply(1)), b.sendToChannel(TEST_CHANNEL_ID, reply(2)), a.sendToChannel(TEST_CHANNEL_ID, reply(3)), b.sendToChannel(TEST_CHANNEL_ID, reply(4))]);
    const times = startsIn(TEST_CHANNEL_ID);
    expect(times).toHaveLength(4);
    // The database hands out the slots: exactly the interval apart, whichever replica asked.
    expect(slots).toHaveLength(4);
    for (const gap of gaps(slots)) expect(gap).toBeGreaterThanOrEqual(PACING_MS);
    // Each send starts at its slot, never before (timers may fire a millisecond or two early); a
    // slow database answer can make it start a little after, which Slack's margin (1100 ms) covers.
    const sortedSlots = [...slots].sort((x, y) => x - y);
    [...times].sort((x, y) => x - y).forEach((at, i) => expect(at).toBeGreaterThanOrEqual(sortedSlots[i]! - 5));
    const row = await t.prisma.platformState.findUnique({ where: { platform_key: { platform: 'slack', key: `send-budget:${TEST_CHANNEL_ID}` } } });
    expect(Number(row?.value)).toBe(Math.max(...slots) + PACING_MS);
  });

  it('without it, each messenger paces only itself: the two send at once (what the budget prevents)', async () => {
    started.length = 0;
    const [a, b] = await messengers(false);
    slackPosts(2);
    await Promise.all([a.sendToChannel(TEST_CHANNEL_ID, reply(1)), b.sendToChannel(TEST_CHANNEL_ID, reply(2))]);
    expect(gaps(startsIn(TEST_CHANNEL_ID))[0]).toBeLessThan(PACING_MS - 5);
  });

  it('a Retry-After seen by one replica holds the channel for the other', async () => {
    const [a, b] = await messengers(true);
    const times: number[] = [];
    nock(SLACK_ORIGIN)
      .post('/api/chat.postMessage')
      .reply(() => (times.push(Date.now()), [429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' }]))
      .post('/api/chat.postMessage')
      .times(2)
      .reply(() => (times.push(Date.now()), [200, { ok: true, channel: TEST_CHANNEL_ID, ts: `1712345679.00000${times.length}` }]));
    const first = a.sendToChannel(TEST_CHANNEL_ID, reply(1));
    // B starts once A has been told to wait.
    while (times.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all([first, b.sendToChannel(TEST_CHANNEL_ID, reply(2))]);
    expect(times).toHaveLength(3);
    for (const later of times.slice(1)) expect(later - times[0]!).toBeGreaterThanOrEqual(1000 - 5);
  });
});
