// The sweep at the moment it sends (issue 11 §3): nothing reaches anyone outside their working
// hours because a sweep ran late — the callback is re-timed to the next working instant under its
// claim, exactly once across replicas — and a manager's escalations come as one digest past the
// threshold, the same mechanism as a rep's reminders.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { parseSlackApiBody } from '../helpers/slack.js';
import { SLACK_API, useSlackApp } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep, Asia/Shanghai, Mon–Fri 09:00–18:00
const BOB = 'U0BOB00001'; // Ann's manager, Europe/London
// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;

function recordPosts(): Array<{ channel: string; text: string; blocks: string }> {
  const posts: Array<{ channel: string; text: string; blocks: string }> = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const b = parseSlackApiBody(body) as { channel: string; text: string; blocks: unknown };
      posts.push({ channel: b.channel, text: b.text, blocks: JSON.stringify(b.blocks) });
      return { ok: true, channel: `D${b.channel}`, ts: `${Date.now()}.${posts.length}` };
    });
  return posts;
}

async function sweepAt(iso: string) {
  const instant = new Date(iso);
  app.clock.set(instant);
  return app.rapport.sweep.run(instant);
}

const app = useSlackApp(t, NOW, { REMINDER_DIGEST_THRESHOLD: '3' });
beforeEach(async () => {
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
  await run(ADMIN, `role <@${BOB}> manager`);
  await run(ADMIN, `team <@${BOB}> add <@${ANN}>`);
  await run(ANN, 'customer add Acme');
});

describe('working hours when the reminder is sent', () => {
  it('a sweep that runs late (Friday evening) re-times the reminder to Monday morning instead of sending it', async () => {
    const posts = recordPosts();
    await run(ANN, 'remind Acme 2026-11-27 17:30 send the contract'); // Friday 17:30 Shanghai: in hours
    const oneOff = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    expect(oneOff.deliverAt.toISOString()).toBe('2026-11-27T09:30:00.000Z');

    // The scheduler was down until Friday 19:00 Shanghai.
    expect(await sweepAt('2026-11-27T11:00:00Z')).toMatchObject({ delivered: 0, deferred: 1 });
    expect(posts).toHaveLength(0);
    const deferred = await t.prisma.callback.findUniqueOrThrow({ where: { id: oneOff.id } });
    expect(deferred).toMatchObject({ status: 'pending', attempts: 0, claimToken: null, claimedUntil: null, lastError: null });
    expect(deferred.deliverAt.toISOString()).toBe('2026-11-30T01:00:00.000Z'); // Monday 09:00 Shanghai
    expect(deferred.dueAt.toISOString()).toBe('2026-11-27T09:30:00.000Z'); // still due when it was due

    expect((await sweepAt('2026-11-28T03:00:00Z')).delivered).toBe(0); // Saturday
    expect((await sweepAt('2026-11-30T00:59:00Z')).delivered).toBe(0); // Monday 08:59
    expect((await sweepAt('2026-11-30T01:00:00Z')).delivered).toBe(1);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ channel: ANN });
    expect(posts[0]?.text).toContain('send the contract');
  });

  it('two replicas sweeping late and then on time: re-timed once, delivered once', async () => {
    const posts = recordPosts();
    await run(ANN, 'remind Acme 2026-11-27 17:30 send the contract');
    const late = await Promise.all([app.rapport.sweep.run(new Date('2026-11-27T11:00:00Z')), app.rapport.sweep.run(new Date('2026-11-27T11:00:00Z'))]);
    expect(late.reduce((n, r) => n + r.deferred + r.delivered, 0)).toBe(1);
    const monday = new Date('2026-11-30T01:00:00Z');
    const onTime = await Promise.all([app.rapport.sweep.run(monday), app.rapport.sweep.run(monday)]);
    expect(onTime.reduce((n, r) => n + r.delivered, 0)).toBe(1);
    expect(posts).toHaveLength(1);
    expect(await t.prisma.callback.count({ where: { reason: 'one_off', status: 'sent' } })).toBe(1);
  });

  it('a working day that ended (new hours) is respected at send time too', async () => {
    const posts = recordPosts();
    await run(ANN, 'remind Acme 2026-11-25 16:00 call back');
    await t.prisma.user.updateMany({ where: { accounts: { some: { platform: 'slack', externalId: ANN } } }, data: { workEnd: '15:00' } });
    // Wed 16:30 Shanghai, after the (changed) end of Ann's day: tomorrow 09:00.
    expect(await sweepAt('2026-11-25T08:30:00Z')).toMatchObject({ delivered: 0, deferred: 1 });
    expect((await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } })).deliverAt.toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(posts).toHaveLength(0);
  });
});

describe('escalations to a manager', () => {
  /** `count` one-offs due Wed 25 Nov from 11:00 Shanghai: overdue by more than 3 days from Saturday 28 Nov. */
  async function overdue(count: number) {
    for (let i = 1; i <= count; i++) await run(ANN, `remind Acme 2026-11-25 11:${String(i).padStart(2, '0')} call ${i}`);
  }
  const toBob = <T extends { channel: string }>(posts: T[]) => posts.filter((p) => p.channel === BOB);

  it('wait for the manager’s working day, then come as one digest of the team’s overdue callbacks', async () => {
    const posts = recordPosts();
    await overdue(4);
    // Saturday in London: nothing to Bob, however many sweeps run; held until Monday 09:00 London.
    for (const at of ['2026-11-28T12:00:00Z', '2026-11-29T09:00:00Z', '2026-11-30T08:59:00Z']) await sweepAt(at);
    expect(toBob(posts)).toHaveLength(0);
    const held = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    expect(held.escalatedAt).toBeNull();
    expect(held.escalationClaimedUntil?.toISOString()).toBe('2026-11-30T09:00:00.000Z');

    // A hold is a lease: claimable again once it has passed (the next minute's sweep).
    expect((await sweepAt('2026-11-30T09:01:00Z')).escalated).toBe(4);
    for (const at of ['2026-11-30T10:00:00Z', '2026-12-01T10:00:00Z']) await sweepAt(at);
    const bob = toBob(posts);
    expect(bob).toHaveLength(1);
    expect(bob[0]?.text).toContain('Overdue callbacks of your team — 4');
    expect(bob[0]?.text).toContain('Acme · Ann · due Wed 25 Nov 2026 · 5 days overdue');
    expect(bob[0]?.blocks.match(/callback\.done/g)).toHaveLength(4);
    expect(await t.prisma.callback.count({ where: { reason: 'one_off', escalatedAt: { not: null } } })).toBe(4);
  });

  it('up to the threshold: one card each, with the reminder’s actions', async () => {
    const posts = recordPosts();
    await overdue(2);
    await sweepAt('2026-11-30T09:00:00Z');
    const bob = toBob(posts);
    expect(bob).toHaveLength(2);
    expect(bob.every((p) => p.text.includes('Overdue callback: Acme'))).toBe(true);
    expect(bob[0]?.blocks).toContain('callback.snooze');
  });

  it('a long list is paged: the first lines, the rest counted, a button to the paged team list', async () => {
    const posts = recordPosts();
    await overdue(25);
    await sweepAt('2026-11-30T09:00:00Z');
    const [digest] = toBob(posts);
    expect(toBob(posts)).toHaveLength(1);
    expect(digest?.blocks.match(/callback\.done/g)).toHaveLength(20);
    expect(digest?.blocks).toContain('… and 5 more');
    expect(digest?.blocks).toContain('"value":"due team overdue"');
    const list = text(await app.rapport.bot.action(as(BOB), 'cmd.run', 'due team overdue'));
    expect(list).toContain('Overdue callbacks (team) — 25');
    expect(list).toContain('due team overdue page=2');
    const second = text(await app.rapport.bot.action(as(BOB), 'cmd.run', 'due team overdue page=2'));
    expect(second).toContain('due team overdue page=1');
  });
});
