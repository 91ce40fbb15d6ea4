// The scheduled work of customer value: the nightly recompute and the weekly report (each claimed
// with a lease in JobRun: done once across replicas, and finished by another replica when the one
// that claimed it died), and delivery of churn warnings (an outbox: claimed, sent to each
// destination once, marked).
import type { Logger } from 'pino';
import { deliveryFailure, type PlatformMessenger } from '../chat/bot-types.js';
import { managersView, viewContextFor, type ChatSettings } from '../chat/context.js';
import { addressOf, createOutboundRouter, isUndeliverable, type ChannelAddress, type OutboundRouter } from '../chat/outbound.js';
import type { Reply } from '../chat/reply.js';
import { reportChartFile, reportReply } from '../chat/views/report.js';
import { churnAlertReply } from '../chat/views/tiers.js';
import type { Domain } from '../domain/index.js';
import type { ChurnSignalKind } from '../domain/tiering/lifecycle.js';
import type { ChurnAlertRow, Stores } from '../domain/ports.js';
import { localDateKey } from '../domain/time.js';
import type { User } from '../domain/types.js';

export interface ValueJobsOptions {
  domain: Domain;
  stores: Stores;
  /** The one way out (chat/outbound.ts); without it, one over `messengers` and `managersChannels`. */
  outbound?: OutboundRouter;
  messengers?: Readonly<Record<string, PlatformMessenger>>;
  managersChannels?: Readonly<Record<string, string>>;
  settings: Pick<ChatSettings, 'defaultLocale' | 'managersLocale' | 'defaultTimezone' | 'tierNames'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a churn warning's claim holds. */
  leaseMs?: number;
  /** How long a claimed nightly recompute or weekly report holds before another replica takes it over. */
  jobLeaseMs?: number;
}

type Signals = Array<{ kind: ChurnSignalKind; detail: Record<string, number> }>;

const RECOMPUTE = 'recompute:';
const DIGEST = 'digest:';
const DIGEST_KEY = /^digest:\d{4}-\d{2}-\d{2}:[a-z][a-z0-9_-]*$/;

export function createValueJobs(options: ValueJobsOptions) {
  const { domain, stores, logger } = options;
  const outbound = options.outbound ?? createOutboundRouter({ messengers: options.messengers ?? {}, store: stores.outbound, clock: domain.clock, logger, managersChannels: options.managersChannels ?? {} });
  const leaseMs = options.leaseMs ?? 2 * 60 * 1000;
  const jobLeaseMs = options.jobLeaseMs ?? 15 * 60 * 1000;
  const claimRun = (key: string, now: Date) => stores.value.claimJobRun(key, now, new Date(now.getTime() + jobLeaseMs));

  /**
   * One destination of a churn warning: true when it is done with (sent, or recorded undeliverable),
   * false when a retryable failure leaves it for the next claim. A done destination gets its row,
   * so a retry after a partial failure does not send it again.
   */
  async function deliverOnce(alert: ChurnAlertRow, destination: 'owner' | 'managers', send: () => Promise<unknown>, now: Date): Promise<boolean> {
    try {
      await send();
    } catch (error) {
      if (!isUndeliverable(error)) {
        logger.warn({ alertId: alert.id, customerId: alert.customerId, destination, ...deliveryFailure(error), attempts: alert.attempts }, 'churn warning not delivered yet');
        return false;
      }
    }
    await stores.value.recordChurnAlertDelivery(alert.id, destination, now);
    return true;
  }

  /** The managers' channel of the platform the owner's manager (else the owner) uses. */
  async function managersChannelFor(owner: User | null): Promise<ChannelAddress | null> {
    const manager = owner?.managerId ? await stores.users.findById(owner.managerId) : null;
    const reader = manager ?? owner;
    return outbound.managersChannel(reader ? addressOf(reader)?.platform : undefined);
  }

  /** Sends the pending churn warnings; a failed destination is retried when the claim runs out. */
  async function deliverChurnAlerts(now: Date): Promise<number> {
    let sent = 0;
    for (const alert of await stores.value.claimChurnAlerts(now, new Date(now.getTime() + leaseMs), 50)) {
      const customer = await stores.customers.findById(alert.customerId);
      const owner = customer && (await stores.users.findById(customer.ownerId));
      if (!customer) {
        await stores.value.markChurnAlertSent(alert.id, now);
        continue;
      }
      const payload = { riskScore: alert.riskScore, signals: alert.signals as Signals };
      const done = new Set(await stores.value.churnAlertDeliveries(alert.id));
      let complete = true;
      if (!done.has('owner')) {
        const toOwner = owner
          ? () => outbound.send('churn.owner', { user: owner }, churnAlertReply(viewContextFor(owner, options.settings), customer, owner, payload))
          : () => outbound.recordUndeliverable('churn.owner', { nowhere: `owner-of:customer:${customer.id}` }, 'no_owner');
        complete = (await deliverOnce(alert, 'owner', toOwner, now)) && complete;
      }
      if (!done.has('managers')) {
        const channel = await managersChannelFor(owner);
        const reply: Reply = { ...churnAlertReply(managersView(options.settings), customer, owner, payload), visibility: 'public' };
        const toManagers = channel
          ? () => outbound.send('churn.managers', { channel }, reply)
          : () => outbound.recordUndeliverable('churn.managers', { nowhere: 'managers-channel' }, 'no_managers_channel');
        complete = (await deliverOnce(alert, 'managers', toManagers, now)) && complete;
      }
      if (!complete) continue;
      await stores.value.markChurnAlertSent(alert.id, now);
      sent++;
    }
    return sent;
  }

  /** Renews `key`'s lease while `work` runs: only a replica that stopped lets it run out. */
  async function holding<T>(key: string, work: () => Promise<T>): Promise<T> {
    const renew = setInterval(() => {
      stores.value.renewJobRun(key, new Date(domain.clock.now().getTime() + jobLeaseMs)).catch((error: unknown) => logger.warn({ err: error, key }, 'lease not renewed'));
    }, Math.max(1000, jobLeaseMs / 3));
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
    }
  }

  /** The nightly recompute of `key`, claimed by the caller; `at` is the night it is for. */
  async function recompute(key: string, at: Date) {
    const result = await holding(key, () => domain.tiers.recompute(at));
    await stores.value.finishJobRun(key, domain.clock.now());
    logger.info({ ...result }, 'tiers recomputed');
    return result;
  }

  /** The weekly report of `key` to one managers' channel, claimed by the caller; false when it must be tried again. */
  async function report(key: string, channel: ChannelAddress | null, at: Date): Promise<boolean> {
    if (!channel) {
      await outbound.recordUndeliverable('report.weekly', { nowhere: 'managers-channel' }, 'no_managers_channel');
      await stores.value.finishJobRun(key, domain.clock.now());
      return false;
    }
    const view = managersView(options.settings);
    const figures = await domain.reports.reportFor({ scope: {}, label: 'all', narrowed: false }, 'week', at, options.settings.defaultTimezone);
    try {
      const { ref } = await outbound.send('report.weekly', { channel }, reportReply(view, figures, 'public'));
      await outbound.sendFile('report.weekly.chart', channel, reportChartFile(view, figures), { threadRef: ref }).catch((error: unknown) => {
        // The report's text went out; its chart is not worth sending the text twice.
        logger.warn({ platform: channel.platform, ...deliveryFailure(error) }, 'weekly report chart not delivered');
      });
    } catch (error) {
      if (!isUndeliverable(error)) {
        // Unfinished: once the lease runs out, resumeUnfinished (here or on another replica) sends it.
        logger.warn({ platform: channel.platform, ...deliveryFailure(error) }, 'weekly report not delivered yet');
        return false;
      }
      await stores.value.finishJobRun(key, domain.clock.now());
      return false;
    }
    await stores.value.finishJobRun(key, domain.clock.now());
    return true;
  }

  const digestKey = (now: Date, platform: string) => `${DIGEST}${localDateKey(now, options.settings.defaultTimezone)}:${platform}`;

  return {
    deliverChurnAlerts,

    /** The nightly recompute: the first replica to claim tonight's key runs it. */
    async nightly(now: Date) {
      const key = `${RECOMPUTE}${localDateKey(now, options.settings.defaultTimezone)}`;
      if (!(await claimRun(key, now))) return null;
      const result = await recompute(key, now);
      await deliverChurnAlerts(now);
      return result;
    },

    /** The weekly report of everyone's figures to each managers' channel, once per week each. */
    async weeklyDigest(now: Date): Promise<boolean> {
      const channels = outbound.managersChannels();
      if (channels.length === 0) {
        const key = digestKey(now, 'none');
        return (await claimRun(key, now)) && (await report(key, null, now));
      }
      let sent = false;
      for (const channel of channels) {
        const key = digestKey(now, channel.platform);
        if (await claimRun(key, now)) sent = (await report(key, channel, now)) || sent;
      }
      return sent;
    },

    /**
     * Finishes the runs whose claimant died (claimed, never finished, lease over), as of the time
     * they were claimed for; run by every replica's sweep, the claim decides who does it.
     */
    async resumeUnfinished(now: Date): Promise<string[]> {
      const resumed: string[] = [];
      for (const run of await stores.value.unfinishedJobRuns(now)) {
        // (Digest keys before leases had no platform and were never finished: not resumed.)
        if (!(run.key.startsWith(RECOMPUTE) || DIGEST_KEY.test(run.key))) continue;
        if (!(await claimRun(run.key, now))) continue;
        logger.warn({ key: run.key, claimedAt: run.startedAt }, 'taking over an unfinished scheduled run');
        if (run.key.startsWith(RECOMPUTE)) await recompute(run.key, run.startedAt);
        else {
          const platform = run.key.slice(run.key.lastIndexOf(':') + 1);
          await report(run.key, platform === 'none' ? null : (outbound.managersChannels().find((c) => c.platform === platform) ?? null), run.startedAt);
        }
        resumed.push(run.key);
      }
      return resumed;
    },
  };
}
