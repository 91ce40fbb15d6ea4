// Old rows that only ever served de-duplication: an inbound delivery key (Slack event_id, a
// refused-action notice of a day) is useless once no retry can carry it, so a daily job deletes them.
import type { Logger } from 'pino';
import type { Stores } from '../domain/ports.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface HousekeepingOptions {
  stores: Pick<Stores, 'deliveries'>;
  logger: Pick<Logger, 'info'>;
  /** How long a delivery key is kept; platforms retry for minutes (Slack) to hours, never a week. */
  keepDeliveryKeysDays?: number;
}

export function createHousekeeping(options: HousekeepingOptions) {
  const keepMs = (options.keepDeliveryKeysDays ?? 7) * DAY_MS;
  return {
    /** Prunes; returns how many delivery keys went. Idempotent, so every replica may run it. */
    async prune(now: Date): Promise<number> {
      const pruned = await options.stores.deliveries.prune(new Date(now.getTime() - keepMs));
      if (pruned > 0) options.logger.info({ pruned }, 'old delivery keys pruned');
      return pruned;
    },
  };
}
