// The one way out (chat/outbound.ts) and the scheduled work behind it, over the real database of
// the run: the messenger per platform, undeliverable rows, the managers' channel per platform,
// leases taken over after a crash, churn warnings per destination, pruning. The platforms here are
// recording messengers (one of them a second platform that exists only in this file).
import { SANDBOX_CAPABILITIES } from '../../src/platforms/sandbox/limits.js';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError, type OutgoingFile, type PlatformMessenger } from '../../src/chat/bot-types.js';
import { createOutboundRouter, type OutboundRouter } from '../../src/chat/outbound.js';
import type { Reply } from '../../src/chat/reply.js';
import { createCallbackSweep } from '../../src/jobs/callback-sweep.js';
import { createHousekeeping } from '../../src/jobs/housekeeping.js';
import { createValueJobs } from '../../src/jobs/value-jobs.js';
import { tierNamesOf, DEFAULT_TIER_CONFIG } from '../../src/domain/tiering/config.js';
import type { User } from '../../src/domain/types.js';
import { createLogger } from '../../src/logging.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_TEAM_ID } from '../helpers/slack.js';
import { fakeSlackDirectory, startApp, type AppUnderTest } from './harness.js';

const NOW = new Date('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai
const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
const settings = { defaultLocale: 'en' as const, defaultTimezone: 'Asia/Shanghai', tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) };
const logger = createLogger('silent');

const t = useTestDatabase();
let app: AppUnderTest;

interface Sent {
  kind: 'direct' | 'channel' | 'update' | 'file';
  to: string;
  text: string;
}

/** A messenger that records what it is sent; `fail` may throw instead, per call. */
function recorder(fail: (sent: Sent) => DeliveryError | null = () => null): PlatformMessenger & { sent: Sent[] } {
  const sent: Sent[] = [];
  const push = (entry: Sent) => {
    const error = fail(entry);
    if (error) throw error;
    sent.push(entry);
    return { ref: `ref-${sent.length}` };
  };
  return {
    sent,
    capabilities: SANDBOX_CAPABILITIES,
    sendDirect: async (externalId: string, reply: Reply) => push({ kind: 'direct', to: externalId, text: reply.text }),
    sendToChannel: async (channelId: string, reply: Reply) => push({ kind: 'channel', to: channelId, text: reply.text }),
    update: async (ref: string, reply: Reply) => void push({ kind: 'update', to: ref, text: reply.text }),
    sendFile: async (channelId: string, file: OutgoingFile) => void push({ kind: 'file', to: channelId, text: file.title }),
  };
}

async function person(platform: string, externalId: string, extra: { managerId?: number; role?: string } = {}): Promise<User> {
  const row = await t.prisma.user.create({ data: { displayName: externalId, locale: 'en', timezone: 'Asia/Shanghai', ...extra, accounts: { create: { platform, externalId } } } });
  return (await app.rapport.stores.users.findById(row.id))!;
}

function routerWith(messengers: Record<string, PlatformMessenger>, managersChannels: Record<string, string> = {}): OutboundRouter {
  return createOutboundRouter({ messengers, store: app.rapport.stores.outbound, clock: app.rapport.domain.clock, logger, managersChannels });
}

const undeliverable = () => t.prisma.undeliverableMessage.findMany({ orderBy: { id: 'asc' } });

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
beforeEach(() => app.clock.set(NOW));
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

describe('the outbound router', () => {
  it('sends to the messenger of the person’s platform and of the channel’s', async () => {
    const slack = recorder();
    const wecom = recorder();
    const router = routerWith({ slack, wecom });
    const ann = await person('slack', 'U0ANN');
    const zhang = await person('wecom', 'zhangsan');
    expect(await router.send('test', { user: ann }, { visibility: 'private', text: 'to ann', blocks: [] })).toEqual({ ref: 'ref-1', platform: 'slack' });
    expect(await router.send('test', { user: zhang }, { visibility: 'private', text: 'to zhang', blocks: [] })).toEqual({ ref: 'ref-1', platform: 'wecom' });
    await router.send('test', { channel: { platform: 'wecom', channelId: 'group-1' } }, { visibility: 'public', text: 'to the group', blocks: [] });
    await router.update('test', 'wecom', 'ref-2', { visibility: 'public', text: 'updated', blocks: [] });
    expect(slack.sent).toEqual([{ kind: 'direct', to: 'U0ANN', text: 'to ann' }]);
    expect(wecom.sent).toEqual([
      { kind: 'direct', to: 'zhangsan', text: 'to zhang' },
      { kind: 'channel', to: 'group-1', text: 'to the group' },
      { kind: 'update', to: 'ref-2', text: 'updated' },
    ]);
    expect(await undeliverable()).toEqual([]);
  });

  it('records what it cannot deliver: no messenger for the platform, a permanent platform error — not a retryable one', async () => {
    const slack = recorder((s) => (s.to === 'C0GONE' ? new DeliveryError('channel_not_found', false) : s.to === 'C0BUSY' ? new DeliveryError('ratelimited', true, 5000) : null));
    const router = routerWith({ slack });
    const teamsUser = await person('teams', 'T-42');
    const reply: Reply = { visibility: 'private', text: 'x', blocks: [] };
    await expect(router.send('callback.reminder', { user: teamsUser }, reply)).rejects.toMatchObject({ code: 'no_messenger_for_teams', retryable: false });
    await expect(router.send('poll.post', { channel: { platform: 'wecom', channelId: 'group-1' } }, reply)).rejects.toMatchObject({ code: 'no_messenger_for_wecom' });
    await expect(router.send('churn.managers', { channel: { platform: 'slack', channelId: 'C0GONE' } }, reply)).rejects.toMatchObject({ code: 'channel_not_found' });
    await expect(router.send('churn.managers', { channel: { platform: 'slack', channelId: 'C0BUSY' } }, reply)).rejects.toMatchObject({ code: 'ratelimited', retryable: true });
    const rows = await undeliverable();
    expect(rows.map(({ what, platform, recipient, reason }) => ({ what, platform, recipient, reason }))).toEqual([
      { what: 'callback.reminder', platform: 'teams', recipient: `user:${teamsUser.id}`, reason: 'no_messenger_for_teams' },
      { what: 'poll.post', platform: 'wecom', recipient: 'channel:wecom:group-1', reason: 'no_messenger_for_wecom' },
      { what: 'churn.managers', platform: 'slack', recipient: 'channel:slack:C0GONE', reason: 'channel_not_found' },
    ]);
    expect(rows.every((r) => r.at.getTime() === NOW.getTime())).toBe(true);
  });

  it('picks the managers’ channel of the reader’s platform, else another configured one, else none', () => {
    const both = routerWith({ slack: recorder(), wecom: recorder() }, { slack: 'C0MGRS', wecom: 'wc-managers' });
    expect(both.managersChannel('wecom')).toEqual({ platform: 'wecom', channelId: 'wc-managers' });
    expect(both.managersChannel('slack')).toEqual({ platform: 'slack', channelId: 'C0MGRS' });
    // No managers' channel on the sandbox: one that has a messenger.
    const slackOnly = routerWith({ wecom: recorder() }, { slack: 'C0MGRS', wecom: 'wc-managers' });
    expect(slackOnly.managersChannel('sandbox')).toEqual({ platform: 'wecom', channelId: 'wc-managers' });
    expect(routerWith({ slack: recorder() }).managersChannel('slack')).toBeNull();
  });
});

describe('escalations through the router', () => {
  async function overdueCallbackOf(rep: User, name: string) {
    const customer = await t.prisma.customer.create({ data: { name, nameKey: name.toLowerCase(), ownerId: rep.id } });
    const due = new Date(NOW.getTime() - 5 * DAY);
    await t.prisma.callback.create({ data: { customerId: customer.id, assigneeId: rep.id, reason: 'one_off', note: 'call them', dueAt: due, deliverAt: due, occurrenceKey: `test:${customer.id}`, status: 'sent', sentAt: due } });
  }

  it('goes to the managers’ channel of the rep’s platform when the rep has no manager', async () => {
    const slack = recorder();
    const wecom = recorder();
    const outbound = routerWith({ slack, wecom }, { slack: 'C0MGRS', wecom: 'wc-managers' });
    await overdueCallbackOf(await person('slack', 'U0ANN'), 'Acme');
    await overdueCallbackOf(await person('wecom', 'zhangsan'), 'Globex');
    const sweep = createCallbackSweep({ domain: app.rapport.domain, stores: app.rapport.stores, outbound, settings, logger });
    expect((await sweep.run(NOW)).escalated).toBe(2);
    expect(slack.sent.filter((s) => s.kind === 'channel').map((s) => [s.to, s.text.includes('Acme')])).toEqual([['C0MGRS', true]]);
    expect(wecom.sent.filter((s) => s.kind === 'channel').map((s) => [s.to, s.text.includes('Globex')])).toEqual([['wc-managers', true]]);
    expect(await undeliverable()).toEqual([]);
  });

  it('with no managers’ channel anywhere: recorded undeliverable, not silently nowhere', async () => {
    const outbound = routerWith({ slack: recorder() });
    const ann = await person('slack', 'U0ANN');
    await overdueCallbackOf(ann, 'Acme');
    const sweep = createCallbackSweep({ domain: app.rapport.domain, stores: app.rapport.stores, outbound, settings, logger });
    expect((await sweep.run(NOW)).escalated).toBe(1);
    expect((await undeliverable()).map((r) => [r.what, r.recipient, r.reason])).toEqual([['callback.escalation', `managers-of:user:${ann.id}`, 'no_managers_channel']]);
    expect((await sweep.run(new Date(NOW.getTime() + DAY))).escalated).toBe(0);
  });
});

describe('churn warnings, one delivery per destination', () => {
  it('a failed channel post is retried alone: the owner’s DM is not sent again', async () => {
    let channelDown = true;
    const slack = recorder((s) => (s.kind === 'channel' && channelDown ? new DeliveryError('internal_error', true) : null));
    const wecom = recorder();
    const manager = await person('wecom', 'boss', { role: 'manager' });
    const ann = await person('slack', 'U0ANN', { managerId: manager.id });
    const customer = await t.prisma.customer.create({ data: { name: 'Acme', nameKey: 'acme', ownerId: ann.id } });
    await t.prisma.churnAlert.create({ data: { customerId: customer.id, riskScore: 60, signals: JSON.stringify([{ kind: 'overdueCallbacks', weight: 20, detail: { count: 1 } }]), createdAt: NOW } });
    // The manager reads WeCom, which has no managers' channel: the Slack one, down at first.
    const jobs = createValueJobs({ domain: app.rapport.domain, stores: app.rapport.stores, outbound: routerWith({ slack, wecom }, { slack: 'C0MGRS' }), settings, logger });
    expect(await jobs.deliverChurnAlerts(NOW)).toBe(0);
    expect(slack.sent.filter((s) => s.kind === 'direct')).toHaveLength(1);
    expect(await t.prisma.churnAlertDelivery.findMany({ select: { destination: true } })).toEqual([{ destination: 'owner' }]);
    // Within the claim's lease nobody takes it; after it, only the channel goes out.
    expect(await jobs.deliverChurnAlerts(new Date(NOW.getTime() + MINUTE))).toBe(0);
    channelDown = false;
    expect(await jobs.deliverChurnAlerts(new Date(NOW.getTime() + 3 * MINUTE))).toBe(1);
    expect(slack.sent.filter((s) => s.kind === 'direct')).toHaveLength(1);
    // No managers' channel on WeCom: the configured Slack one.
    expect(slack.sent.filter((s) => s.kind === 'channel').map((s) => s.to)).toEqual(['C0MGRS']);
    expect((await t.prisma.churnAlert.findFirstOrThrow()).sentAt).not.toBeNull();
    expect(await jobs.deliverChurnAlerts(new Date(NOW.getTime() + 10 * MINUTE))).toBe(0);
    expect(slack.sent).toHaveLength(2);
  });

  it('an owner on a platform without a messenger: recorded, and the channel still gets it', async () => {
    const slack = recorder();
    const owner = await person('wecom', 'zhangsan');
    const customer = await t.prisma.customer.create({ data: { name: 'Acme', nameKey: 'acme', ownerId: owner.id } });
    await t.prisma.churnAlert.create({ data: { customerId: customer.id, riskScore: 60, signals: '[]', createdAt: NOW } });
    const jobs = createValueJobs({ domain: app.rapport.domain, stores: app.rapport.stores, outbound: routerWith({ slack }, { slack: 'C0MGRS' }), settings, logger });
    expect(await jobs.deliverChurnAlerts(NOW)).toBe(1);
    expect(slack.sent.map((s) => [s.kind, s.to])).toEqual([['channel', 'C0MGRS']]);
    expect((await undeliverable()).map((r) => [r.what, r.recipient, r.reason])).toEqual([['churn.owner', `user:${owner.id}`, 'no_messenger_for_wecom']]);
  });
});

describe('scheduled runs survive a crash', () => {
  it('the nightly recompute claimed by a replica that died is finished by another after the lease, once', async () => {
    const jobs = createValueJobs({ domain: app.rapport.domain, stores: app.rapport.stores, outbound: routerWith({}), settings, logger, jobLeaseMs: 15 * MINUTE });
    const owner = await person('slack', 'U0ANN');
    await t.prisma.customer.create({ data: { name: 'Acme', nameKey: 'acme', ownerId: owner.id } });
    // The dead replica's claim: taken, never finished.
    expect(await app.rapport.stores.value.claimJobRun('recompute:2026-11-24', NOW, new Date(NOW.getTime() + 15 * MINUTE))).toBe(true);
    expect(await jobs.nightly(NOW)).toBeNull();
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 5 * MINUTE))).toEqual([]);
    expect((await t.prisma.customer.findFirstOrThrow()).scoredAt).toBeNull();
    const later = new Date(NOW.getTime() + 16 * MINUTE);
    app.clock.set(later);
    expect(await jobs.resumeUnfinished(later)).toEqual(['recompute:2026-11-24']);
    // Scored as of the night it was claimed for, and recorded done: nobody runs it again.
    expect((await t.prisma.customer.findFirstOrThrow()).scoredAt).toEqual(NOW);
    expect((await t.prisma.jobRun.findUniqueOrThrow({ where: { key: 'recompute:2026-11-24' } })).doneAt).toEqual(later);
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 60 * MINUTE))).toEqual([]);
    expect(await jobs.nightly(new Date(NOW.getTime() + 60 * MINUTE))).toBeNull();
  });

  it('a recompute that outlasts its first lease keeps it by renewing: a live replica’s run is not taken over', async () => {
    const { domain } = app.rapport;
    // The real recompute, after a wait: long enough for the lease to have run out without renewal.
    const slowTiers = Object.create(domain.tiers) as typeof domain.tiers;
    slowTiers.recompute = async (at) => {
      await new Promise((resolve) => setTimeout(resolve, 4000));
      return domain.tiers.recompute(at);
    };
    const jobs = createValueJobs({ domain: { ...domain, tiers: slowTiers }, stores: app.rapport.stores, outbound: routerWith({}), settings, logger, jobLeaseMs: 3000 });
    const running = jobs.nightly(NOW);
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.clock.set(new Date(NOW.getTime() + 2000)); // renewals from here on hold it until now + 3 s
    await new Promise((resolve) => setTimeout(resolve, 2300));
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 3500))).toEqual([]);
    expect(await running).not.toBeNull();
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 60 * MINUTE))).toEqual([]);
  }, 20_000);

  it('the weekly report: a retryable failure is sent by the next sweep after the lease, once; each platform’s channel gets one', async () => {
    let down = true;
    const slack = recorder((s) => (down && s.kind === 'channel' ? new DeliveryError('internal_error', true) : null));
    const wecom = recorder();
    const jobs = createValueJobs({ domain: app.rapport.domain, stores: app.rapport.stores, outbound: routerWith({ slack, wecom }, { slack: 'C0MGRS', wecom: 'wc-managers' }), settings, logger, jobLeaseMs: 15 * MINUTE });
    expect(await jobs.weeklyDigest(NOW)).toBe(true); // WeCom's went out
    expect(await jobs.weeklyDigest(NOW)).toBe(false); // another replica, same week
    expect(wecom.sent.map((s) => [s.kind, s.to])).toEqual([['channel', 'wc-managers'], ['file', 'wc-managers']]);
    expect(slack.sent).toEqual([]);
    down = false;
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 10 * MINUTE))).toEqual([]);
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 20 * MINUTE))).toEqual(['digest:2026-11-24:slack']);
    expect(await jobs.resumeUnfinished(new Date(NOW.getTime() + 40 * MINUTE))).toEqual([]);
    expect(slack.sent.map((s) => [s.kind, s.to])).toEqual([['channel', 'C0MGRS'], ['file', 'C0MGRS']]);
    expect(slack.sent[0]!.text).toContain('Weekly report');
    expect(wecom.sent).toHaveLength(2);
  });

  it('no managers’ channel at all: the weekly report is recorded undeliverable, once per week', async () => {
    const jobs = createValueJobs({ domain: app.rapport.domain, stores: app.rapport.stores, outbound: routerWith({ slack: recorder() }), settings, logger });
    expect(await jobs.weeklyDigest(NOW)).toBe(false);
    expect(await jobs.weeklyDigest(NOW)).toBe(false);
    expect((await undeliverable()).map((r) => [r.what, r.reason])).toEqual([['report.weekly', 'no_managers_channel']]);
  });
});

describe('channels name their platform', () => {
  it('a linked channel records the speaker’s platform, and a poll goes to the platform of the customer’s channel', async () => {
    fakeSlackDirectory();
    const ann = { platform: 'slack', externalId: 'U0ANN00001', workspaceId: TEST_TEAM_ID };
    await app.rapport.bot.command(ann, 'customer add Acme');
    await app.rapport.bot.command(ann, 'customer edit Acme channel=<#C0ACME0001|acme-shared>');
    expect(await t.prisma.customer.findFirstOrThrow({ select: { channelId: true, channelPlatform: true } })).toEqual({ channelId: 'C0ACME0001', channelPlatform: 'slack' });
    // The same customer's group on a platform this app has no messenger for: refused, and recorded.
    await t.prisma.customer.updateMany({ data: { channelId: 'acme-group', channelPlatform: 'wecom' } });
    const outcome = await app.rapport.bot.command(ann, 'poll csat Acme');
    expect(outcome.reply?.text).toContain('no_messenger_for_wecom');
    expect((await undeliverable()).map((r) => [r.what, r.recipient, r.reason])).toEqual([['poll.post', 'channel:wecom:acme-group', 'no_messenger_for_wecom']]);
    expect((await t.prisma.poll.findFirstOrThrow()).platform).toBe('wecom');
    nock.cleanAll();
  });
});

describe('pruning', () => {
  it('deletes de-duplication keys older than a week and keeps the recent ones', async () => {
    await t.prisma.processedDelivery.createMany({
      data: [
        { key: 'event:old', createdAt: new Date(NOW.getTime() - 8 * DAY) },
        { key: 'event:recent', createdAt: new Date(NOW.getTime() - 6 * DAY) },
      ],
    });
    const housekeeping = createHousekeeping({ stores: app.rapport.stores, logger });
    expect(await housekeeping.prune(NOW)).toBe(1);
    expect((await t.prisma.processedDelivery.findMany()).map((r) => r.key)).toEqual(['event:recent']);
    expect(await housekeeping.prune(NOW)).toBe(0);
  });
});
