// Composition root: config → database → domain → chat → platform adapters.
// main.ts calls it with the real environment; tests call it with their own config and clock.
import type { Bot, PlatformDirectory, PlatformMessenger } from './chat/bot-types.js';
import { createCallbackSweep, type SweepResult } from './jobs/callback-sweep.js';
import { createPollSweep, type PollSweepResult } from './jobs/poll-sweep.js';
import { createPollMessages, type PollMessages } from './chat/poll-messages.js';
import { createRespondentKeyer } from './domain/respondent-key.js';
import { tierNamesOf } from './domain/tiering/config.js';
import { startScheduler, type Scheduler } from './jobs/scheduler.js';
import { createBot } from './chat/bot.js';
import type { Config } from './config/env.js';
import { createDomain, type Domain } from './domain/index.js';
import { systemClock, type Clock, type Stores } from './domain/ports.js';
import type { Logger } from './logging.js';
import { createSlackApp, type CreateSlackAppOptions, type SlackAdapter } from './platforms/slack/index.js';
import { createSlackMessenger, type SlackMessengerOptions } from './platforms/slack/messenger.js';
import { openDatabase, type Database } from './store/database.js';
import { createPrismaStores } from './store/prisma-stores.js';
import { loadFieldCipher } from './store/field-cipher.js';

export interface RapportOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Test hooks for the Slack adapter (short Web API timeouts, known bot ids). */
  slack?: Pick<CreateSlackAppOptions, 'webClientOptions' | 'botIdentity' | 'timing' | 'fetch'>;
  /** Skip migrations (tests open an already migrated copy). */
  migrate?: boolean;
  /** Test hook for the messenger (simulated sleep, no pacing). */
  messenger?: Partial<Pick<SlackMessengerOptions, 'pacingMs' | 'sleep' | 'now' | 'maxAttempts' | 'random'>>;
  /** Start the scheduler's cron ticks (default true; tests drive sweeps themselves). */
  schedule?: boolean;
  /** How long a poll's live count waits to coalesce clicks (default 1 s; tests use 0). */
  pollRefreshDelayMs?: number;
}

export interface Rapport {
  database: Database;
  stores: Stores;
  domain: Domain;
  bot: Bot;
  slack: SlackAdapter | null;
  /** One pass of the callback scheduler (the cron runs it; tests call it with their clock). */
  sweep: { run(now: Date): Promise<SweepResult> };
  /** One pass of the poll scheduler: closing, results, live counts, survey campaigns. */
  pollSweep: { run(now: Date): Promise<PollSweepResult> };
  polls: PollMessages;
  /** Starts the platform adapters; resolves with the HTTP port when one listens. */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

export async function createRapport(options: RapportOptions): Promise<Rapport> {
  const { config, logger } = options;
  // Before the database: a key problem must stop start-up before anything is migrated or written.
  const cipher = loadFieldCipher(config, { logger });
  const database = await openDatabase(config.databaseUrl, {
    migrate: options.migrate ?? true,
    onMigrated: (result) => {
      if (result.applied.length > 0) logger.info({ applied: result.applied }, 'database migrated');
    },
  });
  const stores = createPrismaStores(database.prisma, { cipher, provider: database.provider });
  const clock = options.clock ?? systemClock;
  const { scheduler: schedule } = config;
  const domain = createDomain({
    stores,
    clock,
    adminExternalIds: new Set(config.adminUserIds),
    callbacks: {
      // A tier of the rules may set its own cadence; the others keep CALLBACK_CADENCE_DAYS.
      cadenceDays: { ...schedule.cadenceDays, ...Object.fromEntries(config.tiers.tiers.flatMap((t) => (t.cadenceDays ? [[t.id, t.cadenceDays]] : []))) },
      newCustomerDays: schedule.newCustomerDays,
      escalateAfterDays: schedule.escalateAfterDays,
      digestThreshold: schedule.digestThreshold,
      defaultTimezone: config.defaultTimezone,
    },
    polls: config.polls,
    tiers: config.tiers,
    respondentKey: createRespondentKeyer(cipher.deriveSecret('poll-respondent')),
  });

  // Filled in once each adapter exists: the bot and its adapter need each other.
  const directories: Record<string, PlatformDirectory> = {};

  const settings = { defaultLocale: config.defaultLocale, defaultTimezone: config.defaultTimezone, actionSecret: cipher.deriveSecret('action-signing'), tierNames: tierNamesOf(config.tiers) };
  const messengers: Record<string, PlatformMessenger> = {};
  if (config.slack) messengers.slack = createSlackMessenger({ slack: config.slack, logger, ...options.messenger });
  const polls = createPollMessages({ domain, messengers, settings, logger, ...(options.pollRefreshDelayMs !== undefined ? { refreshDelayMs: options.pollRefreshDelayMs } : {}) });
  const bot = createBot({ domain, directories, settings, services: { polls }, logger });
  const slack = config.slack ? createSlackApp({ config, bot, logger, deliveries: stores.deliveries, ...options.slack }) : null;
  if (slack) directories.slack = slack.directory;

  const pollSweep = createPollSweep({ domain, polls, messengers, settings, logger });
  const sweep = createCallbackSweep({ domain, stores, messengers, settings, logger, ...(schedule.managersChannel ? { managersChannel: schedule.managersChannel } : {}) });
  let scheduler: Scheduler | null = null;

  return {
    database,
    stores,
    domain,
    bot,
    slack,
    sweep,
    pollSweep,
    polls,
    async start() {
      if (options.schedule ?? true) {
        scheduler = startScheduler(
          [
            { name: 'callbacks', cron: schedule.cron, run: (now) => sweep.run(now) },
            { name: 'polls', cron: schedule.cron, run: (now) => pollSweep.run(now) },
          ],
          clock,
          logger,
        );
      }
      if (!slack) return { port: null };
      const { port } = await slack.start({ port: config.port, host: config.host });
      return { port };
    },
    async stop() {
      await scheduler?.stop();
      await polls.idle();
      await slack?.stop();
      await database.close();
    },
  };
}
