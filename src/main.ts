// `npm start`: read the environment, open (and migrate) the database, serve the platforms.
import { createRapport } from './app.js';
import { loadDotenv } from './config/dotenv.js';
import { ConfigError, loadConfig, type Config } from './config/env.js';
import { createLogger } from './logging.js';
import { describeSource, parseDatabaseUrl } from './store/datasource.js';

const NOTHING_TO_SERVE = `
Rapport's database is ready, but no chat platform is configured, so there is nothing to serve yet.
To connect Slack, create the app from manifest.json (see README.md, "Create the Slack app") and set in .env:
  SLACK_BOT_TOKEN=xoxb-…        (OAuth & Permissions → Bot User OAuth Token)
  SLACK_SIGNING_SECRET=…        (Basic Information → App Credentials → Signing Secret)
  SLACK_APP_TOKEN=xapp-…        (optional: Socket Mode, no public URL needed; scope connections:write)
Then run npm start again.`;

function readConfig(): Config {
  loadDotenv();
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const rapport = await createRapport({ config, logger });
  logger.info({ database: describeSource(parseDatabaseUrl(config.databaseUrl)) }, 'database open');

  if (rapport.platforms.length === 0 && config.apiKeys.length === 0) {
    console.log(NOTHING_TO_SERVE);
    await rapport.stop();
    process.exitCode = 1;
    return;
  }

  const { port, host, announcements } = await rapport.start();
  for (const line of announcements) console.log(`\n${line}\n`);
  if (config.apiKeys.length > 0) logger.info({ port, clients: config.apiKeys.map((k) => k.name) }, `REST API on http://${host}:${port}/api/orders`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    rapport.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('Rapport failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
