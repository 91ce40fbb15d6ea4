// Composition root: config → database → domain → chat → platform adapters.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createOrdersRouter } from './api/orders-router.js';
import { createSandboxMessenger, MANAGERS_CHANNEL as SANDBOX_MANAGERS_CHANNEL, SANDBOX_PLATFORM, SandboxClock } from './platforms/sandbox/adapter.js';
import { seedDemo } from './seed/demo.js';
import { createSandboxRouter } from './platforms/sandbox/routes.js';
import { createSandboxDirectory } from './platforms/sandbox/directory.js';
import { createSandboxPeople, createSandboxStore } from './store/sandbox-store.js';
// main.ts calls it with the real environment; tests call it with their own config and clock.
import type { Bot, PlatformDirectory, PlatformMessenger } from './chat/bot-types.js';
import { sharedSendBudget } from './chat/pacing.js';
import { createCallbackSweep, type SweepResult } from './jobs/callback-sweep.js';
import { createPollSweep, type PollSweepResult } from './jobs/poll-sweep.js';
import { createValueJobs } from './jobs/value-jobs.js';
import { createPollMessages, type PollMessages } from './chat/poll-messages.js';
import { tierNamesOf } from './domain/tiering/config.js';
import { runJobsSkipped, startScheduler, type ScheduledJob, type Scheduler } from './jobs/scheduler.js';
import { createBot } from './chat/bot.js';
import type { Config } from './config/env.js';
import type { Domain } from './domain/index.js';
import { createConfiguredDomain } from './configured-domain.js';
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
  /** Seed the demo company into an empty database when the sandbox starts (default true). */
  seedSandbox?: boolean;
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
  /** Nightly recompute, churn warnings, weekly report (the cron runs them; tests call them). */
  valueJobs: ReturnType<typeof createValueJobs>;
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
  // The sandbox has a clock of its own that its page can move forward.
  // (Its messages are stamped with the app's clock, read when each is written.)
  const sandboxStore = config.sandbox.enabled ? createSandboxStore(database.prisma, { now: (): Date => clock.now() }) : null;
  const sandboxClock = sandboxStore && !options.clock ? new SandboxClock() : null;
  if (sandboxClock && sandboxStore) await sandboxClock.attach(sandboxStore);
  const clock: Clock = options.clock ?? sandboxClock ?? systemClock;
  // The stores stamp rows (audit entries) with the app's clock, so the sandbox's trail follows its time.
  const stores = createPrismaStores(database.prisma, { cipher, provider: database.provider, clock });
  const { scheduler: schedule } = config;
  const domain = createConfiguredDomain(config, stores, clock, cipher);
  const currencyAssigned = await domain.tiers.assignDefaultCurrency();
  if (currencyAssigned > 0) logger.info({ orders: currencyAssigned, currency: domain.tiers.currency }, 'orders without a currency given the default');

  // Filled in once each adapter exists: the bot and its adapter need each other.
  const directories: Record<string, PlatformDirectory> = {};

  const settings = { defaultLocale: config.defaultLocale, managersLocale: config.managersLocale, defaultTimezone: config.defaultTimezone, actionSecret: cipher.deriveSecret('action-signing'), tierNames: tierNamesOf(config.tiers), currency: config.defaultCurrency };
  const messengers: Record<string, PlatformMessenger> = {};
  // Slack's ~1 message/s/channel is kept across replicas: the budget of each channel lives in the database.
  if (config.slack) messengers.slack = createSlackMessenger({ slack: config.slack, logger, budget: sharedSendBudget(stores.platformState, 'slack'), ...options.messenger });
  if (sandboxStore) {
    messengers.sandbox = createSandboxMessenger(sandboxStore);
    directories.sandbox = createSandboxDirectory();
  }
  // Without Slack, the sandbox's managers channel receives escalations, churn warnings and reports.
  const managersChannel = schedule.managersChannel ?? (sandboxStore && !config.slack ? SANDBOX_MANAGERS_CHANNEL : undefined);
  const polls = createPollMessages({ domain, messengers, settings, logger, ...(options.pollRefreshDelayMs !== undefined ? { refreshDelayMs: options.pollRefreshDelayMs } : {}) });
  const bot = createBot({ domain, directories, settings, services: { polls }, logger });
  // One HTTP app for every route: Slack's events, the REST API, health.
  const web = express();
  web.use(
    createOrdersRouter({
      keys: config.apiKeys,
      logger,
      ingest: async (orders) => {
        const outcomes = await domain.tiers.ingestOrders(orders, 'api');
        // New orders move tiers now, not at night: rescore the customers they belong to.
        const touched = new Set(outcomes.flatMap((o) => (o.status === 'created' ? [o.customerId] : [])));
        for (const customerId of touched) await domain.tiers.recomputeOne(customerId);
        return outcomes;
      },
    }),
  );
  const slack = config.slack ? createSlackApp({ config, bot, logger, deliveries: stores.deliveries, expressApp: web, ...options.slack }) : null;
  let server: Server | null = null;
  if (slack) directories.slack = slack.directory;

  const pollSweep = createPollSweep({ domain, polls, messengers, settings, logger });
  const valueJobs = createValueJobs({
    domain,
    stores,
    messengers,
    settings,
    logger,
    ...(managersChannel ? { managersChannel, managersPlatform: config.slack ? 'slack' : 'sandbox' } : {}),
  });
  const stopping = new AbortController();
  if (sandboxStore) {
    web.use(
      createSandboxRouter({
        bot,
        store: sandboxStore,
        clock: sandboxClock ?? new SandboxClock(),
        people: createSandboxPeople(database.prisma),
        logger,
        defaults: { locale: config.defaultLocale, timezone: config.defaultTimezone },
        shutdown: stopping.signal,
        // Moving the clock runs what the scheduler would have run in the skipped time.
        tick: (from, to) => runJobsSkipped(jobs, from, to, logger),
      }),
    );
  }
  const sweep = createCallbackSweep({ domain, stores, messengers, settings, logger, ...(managersChannel ? { managersChannel } : {}) });
  /** Every scheduled job, once: the cron scheduler registers them and the sandbox clock runs them. */
  const jobs: ScheduledJob[] = [
    { name: 'callbacks', cron: schedule.cron, run: (now) => sweep.run(now) },
    { name: 'polls', cron: schedule.cron, run: (now) => pollSweep.run(now) },
    { name: 'churn-warnings', cron: schedule.cron, run: (now) => valueJobs.deliverChurnAlerts(now) },
    { name: 'tiers', cron: config.tierCron, run: (now) => valueJobs.nightly(now), atStart: false },
    { name: 'weekly-report', cron: config.reportCron, run: (now) => valueJobs.weeklyDigest(now), atStart: false },
  ];
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
    valueJobs,
    async start() {
      if (options.schedule ?? true) {
        scheduler = startScheduler(jobs, clock, logger);
      }
      if (slack) return { port: (await slack.start({ port: config.port, host: config.host })).port };
      if (sandboxStore && (options.seedSandbox ?? true)) {
        // First start of the sandbox on an empty database: a demo company to try it with.
        const seeded = await seedDemo({ domain, stores, clock, platform: SANDBOX_PLATFORM });
        if (seeded) logger.info({ customers: seeded.customers, orders: seeded.orders, users: seeded.users }, 'sandbox: demo company seeded');
      }
      if (config.apiKeys.length === 0 && !sandboxStore) return { port: null };
      // No chat platform, but the sandbox or API clients: serve them (and health) alone.
      web.get('/healthz', (_req, res) => void res.json({ ok: true }));
      const listening = createServer(web);
      server = listening;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen({ port: config.port, host: config.host }, resolve);
      });
      const port = (listening.address() as AddressInfo).port;
      logger.info({ port, host: config.host }, sandboxStore ? 'sandbox listening' : 'REST API listening');
      return { port };
    },
    async stop() {
      stopping.abort();
      await scheduler?.stop();
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await polls.idle();
      await slack?.stop();
      await database.close();
    },
  };
}
