// Composition root: config → database → domain → chat → platform adapters.
// main.ts calls it with the real environment; tests call it with their own config and clock.
import type { Bot, PlatformDirectory } from './chat/bot-types.js';
import { createBot } from './chat/bot.js';
import type { Config } from './config/env.js';
import { createDomain, type Domain } from './domain/index.js';
import { systemClock, type Clock, type Stores } from './domain/ports.js';
import type { Logger } from './logging.js';
import { createSlackApp, createSlackDirectory, createSlackWebClient, type CreateSlackAppOptions, type SlackAdapter } from './platforms/slack/index.js';
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
}

export interface Rapport {
  database: Database;
  stores: Stores;
  domain: Domain;
  bot: Bot;
  slack: SlackAdapter | null;
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
  const stores = createPrismaStores(database.prisma, { cipher });
  const domain = createDomain({ stores, clock: options.clock ?? systemClock, adminExternalIds: new Set(config.adminUserIds) });

  const directories: Record<string, PlatformDirectory> = {};
  const slackClient = config.slack ? createSlackWebClient(config.slack, logger, options.slack?.webClientOptions) : null;
  if (slackClient) directories.slack = createSlackDirectory(slackClient, logger);

  const bot = createBot({ domain, directories, settings: { defaultLocale: config.defaultLocale, defaultTimezone: config.defaultTimezone, actionSecret: cipher.deriveSecret('action-signing') }, logger });
  const slack = config.slack ? createSlackApp({ config, bot, logger, deliveries: stores.deliveries, ...options.slack }) : null;

  return {
    database,
    stores,
    domain,
    bot,
    slack,
    async start() {
      if (!slack) return { port: null };
      const { port } = await slack.start({ port: config.port, host: config.host });
      return { port };
    },
    async stop() {
      await slack?.stop();
      await database.close();
    },
  };
}
