// The value rules (TIER_CONFIG_FILE), when customers are rescored, and when the weekly report goes out.
import cron from 'node-cron';
import { loadTierConfig, TierConfigError, type TierConfig } from '../domain/tiering/config.js';
import { defineSection, optionalText } from './section.js';

/** Where the tier rules are read from unless TIER_CONFIG_FILE says otherwise (missing = built-in defaults). */
export const DEFAULT_TIER_CONFIG_FILE = 'config/tiers.json';

export interface TiersConfig {
  /** The value rules: RFM bands, tiers, lifecycle, churn warning, report targets (TIER_CONFIG_FILE). */
  tiers: TierConfig;
  /** When tiers are recomputed (nightly) and when the weekly report goes to MANAGERS_CHANNEL. */
  tierCron: string;
  reportCron: string;
}

export const tiersSection = defineSection<TiersConfig | null>({
  name: 'tiers',
  shape: {
    TIER_CONFIG_FILE: optionalText,
    TIER_RECOMPUTE_CRON: optionalText.refine((v) => v === undefined || cron.validate(v), {
      message: 'TIER_RECOMPUTE_CRON must be a cron expression such as "30 2 * * *" (02:30 every night, the default).',
    }),
    REPORT_CRON: optionalText.refine((v) => v === undefined || cron.validate(v), {
      message: 'REPORT_CRON must be a cron expression such as "0 9 * * 1" (Mondays 09:00, the default): when the weekly report goes to MANAGERS_CHANNEL.',
    }),
  },
  /** null when the rules file has problems (they are in `problems`). */
  read(env, problems) {
    const file = env.TIER_CONFIG_FILE ?? DEFAULT_TIER_CONFIG_FILE;
    try {
      const tiers = loadTierConfig(file, { required: env.TIER_CONFIG_FILE !== undefined });
      return { tiers, tierCron: env.TIER_RECOMPUTE_CRON ?? '30 2 * * *', reportCron: env.REPORT_CRON ?? '0 9 * * 1' };
    } catch (error) {
      if (!(error instanceof TierConfigError)) throw error;
      problems.push(...error.problems.map((p) => `TIER_CONFIG_FILE (${file}): ${p}`));
      return null;
    }
  },
});
