// Polls: how long they stay open, which scores alert, whose answers count.
import { defineSection, optionalText } from './section.js';

export interface PollConfig {
  /** Days a poll stays open without `closes <date>`. */
  defaultDays: number;
  /** Scores at or below these alert the owner rep (CSAT 1–5, NPS 0–10). */
  lowScore: { csat: number; nps: number };
  /** Whether answers from our own workspace count; by default only external (Slack Connect) members'. */
  allowInternal: boolean;
}

export const pollsSection = defineSection<{ polls: PollConfig }>({
  name: 'polls',
  shape: {
    POLL_DEFAULT_DAYS: optionalText.refine((v) => v === undefined || (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 90), {
      message: 'POLL_DEFAULT_DAYS must be a whole number of days from 1 to 90 (default 7): how long a poll stays open without "closes <date>".',
    }),
    POLL_LOW_CSAT: optionalText.refine((v) => v === undefined || /^[1-5]$/.test(v), {
      message: 'POLL_LOW_CSAT must be a score from 1 to 5 (default 2): a CSAT answer at or below it alerts the owner.',
    }),
    POLL_LOW_NPS: optionalText.refine((v) => v === undefined || /^(10|[0-9])$/.test(v), {
      message: 'POLL_LOW_NPS must be a score from 0 to 10 (default 6): an NPS answer at or below it alerts the owner.',
    }),
    POLL_ALLOW_INTERNAL_ANSWERS: optionalText.refine((v) => v === undefined || /^(true|false|1|0|yes|no)$/i.test(v), {
      message: "POLL_ALLOW_INTERNAL_ANSWERS must be true or false (default false: only answers from the customer's side count).",
    }),
  },
  read(env) {
    return {
      polls: {
        defaultDays: env.POLL_DEFAULT_DAYS !== undefined ? Number(env.POLL_DEFAULT_DAYS) : 7,
        lowScore: { csat: env.POLL_LOW_CSAT !== undefined ? Number(env.POLL_LOW_CSAT) : 2, nps: env.POLL_LOW_NPS !== undefined ? Number(env.POLL_LOW_NPS) : 6 },
        allowInternal: /^(true|1|yes)$/i.test(env.POLL_ALLOW_INTERNAL_ANSWERS ?? ''),
      },
    };
  },
});
