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
  return { status: response.status, text: json.text ?? '' };
}

/** Types `text` as `user` in parrot (their DM with the bot unless a conversation is named). */
async function say(user: string, text: string, conversation?: string): Promise<string> {
  const answered = await post('/parrot/command', { user, text, ...(conversation ? { conversation } : {}) });
  expect(answered.status).toBe(200);
  return answered.text;
}

const to = (kind: ParrotPost['kind'], id: string) => parrot.posts.filter((p) => p.kind === kind && p.to === id);

function buttonIn(reply: Reply | undefined, label: string): Button {
  const buttons = (reply?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.elements : b.type === 'section' && b.accessory ? [b.accessory] : [])).filter((e): e is Button => e.type === 'button');
  const found = buttons.find((b) => b.label.split(' ')[0] === label);
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
    const zhang = await t.prisma.user.findUniqueOrThrow({ where: { platform_externalId: { platform: PARROT, externalId: ZHANG } } });
    expect(zhang).toMatchObject({ role: 'rep', displayName: 'Zhang Wei', workspaceId: 'parrot-co' });
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
    const reminders = to('direct', ZHANG);
    expect(reminders.some((p) => p.text.includes('Acme') && p.text.includes('send the contract'))).toBe(true);
    expect(await t.prisma.undeliverableMessage.count()).toBe(0);
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
    await rapport.polls.idle();
    expect(parrot.posts.some((p) => p.kind === 'update' && p.to === `parrot:${parrot.posts.indexOf(poll!) + 1}`)).toBe(true);
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
    await rapport.valueJobs.nightly(NOW);
    await rapport.valueJobs.deliverChurnAlerts(NOW);
    const alert = await t.prisma.churnAlert.findFirstOrThrow();
    expect(alert.sentAt).not.toBeNull();
    expect(to('direct', ZHANG).filter((p) => p.text.includes('Churn warning: Acme'))).toHaveLength(1);
    expect(to('channel', 'managers').filter((p) => p.text.includes('Churn warning: Acme'))).toHaveLength(1);
    expect(await t.prisma.undeliverableMessage.count()).toBe(0);
  });

  it.todo('a person linked to accounts on two platforms receives reminders on the one they chose (needs PlatformAccount and `/crm link` from the accounts branch; not on i12-proof)');
});
