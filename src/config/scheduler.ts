// The callback scheduler: how often it sweeps, the cadence per tier, escalation and digests.
import cron from 'node-cron';
import { MANAGERS_CHANNEL_PROBLEM, parseManagersChannels } from './managers-channel.js';
import { defineSection, optionalText, splitList } from './section.js';

export interface SchedulerConfig {
  /** node-cron expression of the callback sweep (default every minute). */
  cron: string;
  cadenceDays: { core: number; potential: number; general: number };
  newCustomerDays: number;
  escalateAfterDays: number;
  digestThreshold: number;
  /** MANAGERS_CHANNEL as written (see Config.managersChannels for it read per platform). */
  managersChannel?: string;
}

const CADENCE_PATTERN = /^\s*(core|potential|general|new)\s*=\s*\d{1,4}\s*$/;

function parseCadence(text: string): Record<string, number> {
  return Object.fromEntries(splitList(text).map((pair) => pair.split('=').map((p) => p.trim())).map(([k, v]) => [k, Number(v)]));
}

export const schedulerSection = defineSection<{ scheduler: SchedulerConfig; managersChannels?: Record<string, string> }>({
  name: 'scheduler',
  shape: {
    SCHEDULER_CRON: optionalText.refine((v) => v === undefined || cron.validate(v), {
      message: 'SCHEDULER_CRON must be a cron expression such as "* * * * *" (every minute, the default).',
    }),
    CALLBACK_CADENCE_DAYS: optionalText.refine((v) => v === undefined || (splitList(v).every((p) => CADENCE_PATTERN.test(p)) && Object.values(parseCadence(v)).every((d) => d >= 1)), {
      message: 'CALLBACK_CADENCE_DAYS must look like "core=14,potential=30,general=90,new=7" (whole days ≥ 1; any subset).',
    }),
    CALLBACK_ESCALATE_AFTER_DAYS: optionalText.refine((v) => v === undefined || /^\d{1,3}$/.test(v), {
      message: 'CALLBACK_ESCALATE_AFTER_DAYS must be a whole number of days (default 3).',
    }),
    REMINDER_DIGEST_THRESHOLD: optionalText.refine((v) => v === undefined || (/^\d{1,3}$/.test(v) && Number(v) >= 1), {
      message: 'REMINDER_DIGEST_THRESHOLD must be a whole number ≥ 1 (default 5): more reminders at once than this become one digest.',
    }),
    MANAGERS_CHANNEL: optionalText.refine((v) => v === undefined || parseManagersChannels(v) !== null, { message: MANAGERS_CHANNEL_PROBLEM }),
  },
  read(env) {
    const cadence = parseCadence(env.CALLBACK_CADENCE_DAYS ?? '');
    return {
      scheduler: {
        cron: env.SCHEDULER_CRON ?? '* * * * *',
        cadenceDays: { core: cadence.core ?? 14, potential: cadence.potential ?? 30, general: cadence.general ?? 90 },
        newCustomerDays: cadence.new ?? 7,
        escalateAfterDays: env.CALLBACK_ESCALATE_AFTER_DAYS !== undefined ? Number(env.CALLBACK_ESCALATE_AFTER_DAYS) : 3,
        digestThreshold: env.REMINDER_DIGEST_THRESHOLD !== undefined ? Number(env.REMINDER_DIGEST_THRESHOLD) : 5,
        ...(env.MANAGERS_CHANNEL !== undefined ? { managersChannel: env.MANAGERS_CHANNEL } : {}),
      },
      // The managers' channel per platform: escalations, churn warnings, the weekly report.
      ...(env.MANAGERS_CHANNEL !== undefined ? { managersChannels: parseManagersChannels(env.MANAGERS_CHANNEL)! } : {}),
    };
  },
});
