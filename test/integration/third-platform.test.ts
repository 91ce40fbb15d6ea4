// Issue 12, "proof that the seam is real": parrot, a chat platform that exists only in the test
// suite (test/helpers/parrot.ts), plugs in through the registry and nothing else. Over its own HTTP
// route and messenger it gets command replies, reminders from the sweep, an escalation in its
// managers' channel, a poll in a customer's channel on it, and a churn warning — with no Slack.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRapport, type Rapport } from '../../src/app.js';
import type { Button, Reply } from '../../src/chat/reply.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { PLATFORMS } from '../../src/platforms/registry.js';
import { useTestDatabase } from '../helpers/database.js';
import { createParrot, parrotMember, PARROT, type Parrot, type ParrotPost } from '../helpers/parrot.js';
import { FixedClock, TEST_ENCRYPTION_KEY } from './harness.js';

// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const API_KEY = 'p'.repeat(32);
const ZHANG = 'zhang'; // a rep of ours on parrot, Asia/Shanghai
const CAROL = 'carol'; // the customer's contact, of Acme's own organisation on parrot

const t = useTestDatabase();
let parrot: Parrot;
let rapport: Rapport;
let origin: string;
const clock = new FixedClock(NOW);

beforeAll(async () => {
  parrot = createParrot();
  const config = loadConfig({
    DATABASE_URL: t.url,
    PORT: '0',
    HOST: '127.0.0.1',
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
    DEFAULT_TIMEZONE: 'Asia/Shanghai',
    MANAGERS_CHANNEL: `${PARROT}:managers`,
    API_KEYS: `erp:${API_KEY}`,
  });
  rapport = await createRapport({ config, logger: createLogger('silent'), clock, migrate: false, schedule: false, seedSandbox: false, pollRefreshDelayMs: 0, platforms: [...PLATFORMS, parrot.module] });
  const { port } = await rapport.start();
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await rapport?.stop();
});
beforeEach(() => {
  clock.set(NOW);
  parrot.posts.length = 0;
  for (const key of Object.keys(parrot.people)) delete parrot.people[key];
  parrot.people[ZHANG] = parrotMember('Zhang Wei');
  parrot.people[CAROL] = parrotMember('Carol', { kind: 'member', workspace: { id: 'acme-co' } });
});

async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as { text?: string };
  // What a click sets off after its answer (a poll's live count, a low-score alert) is done too.
  await rapport.polls.idle();
  return { status: response.status, text: json.text ?? '' };
}

/** Types `text` as `user` in parrot (their DM with the bot unless a conversation is named). */
async function say(user: string, text: string, conversation?: string): Promise<string> {
  const answered = await post('/parrot/command', { user, text, ...(conversation ? { conversation } : {}) });
  expect(answered.status).toBe(200);
  return answered.text;
}

const to = (kind: ParrotPost['kind'], id: string) => parrot.posts.filter((p) => p.kind === kind && p.to === id);

/** The button of `reply` whose label is `label`, or starts with it and an emoji ("5 😄", "✅ Done"). */
function buttonIn(reply: Reply | undefined, label: string): Button {
  const buttons = (reply?.blocks ?? [])
    .flatMap((b) => {
      if (b.type === 'actions') return b.elements;
      if (b.type === 'section' && b.accessory) return [b.accessory];
      // A rating scale or a list of choices: each option is clicked like a button.
      if (b.type === 'rating' || b.type === 'choices') return b.options.map((o): Button => ({ type: 'button', action: b.action, label: o.label, value: o.value }));
      return [];
    })
    .filter((e): e is Button => e.type === 'button');
  const found = buttons.find((b) => b.label === label || b.label.split(' ').includes(label));
  if (!found) throw new Error(`no "${label}" button among ${buttons.map((b) => b.label).join(', ')}`);
  return found;
}

async function sweepAt(instant: Date) {
  clock.set(instant);
  return rapport.sweep.run(instant);
}

describe('a platform that exists only in the tests', () => {
  it('is the only platform on: no Slack configured, the sandbox gives way', () => {
    expect(rapport.platforms).toEqual([PARROT]);
  });

  it('answers commands over its own route: help, customer add, log — and bad input changes nothing', async () => {
    expect(await say(ZHANG, 'help')).toContain('customer add');
    expect(await say(ZHANG, 'customer add Acme')).toContain('Acme');
    expect(await say(ZHANG, 'log Acme call discussed pricing')).toContain('Acme');
    const account = await t.prisma.platformAccount.findUniqueOrThrow({ where: { platform_externalId: { platform: PARROT, externalId: ZHANG } }, include: { user: true } });
    expect(account).toMatchObject({ workspaceId: 'parrot-co' });
    const zhang = account.user;
    expect(zhang).toMatchObject({ role: 'rep', displayName: 'Zhang Wei' });
    expect(await t.prisma.contactLog.findMany({ select: { summary: true, channel: true, authorId: true } })).toEqual([{ summary: 'discussed pricing', channel: 'call', authorId: zhang.id }]);
    // Chinese for someone whose parrot locale is zh.
    parrot.people.li = parrotMember('李雷', { locale: 'zh-CN' });
    expect(await say('li', 'customer add')).toMatch(/[\u4e00-\u9fff]/);
    expect(await t.prisma.customer.count()).toBe(1);
    // A malformed request is refused at the edge.
    expect((await post('/parrot/command', { user: '', text: 'help' })).status).toBe(400);
  });

  it('a reminder from the callback sweep reaches the rep on parrot', async () => {
    await say(ZHANG, 'customer add Acme');
    await say(ZHANG, 'remind Acme tomorrow send the contract');
    expect((await sweepAt(new Date(NOW.getTime() + DAY))).delivered).toBe(1);
    const [reminder, ...more] = to('direct', ZHANG);
    expect(more).toEqual([]);
    expect(reminder!.text).toContain('Acme');
    expect(reminder!.text).toContain('send the contract');
    expect(await t.prisma.undeliverableMessage.count()).toBe(0);
    // Its Done button, clicked in parrot, completes the callback.
    const done = buttonIn(reminder!.reply, 'Done');
    expect((await post('/parrot/action', { user: ZHANG, action: done.action, value: done.value, conversation: `dm:${ZHANG}`, ref: `parrot:${parrot.posts.indexOf(reminder!) + 1}` })).status).toBe(200);
    expect(await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' }, select: { status: true } })).toEqual({ status: 'done' });
  });

  it('an overdue callback is escalated to parrot’s managers’ channel', async () => {
    await say(ZHANG, 'customer add Acme');
    await say(ZHANG, 'remind Acme tomorrow send the contract');
    await sweepAt(new Date(NOW.getTime() + DAY));
    // More than three days overdue, on a weekday in working hours.
    expect((await sweepAt(new Date(NOW.getTime() + 6 * DAY))).escalated).toBeGreaterThan(0);
    const escalations = to('channel', 'managers');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.text).toContain('Acme');
    expect(await t.prisma.undeliverableMessage.count()).toBe(0);
  });

  it('a poll is posted in the customer’s channel on parrot, answered there, and counted live', async () => {
    await say(ZHANG, 'customer add Acme');
    await say(ZHANG, 'customer edit Acme channel=<#parrot:acme|acme>');
    expect(await t.prisma.customer.findFirstOrThrow({ select: { channelId: true, channelPlatform: true } })).toEqual({ channelId: 'parrot:acme', channelPlatform: PARROT });
    await say(ZHANG, 'poll csat Acme');
    const [poll] = to('channel', 'parrot:acme');
    expect(poll?.text).toContain('How satisfied are you with our service?');
    expect((await t.prisma.poll.findFirstOrThrow()).platform).toBe(PARROT);
    // Carol, of the customer's organisation, clicks 5 on the message parrot shows in the channel.
    const five = buttonIn(poll!.reply, '5');
    const clicked = await post('/parrot/action', { user: CAROL, action: five.action, value: five.value, conversation: 'parrot:acme', ref: `parrot:${parrot.posts.indexOf(poll!) + 1}` });
    expect(clicked.status).toBe(200);
    expect(await t.prisma.pollAnswer.findMany({ select: { score: true, respondentId: true } })).toEqual([{ score: 5, respondentId: CAROL }]);
    // The live count replaces the poll message through parrot's messenger.
    expect(parrot.posts.some((p) => p.kind === 'update' && p.to === `parrot:${parrot.posts.indexOf(poll!) + 1}`)).toBe(true);
  });

  it('at its close the poll’s results are posted back in the channel on parrot', async () => {
    await say(ZHANG, 'customer add Acme');
    await say(ZHANG, 'customer edit Acme channel=<#parrot:acme|acme>');
    await say(ZHANG, 'poll csat Acme');
    const [poll] = to('channel', 'parrot:acme');
    const four = buttonIn(poll!.reply, '4');
    await post('/parrot/action', { user: CAROL, action: four.action, value: four.value, conversation: 'parrot:acme' });
    const { closesAt, messageRef } = await t.prisma.poll.findFirstOrThrow();
    expect(messageRef).toBe(`parrot:${parrot.posts.indexOf(poll!) + 1}`);
    parrot.posts.length = 0;
    await rapport.pollSweep.run(new Date(closesAt.getTime() + 60_000));
    const closed = await t.prisma.poll.findFirstOrThrow();
    expect(closed.status).toBe('closed');
    expect(closed.resultsPostedAt).not.toBeNull();
    // The poll message is replaced by its results, and the chart goes in its thread.
    expect(parrot.posts.map(({ kind, to, threadRef }) => ({ kind, to, threadRef }))).toEqual([
      { kind: 'file', to: 'parrot:acme', threadRef: messageRef },
      { kind: 'update', to: messageRef, threadRef: undefined },
    ]);
    expect(parrot.posts[1]!.text).toContain('1 response · CSAT avg 4 / 5');
  });

  it('the weekly report goes to parrot’s managers’ channel, with its chart as a file', async () => {
    await say(ZHANG, 'customer add Acme');
    await say(ZHANG, 'log Acme call discussed pricing');
    expect(await rapport.valueJobs.weeklyDigest(NOW)).toBe(true);
    const posts = parrot.posts.filter((p) => p.to === 'managers');
    expect(posts.map((p) => p.kind)).toEqual(['channel', 'file']);
    expect(posts[0]!.text).toContain('Weekly report');
    expect(posts[0]!.text).toContain('Zhang Wei');
  });

  it('a churn warning reaches the owner and parrot’s managers’ channel', async () => {
    await say(ZHANG, 'customer add Acme');
    await say(ZHANG, 'customer edit Acme channel=<#parrot:acme|acme>');
    // Five orders ten days apart, the last 40 days ago, over the REST API: an order slowdown.
    const orders = [40, 50, 60, 70, 80].map((ago, i) => ({ order_id: `A-${i}`, customer: 'Acme', amount: 1000, ordered_at: new Date(NOW.getTime() - ago * DAY).toISOString().slice(0, 10) }));
    const sent = await fetch(`${origin}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: JSON.stringify({ orders }) });
    expect(sent.status).toBeLessThan(300);
    // And a low CSAT answer from the customer on parrot.
    await say(ZHANG, 'poll csat Acme');
    const [poll] = to('channel', 'parrot:acme');
    const one = buttonIn(poll!.reply, '1');
    expect((await post('/parrot/action', { user: CAROL, action: one.action, value: one.value, conversation: 'parrot:acme' })).status).toBe(200);
    // The low score alerts the owner on parrot at once.
    expect(to('direct', ZHANG).filter((p) => p.text.includes('Low CSAT from Acme: 1/5'))).toHaveLength(1);
    await rapport.valueJobs.nightly(NOW);
    await rapport.valueJobs.deliverChurnAlerts(NOW);
    // Order slowdown (25) and the low answer (35): over the threshold of 50, one warning.
    const alert = await t.prisma.churnAlert.findFirstOrThrow();
    expect(alert).toMatchObject({ riskScore: 60, sentAt: NOW });
    expect(await t.prisma.callback.count({ where: { reason: 'win_back' } })).toBe(1);
    expect(to('direct', ZHANG).filter((p) => p.text.includes('Churn warning: Acme'))).toHaveLength(1);
    expect(to('channel', 'managers').filter((p) => p.text.includes('Churn warning: Acme'))).toHaveLength(1);
    expect(await t.prisma.undeliverableMessage.count()).toBe(0);
  });

  it('beside the sandbox: each rep is reminded on their own platform; the sandbox rep’s escalation finds parrot’s managers’ channel', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'silent', DEFAULT_TIMEZONE: 'Asia/Shanghai', MANAGERS_CHANNEL: `${PARROT}:managers`, SANDBOX: '1' });
    const both = await createRapport({ config, logger: createLogger('silent'), clock, migrate: false, schedule: false, seedSandbox: false, pollRefreshDelayMs: 0, platforms: [...PLATFORMS, parrot.module] });
    try {
      expect(both.platforms).toEqual([PARROT, 'sandbox']);
      const zhang = { platform: PARROT, externalId: ZHANG, workspaceId: 'parrot-co' };
      const ann = { platform: 'sandbox', externalId: 'rep-ann' };
      await both.bot.command(zhang, 'customer add Acme');
      await both.bot.command(zhang, 'remind Acme tomorrow send the contract');
      await both.bot.command(ann, 'customer add Globex');
      await both.bot.command(ann, 'remind Globex tomorrow send the samples');
      clock.set(new Date(NOW.getTime() + DAY));
      expect((await both.sweep.run(clock.now())).delivered).toBe(2);
      expect(to('direct', ZHANG).map((p) => p.text.includes('send the contract'))).toEqual([true]);
      const annDm = await t.prisma.sandboxMessage.findMany({ where: { conversation: 'dm:rep-ann', author: 'bot' } });
      expect(annDm.map((m) => m.reply.includes('send the samples'))).toEqual([true]);
      // The sandbox has no managers' channel configured: the one there is, on parrot, gets both.
      clock.set(new Date(NOW.getTime() + 6 * DAY));
      expect((await both.sweep.run(clock.now())).escalated).toBe(2);
      const escalations = to('channel', 'managers').map((p) => p.text).join('\n');
      expect(escalations).toContain('Acme');
      expect(escalations).toContain('Globex');
      expect(await t.prisma.undeliverableMessage.count()).toBe(0);
    } finally {
      await both.stop();
    }
  });

  it('a person linked to accounts on two platforms receives reminders on the one they chose', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'silent', DEFAULT_TIMEZONE: 'Asia/Shanghai', MANAGERS_CHANNEL: `${PARROT}:managers`, SANDBOX: '1' });
    const both = await createRapport({ config, logger: createLogger('silent'), clock, migrate: false, schedule: false, seedSandbox: false, pollRefreshDelayMs: 0, platforms: [...PLATFORMS, parrot.module] });
    try {
      const onParrot = { platform: PARROT, externalId: ZHANG, workspaceId: 'parrot-co' };
      const inSandbox = { platform: 'sandbox', externalId: 'rep-zhang' };
      await both.bot.command(onParrot, 'customer add Acme');
      // The code from parrot, typed in the sandbox: one person with two accounts.
      const linkReply = (await both.bot.command(onParrot, "link")).reply?.text ?? "";
      const code = /([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(linkReply)?.[1];
      if (!code) throw new Error(linkReply);
      expect(code).toBeDefined();
      expect((await both.bot.command(inSandbox, `link ${code}`)).reply?.text).toContain('Linked');
      expect(await t.prisma.user.count()).toBe(1);
      // Reminders go where the person chose, whichever account asked for them.
      expect((await both.bot.command(onParrot, 'settings notify sandbox')).reply?.text).not.toMatch(/⚠️/);
      await both.bot.command(onParrot, 'remind Acme tomorrow send the contract');
      clock.set(new Date(NOW.getTime() + DAY));
      expect((await both.sweep.run(clock.now())).delivered).toBe(1);
      const sandboxDm = await t.prisma.sandboxMessage.findMany({ where: { conversation: 'dm:rep-zhang', author: 'bot' } });
      expect(sandboxDm.filter((m) => m.reply.includes('send the contract'))).toHaveLength(1);
      expect(to('direct', ZHANG).filter((p) => p.text.includes('send the contract'))).toHaveLength(0);
      // …and back to parrot when they say so.
      await both.bot.command(inSandbox, 'settings notify parrot');
      await both.bot.command(inSandbox, 'remind Acme in 2 days call about the renewal');
      clock.set(new Date(NOW.getTime() + 3 * DAY));
      await both.sweep.run(clock.now());
      expect(to('direct', ZHANG).filter((p) => p.text.includes('call about the renewal'))).toHaveLength(1);
    } finally {
      await both.stop();
    }
  });
});
