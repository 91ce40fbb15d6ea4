// Callback reminders (回访) end to end: schedule rules, the sweep with a fake clock, the buttons,
// escalation, digests, and exactly-once delivery under concurrency and crashes.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { createCallbackSweep } from '../../src/jobs/callback-sweep.js';
import { createSlackMessenger } from '../../src/platforms/slack/messenger.js';
import { openDatabase } from '../../src/store/database.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';
import { createFieldCipher } from '../../src/store/field-cipher.js';
import { createLogger } from '../../src/logging.js';
import { useTestDatabase } from '../helpers/database.js';
import { parseSlackApiBody, TEST_BOT_TOKEN } from '../helpers/slack.js';
import { SLACK_API, useSlackApp } from './harness.js';
import { DEFAULT_TIER_CONFIG, tierNamesOf } from '../../src/domain/tiering/config.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep, Asia/Shanghai
const BOB = 'U0BOB00001'; // becomes Ann's manager
const LI = 'U0LI000001';
// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;

/** Every chat.postMessage the app makes, answered ok, recorded. */
function recordPosts(): Array<{ channel: string; text: string; blocks: unknown }> {
  const posts: Array<{ channel: string; text: string; blocks: unknown }> = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const b = parseSlackApiBody(body) as { channel: string; text: string; blocks: unknown };
      posts.push(b);
      return { ok: true, channel: `D${b.channel}`, ts: `${Date.now()}.${posts.length}` };
    });
  return posts;
}

async function sweepAt(instant: Date) {
  app.clock.set(instant);
  return app.rapport.sweep.run(instant);
}

const app = useSlackApp(t, NOW, { REMINDER_DIGEST_THRESHOLD: '3' });
beforeEach(async () => {
  for (const id of [ADMIN, ANN, BOB, LI]) await run(id, 'help');
});

describe('the schedule', () => {
  it('new customer → 7 days; a contact → tier cadence; `next` overrides; a manager overrides the cadence', async () => {
    await run(ANN, 'customer add Acme');
    const first = await t.prisma.callback.findFirstOrThrow({ where: { status: 'pending' } });
    expect(first.reason).toBe('new_customer');
    expect(first.dueAt.toISOString()).toBe(new Date(NOW.getTime() + 7 * DAY).toISOString());

    await run(ANN, 'log Acme call intro call');
    const cadence = await t.prisma.callback.findFirstOrThrow({ where: { status: 'pending' } });
    expect(cadence.reason).toBe('cadence');
    expect(cadence.dueAt.toISOString()).toBe(new Date(NOW.getTime() + 90 * DAY).toISOString()); // general tier
    expect(await t.prisma.callback.count({ where: { status: 'cancelled' } })).toBe(1);

    await run(ANN, 'log Acme call sent the quote next friday');
    const next = await t.prisma.callback.findFirstOrThrow({ where: { status: 'pending' } });
    expect(next).toMatchObject({ reason: 'next_date' });
    expect(next.dueAt.toISOString()).toBe('2026-12-04T01:00:00.000Z');

    expect(text(await run(ANN, 'customer edit Acme cadence=10'))).toContain('your role does not allow it');
    await t.prisma.customer.update({ where: { id: 1 }, data: { tier: 'core' } });
    await run(ANN, 'log Acme call follow-up done');
    expect((await t.prisma.callback.findFirstOrThrow({ where: { status: 'pending' } })).dueAt.toISOString()).toBe(new Date(NOW.getTime() + 14 * DAY).toISOString());
    await run(ADMIN, 'customer edit Acme cadence=10');
    expect((await t.prisma.callback.findFirstOrThrow({ where: { status: 'pending' } })).dueAt.toISOString()).toBe(new Date(NOW.getTime() + 10 * DAY).toISOString());
  });

  it('remind, due and settings; bad hours and timezones are refused', async () => {
    await run(ANN, 'customer add Acme');
    expect(text(await run(ANN, 'remind Acme tomorrow 3pm bring the samples'))).toContain('I’ll remind Ann about **Acme**');
    const oneOff = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    expect(oneOff.note).toBe('bring the samples');
    expect(oneOff.dueAt.toISOString()).toBe('2026-11-25T07:00:00.000Z');
    expect(text(await run(ANN, 'remind Acme yesterday call'))).toContain('in the past');
    expect(text(await run(ANN, 'remind Acme blorp'))).toContain('couldn’t read the date');
    const due = text(await run(ANN, 'due'));
    expect(due).toContain('Callbacks due (mine) — 2');
    expect(due.indexOf('bring the samples')).toBeLessThan(due.indexOf('first follow-up'));
    expect(text(await run(ANN, 'settings hours 25:00-9:00'))).toContain('not valid');
    expect(text(await run(ANN, 'settings hours 10:00-19:00 tz=Mars/Base'))).toContain('not valid');
    expect(text(await run(ANN, 'settings hours 10:00-19:00 tz=Europe/Berlin'))).toContain('10:00–19:00 (Europe/Berlin)');
    // The reminder not yet delivered moves into the new hours: Wed 25 Nov 15:00 Shanghai = 08:00 Berlin → 10:00 Berlin.
    expect((await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } })).deliverAt.toISOString()).toBe('2026-11-25T09:00:00.000Z');
  });
});

describe('the sweep', () => {
  it('delivers each callback once, in working hours; Done updates the message; a stale click changes nothing', async () => {
    const posts = recordPosts();
    await run(ANN, 'customer add Acme');
    await run(ANN, 'remind Acme 2026-11-26 02:00 early bird'); // 02:00 Shanghai → delivered 09:00
    expect((await sweepAt(new Date('2026-11-25T17:59:00Z'))).delivered).toBe(0);
    expect((await sweepAt(new Date('2026-11-26T01:00:00Z'))).delivered).toBe(1);
    expect((await sweepAt(new Date('2026-11-26T01:01:00Z'))).delivered).toBe(0);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.channel).toBe(ANN);
    expect(posts[0]?.text).toContain('Callback due: Acme');
    const callback = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    expect(callback.status).toBe('sent');

    const done = await app.rapport.bot.action(as(ANN), 'callback.done', String(callback.id));
    expect(done.reply?.replaceOriginal).toBe(true);
    expect(done.reply?.text).toContain('Done by Ann');
    const again = await app.rapport.bot.action(as(ANN), 'callback.done', String(callback.id));
    expect(again.reply?.text).toContain('already handled');
    expect((await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } })).status).toBe('done');
  });

  it('snooze moves it; a rep cannot snooze a colleague’s callback', async () => {
    recordPosts();
    await run(ANN, 'customer add Acme');
    const callback = await t.prisma.callback.findFirstOrThrow();
    expect(text(await app.rapport.bot.action(as(LI), 'callback.snooze', `${callback.id}:1d`))).toContain('该客户属于其他销售');
    const snoozed = await app.rapport.bot.action(as(ANN), 'callback.snooze', `${callback.id}:3d`);
    expect(snoozed.reply?.text).toContain('Snoozed by Ann until Fri 27 Nov 2026 09:00');
    expect((await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } })).dueAt.toISOString()).toBe('2026-11-27T01:00:00.000Z');
    const picked = await app.rapport.bot.action(as(ANN), 'callback.snooze', `${callback.id}:pick`);
    expect(picked.form?.id).toBe('callback.snooze');
  });

  it('Log call completes the callback and schedules the next one', async () => {
    await run(ANN, 'customer add Acme');
    const callback = await t.prisma.callback.findFirstOrThrow();
    const opened = await app.rapport.bot.action(as(ANN), 'callback.log', String(callback.id));
    expect(opened.form?.id).toBe('contact.log');
    await app.rapport.bot.submitForm(as(ANN), 'contact.log', opened.form!.state, { customer: '1', channel: 'call', summary: 'called back' });
    expect((await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } })).status).not.toBe('pending');
    expect(await t.prisma.callback.count({ where: { status: 'pending', reason: 'cadence' } })).toBe(1);
  });

  it('many due at once become one digest; overdue ones are escalated to the manager exactly once', async () => {
    const posts = recordPosts();
    await run(ADMIN, `role <@${BOB}> manager`);
    await run(ADMIN, `team <@${BOB}> add <@${ANN}>`);
    for (const name of ['A1', 'A2', 'A3', 'A4']) await run(ANN, `customer add ${name}`);
    // A week later all four new-customer callbacks are due together: > 3 → one digest.
    await sweepAt(new Date(NOW.getTime() + 7 * DAY));
    expect(posts.filter((p) => p.channel === ANN)).toHaveLength(1);
    expect(posts[0]?.text).toContain('Your callbacks — 4 due');
    // More than 3 days overdue, in Bob's working hours (Monday 7 Dec, London): four > 3 → one digest
    // of the team's overdue callbacks, once, however many sweeps run (issue 11: not a card each).
    for (let h = 0; h < 5; h++) await sweepAt(new Date(Date.parse('2026-12-07T09:01:00Z') + h * 60 * 60 * 1000));
    const toBob = posts.filter((p) => p.channel === BOB);
    expect(toBob).toHaveLength(1);
    expect(toBob[0]?.text).toContain('Overdue callbacks of your team — 4');
    expect(await t.prisma.callback.count({ where: { escalatedAt: { not: null } } })).toBe(4);
  });

  it('more callbacks in a day than the threshold: the whole day comes as one morning digest', async () => {
    const posts = recordPosts();
    await run(ANN, 'customer add Acme');
    for (const hour of ['10:00', '12:00', '14:00', '16:00']) await run(ANN, `remind Acme 2026-11-25 ${hour} call at ${hour}`);
    expect((await sweepAt(new Date('2026-11-25T02:00:00Z'))).delivered).toBe(4); // 10:00 Shanghai
    for (const utc of ['04:00', '06:00', '08:00']) expect((await sweepAt(new Date(`2026-11-25T${utc}:00Z`))).delivered).toBe(0);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toContain('Your callbacks — 4 due');
    expect(posts[0]?.text).toContain('call at 16:00');
  });

  it('a few callbacks in a day arrive one by one, each at its time', async () => {
    const posts = recordPosts();
    await run(ANN, 'customer add Acme');
    for (const hour of ['10:00', '15:00']) await run(ANN, `remind Acme 2026-11-25 ${hour} call at ${hour}`);
    expect((await sweepAt(new Date('2026-11-25T02:00:00Z'))).delivered).toBe(1);
    expect((await sweepAt(new Date('2026-11-25T07:00:00Z'))).delivered).toBe(1);
    expect(posts.map((p) => p.text.includes('Callback due: Acme'))).toEqual([true, true]);
  });

  it('months of simulated time: cadence reminders keep coming, once each', async () => {
    const posts = recordPosts();
    await run(ANN, 'customer add Acme');
    await t.prisma.customer.update({ where: { id: 1 }, data: { tier: 'core' } });
    let day = 0;
    for (; day <= 180; day++) {
      const now = new Date(NOW.getTime() + day * DAY);
      await sweepAt(now);
      const sent = await t.prisma.callback.findFirst({ where: { status: 'sent' } });
      // The rep answers every reminder the day it arrives by logging a call.
      if (sent) {
        const form = await app.rapport.bot.action(as(ANN), 'callback.log', String(sent.id));
        await app.rapport.bot.submitForm(as(ANN), 'contact.log', form.form!.state, { customer: '1', channel: 'call', summary: `call on day ${day}` });
      }
    }
    // Day 7 (new customer, a Tuesday), then every 14 days (core): 7, 21, 35, … 175 → 13 reminders.
    expect(posts.filter((p) => p.channel === ANN)).toHaveLength(13);
    expect(await t.prisma.contactLog.count()).toBe(13);
  });
});

describe('exactly once', () => {
  it('two schedulers on separate connections over 1,000 due callbacks: each delivered once', { timeout: 120_000 }, async () => {
    const counts = new Map<string, number>();
    nock(SLACK_API)
      .persist()
      .post('/api/chat.postMessage')
      .reply(200, (_uri, body) => {
        const b = parseSlackApiBody(body) as { channel: string; text: string };
        counts.set(b.text, (counts.get(b.text) ?? 0) + 1);
        return { ok: true, channel: 'D1', ts: '1.1' };
      });
    // 1,000 reps with one due callback each (so no digest), created in bulk.
    const users = Array.from({ length: 1000 }, (_, i) => ({ displayName: `Rep ${i}`, locale: 'en', localeSeenAt: NOW }));
    await t.prisma.user.createMany({ data: users });
    const ids = await t.prisma.user.findMany({ where: { displayName: { startsWith: 'Rep ' } }, select: { id: true }, orderBy: { id: 'asc' } });
    await t.prisma.platformAccount.createMany({ data: ids.map((u, i) => ({ userId: u.id, platform: 'slack', externalId: `UBULK${i}` })) });
    await t.prisma.customer.createMany({ data: ids.map((u, i) => ({ name: `Bulk ${i}`, nameKey: `bulk ${i}`, ownerId: u.id })) });
    const customers = await t.prisma.customer.findMany({ where: { nameKey: { startsWith: 'bulk' } }, orderBy: { id: 'asc' } });
    await t.prisma.callback.createMany({
      data: customers.map((c) => ({ customerId: c.id, assigneeId: c.ownerId, reason: 'one_off', note: `note ${c.id}`, dueAt: NOW, deliverAt: NOW, occurrenceKey: `bulk:${c.id}` })),
    });

    const logger = createLogger('silent');
    const second = await openDatabase(t.url, { migrate: false });
    try {
      const cipher = createFieldCipher({ id: 'test1', key: Buffer.alloc(32, 7) });
      const messenger = createSlackMessenger({ slack: { apiUrl: 'https://slack.com/api/', botToken: TEST_BOT_TOKEN }, logger, pacingMs: 0, sleep: async () => {}, random: () => 0 });
      const sweepOn = (prisma: typeof t.prisma) => {
        const stores = createPrismaStores(prisma, { cipher, provider: t.provider });
        return createCallbackSweep({ domain: app.rapport.domain, stores, messengers: { slack: messenger }, settings: { defaultLocale: 'en', defaultTimezone: 'UTC', tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) }, logger, batchSize: 50 });
      };
      const results = await Promise.all([sweepOn(t.prisma).run(NOW), sweepOn(second.prisma).run(NOW)]);
      expect(results[0]!.delivered + results[1]!.delivered).toBe(1000);
      expect(counts.size).toBe(1000);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(await t.prisma.callback.count({ where: { status: 'sent' } })).toBe(1000);
    } finally {
      await second.close();
    }
  });

  it('a replica that died after claiming: delivered once after the lease expires', async () => {
    const posts = recordPosts();
    await run(ANN, 'customer add Acme');
    const callback = await t.prisma.callback.findFirstOrThrow();
    const due = callback.deliverAt;
    // The dead replica's claim: taken, never sent.
    const claimed = await app.rapport.stores.callbacks.claimDue(due, { token: 'dead-replica', until: new Date(due.getTime() + 2 * 60 * 1000) }, 10);
    expect(claimed).toHaveLength(1);
    expect((await sweepAt(new Date(due.getTime() + 60 * 1000))).delivered).toBe(0);
    expect((await sweepAt(new Date(due.getTime() + 3 * 60 * 1000))).delivered).toBe(1);
    expect((await sweepAt(new Date(due.getTime() + 10 * 60 * 1000))).delivered).toBe(0);
    expect(posts).toHaveLength(1);
    expect(await app.rapport.stores.callbacks.markSent(callback.id, 'dead-replica', due, null)).toBe(false);
  });

  it('Slack answers 429 (Retry-After) then 500 then ok: delivered once, after the wait', async () => {
    await run(ANN, 'customer add Acme');
    const callback = await t.prisma.callback.findFirstOrThrow();
    const { sleptMs } = await import('./harness.js');
    sleptMs.length = 0;
    let calls = 0;
    nock(SLACK_API).post('/api/chat.postMessage').reply(() => { calls++; return [429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '7' }]; });
    nock(SLACK_API).post('/api/chat.postMessage').reply(() => { calls++; return [500, 'oops']; });
    nock(SLACK_API).post('/api/chat.postMessage').reply(() => { calls++; return [200, { ok: true, channel: 'D1', ts: '9.9' }]; });
    const result = await sweepAt(callback.deliverAt);
    expect(result.delivered).toBe(1);
    expect(calls).toBe(3);
    expect(sleptMs[0]).toBeGreaterThanOrEqual(7000);
    expect((await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } })).messageRef).toBe('D1:9.9');
  });

  it('a send that keeps failing stays pending and shows in /crm due', async () => {
    nock(SLACK_API).persist().post('/api/chat.postMessage').reply(500, 'down');
    await run(ANN, 'customer add Acme');
    const callback = await t.prisma.callback.findFirstOrThrow();
    const result = await sweepAt(callback.deliverAt);
    expect(result).toMatchObject({ delivered: 0, failed: 1 });
    const row = await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } });
    expect(row.status).toBe('pending');
    expect(text(await run(ANN, 'due'))).toContain('not delivered yet');
  });
});
