// The scheduled work of customer value: the nightly recompute (once per night across replicas),
// delivery of churn warnings (an outbox: claimed, sent, marked), and the weekly report to the
// managers' channel (once per week across replicas).
import { directAddressOf } from '../chat/direct-address.js';
import type { Logger } from 'pino';
import { deliveryFailure, type PlatformMessenger } from '../chat/bot-types.js';
import { managersView, viewContextFor, type ChatSettings } from '../chat/context.js';
import { reportChartFile, reportReply } from '../chat/views/report.js';
import { churnAlertReply } from '../chat/views/tiers.js';
import type { Domain } from '../domain/index.js';
import type { ChurnSignalKind } from '../domain/tiering/lifecycle.js';
import type { Stores } from '../domain/ports.js';
import { localDateKey } from '../domain/time.js';

export interface ValueJobsOptions {
  domain: Domain;
  stores: Stores;
  messengers: Readonly<Record<string, PlatformMessenger>>;
  settings: Pick<ChatSettings, 'defaultLocale' | 'managersLocale' | 'defaultTimezone' | 'tierNames'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Where churn warnings and the weekly report go (a channel on `managersPlatform`). */
  managersChannel?: string;
  managersPlatform?: string;
  leaseMs?: number;
}

type Signals = Array<{ kind: ChurnSignalKind; detail: Record<string, number> }>;

export function createValueJobs(options: ValueJobsOptions) {
  const { domain, stores, messengers, logger } = options;
  const leaseMs = options.leaseMs ?? 2 * 60 * 1000;
  const managersPlatform = options.managersPlatform ?? 'slack';

  /** Sends the pending churn warnings; a failed one is retried when its claim runs out. */
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
      try {
        const ownerAddress = owner && directAddressOf(owner);
        const ownerMessenger = ownerAddress && messengers[ownerAddress.platform];
        if (owner && ownerAddress && ownerMessenger) await ownerMessenger.sendDirect(ownerAddress.externalId, churnAlertReply(viewContextFor(owner, options.settings), customer, owner, payload));
        const channelMessenger = messengers[managersPlatform];
        if (options.managersChannel && channelMessenger) {
          await channelMessenger.sendToChannel(options.managersChannel, { ...churnAlertReply(managersView(options.settings), customer, owner, payload), visibility: 'public' });
        }
        await stores.value.markChurnAlertSent(alert.id, now);
        sent++;
      } catch (error) {
        logger.warn({ alertId: alert.id, customerId: alert.customerId, ...deliveryFailure(error), attempts: alert.attempts }, 'churn warning not delivered yet');
      }
    }
    return sent;
  }

  return {
    deliverChurnAlerts,

    /** The nightly recompute: the first replica to claim tonight's key runs it. */
    async nightly(now: Date) {
      const key = `recompute:${localDateKey(now, options.settings.defaultTimezone)}`;
      if (!(await stores.value.claimJobRun(key, now))) return null;
      const result = await domain.tiers.recompute(now);
      await stores.value.finishJobRun(key, domain.clock.now());
      logger.info({ ...result }, 'tiers recomputed');
      await deliverChurnAlerts(now);
      return result;
    },

    /** The weekly report of everyone's figures to the managers' channel, once per week. */
    async weeklyDigest(now: Date): Promise<boolean> {
      const messenger = messengers[managersPlatform];
      if (!options.managersChannel || !messenger) return false;
      if (!(await stores.value.claimJobRun(`digest:${localDateKey(now, options.settings.defaultTimezone)}`, now))) return false;
      const view = managersView(options.settings);
      const report = await domain.reports.reportFor({ scope: {}, label: 'all', narrowed: false }, 'week', now, options.settings.defaultTimezone);
      try {
        const { ref } = await messenger.sendToChannel(options.managersChannel, reportReply(view, report, 'public'));
        await messenger.sendFile(options.managersChannel, reportChartFile(view, report), { threadRef: ref });
      } catch (error) {
        logger.warn({ ...deliveryFailure(error) }, 'weekly report not delivered');
        return false;
      }
      return true;
    },
  };
}
