// Composition root: config → database → domain → chat → platform adapters → one HTTP server.
// main.ts calls it with the real environment; tests call it with their own config and clock.
import { createOrdersRouter } from './api/orders-router.js';
import type { Bot, PlatformDirectory, PlatformMessenger } from './chat/bot-types.js';
import { activePlatforms, type PlatformAdapter, type PlatformModule } from './chat/platform.js';
import { createCallbackSweep, type SweepResult } from './jobs/callback-sweep.js';
import { createPollSweep, type PollSweepResult } from './jobs/poll-sweep.js';
import { createValueJobs } from './jobs/value-jobs.js';
import { createHousekeeping } from './jobs/housekeeping.js';
import { createOutboundRouter, type OutboundRouter } from './chat/outbound.js';
import { createPollMessages, type PollMessages } from './chat/poll-messages.js';
import { tierNamesOf } from './domain/tiering/config.js';
import { runJobsSkipped, startScheduler, type ReplayableClock, type ScheduledJob, type Scheduler } from './jobs/scheduler.js';
import { createBot } from './chat/bot.js';
import type { Config } from './config/env.js';
import type { Domain } from './domain/index.js';
import { createConfiguredDomain } from './configured-domain.js';
import { systemClock, type Clock, type Stores } from './domain/ports.js';
import { createWebApp, listen, type Listening } from './http/server.js';
import type { Logger } from './logging.js';
import { PLATFORMS } from './platforms/registry.js';
import { openDatabase, type Database } from './store/database.js';
import { createPrismaStores } from './store/prisma-stores.js';
import { loadFieldCipher } from './store/field-cipher.js';

export interface RapportOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** The platforms to choose from (default: src/platforms/registry.ts; tests add one of their own). */
  platforms?: readonly PlatformModule[];
  /** Test hooks per platform name, handed to that module as PlatformDeps.tuning (e.g. slack: SlackTuning). */
  platformOptions?: Record<string, unknown>;
  /** Skip migrations (tests open an already migrated copy). */
  migrate?: boolean;
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
  /** Names of the platforms this deployment runs, in registry order. */
  platforms: string[];
  /** One pass of the callback scheduler (the cron runs it; tests call it with their clock). */
  sweep: { run(now: Date): Promise<SweepResult> };
  /** One pass of the poll scheduler: closing, results, live counts, survey campaigns. */
  pollSweep: { run(now: Date): Promise<PollSweepResult> };
  polls: PollMessages;
  /** Nightly recompute, churn warnings, weekly report (the cron runs them; tests call them). */
  valueJobs: ReturnType<typeof createValueJobs>;
  /** The one way out for what the bot sends on its own (chat/outbound.ts). */
  outbound: OutboundRouter;
  /** Prunes old de-duplication rows (daily; tests call it). */
  housekeeping: ReturnType<typeof createHousekeeping>;
  /** Starts the platform adapters, then the one HTTP server; resolves with its port (null when nothing is served). */
  start(): Promise<{ port: number | null; host?: string; announcements: string[] }>;
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
  const modules = activePlatforms(options.platforms ?? PLATFORMS, config);
  // A platform may bring the app's clock (the sandbox's simulated time); a test's clock wins.
  const clockSource = options.clock ? null : modules.find((m) => m.clock);
  const ownClock = clockSource?.clock ? await clockSource.clock(database, config) : null;
  const clock: Clock = options.clock ?? ownClock ?? systemClock;
  // The stores stamp rows (audit entries) with the app's clock, so the sandbox's trail follows its time.
  const stores = createPrismaStores(database.prisma, { cipher, provider: database.provider, clock });
  const { scheduler: schedule } = config;
  const domain = createConfiguredDomain(config, stores, clock, cipher);
  const currencyAssigned = await domain.tiers.assignDefaultCurrency();
  if (currencyAssigned > 0) logger.info({ orders: currencyAssigned, currency: domain.tiers.currency }, 'orders without a currency given the default');

  // Filled in once each adapter exists: the bot and its adapters need each other.
  const directories: Record<string, PlatformDirectory> = {};
  const messengers: Record<string, PlatformMessenger> = {};

  const settings = { defaultLocale: config.defaultLocale, managersLocale: config.managersLocale, defaultTimezone: config.defaultTimezone, actionSecret: cipher.deriveSecret('action-signing'), tierNames: tierNamesOf(config.tiers), currency: config.defaultCurrency };
  // The managers' channel per platform: MANAGERS_CHANNEL, else (a sandbox alone) the platforms' own.
  // Filled once the adapters exist; the router reads it when it sends.
  const managersChannels: Record<string, string> = { ...(config.managersChannels ?? {}) };
  // The one way out for everything not a reply to a request (chat/outbound.ts).
  const outbound = createOutboundRouter({ messengers, store: stores.outbound, clock, logger, managersChannels });
  const polls = createPollMessages({ domain, outbound, settings, logger, ...(options.pollRefreshDelayMs !== undefined ? { refreshDelayMs: options.pollRefreshDelayMs } : {}) });
  const bot = createBot({ domain, directories, settings, services: { polls, outbound }, logger });
  const stopping = new AbortController();
  /** Every scheduled job, once: the cron scheduler registers them and a simulated clock runs them. */
  const jobs: ScheduledJob[] = [];

  const adapters: Array<{ name: string; adapter: PlatformAdapter }> = [];
  for (const module of modules) {
    const adapter = await module.create({
      config,
      logger,
      database,
      stores,
      domain,
      bot,
      clock,
      ownClock: module === clockSource ? ownClock : null,
      // While skipped time is replayed, a simulated clock reads each job's time (what it stamps is then).
      runJobsSkipped: (from, to) => runJobsSkipped(jobs, from, to, logger, ownClock && isReplayable(ownClock) ? ownClock : undefined),
      shutdown: stopping.signal,
      otherPlatforms: modules.filter((m) => m !== module).map((m) => m.name),
      seedDemo: options.seedSandbox ?? true,
      tuning: options.platformOptions?.[module.name],
    });
    if (adapter.messenger) messengers[module.name] = adapter.messenger;
    if (adapter.directory) directories[module.name] = adapter.directory;
    adapters.push({ name: module.name, adapter });
  }
  if (Object.keys(managersChannels).length === 0 && modules.every((m) => m.loopbackOnly)) {
    for (const { name, adapter } of adapters) if (adapter.defaultManagersChannel) managersChannels[name] = adapter.defaultManagersChannel;
  }

  // One HTTP app for every route: health, the REST API, each platform's routes.
  const web = createWebApp();
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
  for (const { adapter } of adapters) adapter.mount(web);
  // Nothing public on: the server stays on this machine unless HOST says otherwise.
  const host = config.hostGiven || modules.every((m) => m.loopbackOnly) ? config.host : '0.0.0.0';
  let server: Listening | null = null;

  const pollSweep = createPollSweep({ domain, polls, outbound, settings, logger });
  const valueJobs = createValueJobs({
    domain,
    stores,
    outbound,
    settings,
    logger,
  });
  const housekeeping = createHousekeeping({ stores, logger });
  const sweep = createCallbackSweep({ domain, stores, outbound, settings, logger });
  jobs.push(
    { name: 'callbacks', cron: schedule.cron, run: (now) => sweep.run(now) },
    { name: 'polls', cron: schedule.cron, run: (now) => pollSweep.run(now) },
    { name: 'churn-warnings', cron: schedule.cron, run: (now) => valueJobs.deliverChurnAlerts(now) },
    { name: 'tiers', cron: config.tierCron, run: (now) => valueJobs.nightly(now), atStart: false },
    { name: 'weekly-report', cron: config.reportCron, run: (now) => valueJobs.weeklyDigest(now), atStart: false },
    // A nightly recompute or weekly report whose replica died is finished by whoever sweeps next.
    { name: 'unfinished-runs', cron: schedule.cron, run: (now) => valueJobs.resumeUnfinished(now) },
    { name: 'housekeeping', cron: '17 3 * * *', run: (now) => housekeeping.prune(now), atStart: false },
  );
  let scheduler: Scheduler | null = null;

  return {
    database,
    stores,
    domain,
    bot,
    platforms: adapters.map((a) => a.name),
    sweep,
    pollSweep,
    polls,
    valueJobs,
    outbound,
    housekeeping,
    async start() {
      if (options.schedule ?? true) {
        scheduler = startScheduler(jobs, clock, logger);
      }
      // Each adapter is ready (token checked, demo seeded) before the first request can arrive.
      for (const { adapter } of adapters) await adapter.start?.();
      if (adapters.length === 0 && config.apiKeys.length === 0) return { port: null, announcements: [] };
      server = await listen(web, { port: config.port, host });
      logger.info({ port: server.port, host, platforms: adapters.map((a) => a.name), api: config.apiKeys.length > 0 }, 'HTTP server listening');
      const at = { host, port: server.port };
      const announcements = adapters.flatMap(({ adapter }) => (adapter.announce ? [adapter.announce(at)] : []));
      return { ...at, announcements };
    },
    async stop() {
      stopping.abort();
      await scheduler?.stop();
      // No new request first; then each adapter finishes what it is delivering.
      await server?.close();
      await polls.idle();
      for (const { adapter } of adapters) await adapter.stop?.();
      await database.close();
    },
  };
}

function isReplayable(clock: Clock): clock is Clock & ReplayableClock {
  return typeof (clock as Partial<ReplayableClock>).replayAt === 'function';
}
