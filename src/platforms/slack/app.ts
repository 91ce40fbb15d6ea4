// The Slack adapter: a Bolt App wired to the Bot through one listener per interaction type.
// HTTP mode (no SLACK_APP_TOKEN): mount() adds POST /slack/events (commands, interactivity, options
// and events at one URL, verified by Bolt's signature check) to the app's express server; the app
// listens, never this adapter. Socket Mode (SLACK_APP_TOKEN set): start() opens Bolt's WebSocket
// and mount() adds nothing. Body parsers belong on other routes only, never app-wide: they would
// consume the stream Bolt verifies.
import { App, ExpressReceiver, type ViewSubmitAction } from '@slack/bolt';
import type { WebClient, WebClientOptions } from '@slack/web-api';
import express, { type Application } from 'express';
import type { Bot, PlatformDirectory, Speaker } from '../../chat/bot-types.js';
import type { Config } from '../../config/env.js';
import type { Workspace } from '../../domain/staff.js';
import type { Logger } from '../../logging.js';
import { toBoltLogger } from './bolt-logger.js';
import { CRM_COMMAND, LOG_AS_CONTACT_CALLBACK_ID, SLACK_EVENTS_PATH } from './constants.js';
import type { AppHomeOpenedHook, DeliveryClaims, SlackListenerDeps } from './deps.js';
import { createSlackDirectory } from './directory.js';
import { createHomePublisher } from './home.js';
import { InFlight } from './in-flight.js';
import { handleAppHomeOpened } from './listeners/app-home-opened.js';
import { handleBlockActions } from './listeners/block-actions.js';
import { handleCrmCommand } from './listeners/crm-command.js';
import { handleCustomerOptions } from './listeners/customer-options.js';
import { handleDirectMessage } from './listeners/direct-message.js';
import { handleLogAsContact } from './listeners/log-as-contact.js';
import { handleViewSubmission } from './listeners/view-submission.js';
import { rejectFutureTimestamps } from './request-guards.js';
import type { FetchLike } from './response-url.js';
import { DEFAULT_TIMING, type SlackTiming } from './timing.js';
import { slackWebClientOptions } from './web-client.js';

export interface CreateSlackAppOptions {
  config: Config;
  bot: Bot;
  logger: Logger;
  deliveries: DeliveryClaims;
  /** Overrides for the WebClient (tests: `{ retryConfig: { retries: 0 }, timeout: 2000 }`). */
  webClientOptions?: WebClientOptions;
  /** Known bot ids skip the one auth.test call start() otherwise makes; a known team spares the directory's. */
  botIdentity?: { botId: string; botUserId: string; teamId?: string; enterpriseId?: string };
  timing?: Partial<SlackTiming>;
  /** fetch used for response_url POSTs (default: global fetch). */
  fetch?: FetchLike;
  /** Replaces the default Home tab (bot.home published with views.publish). */
  onAppHomeOpened?: AppHomeOpenedHook;
  /** Quiet time before a user's Home tab is refreshed after they did something (see home.ts). */
  homeRefreshDelayMs?: number;
}

export interface SlackAdapter {
  app: App;
  /** WebClient with the bot token (notifications and jobs outside a request). */
  client: WebClient;
  directory: PlatformDirectory;
  mode: 'http' | 'socket';
  /** Adds Slack's routes to the app's express server (HTTP mode: POST /slack/events; Socket Mode: none). */
  mount(web: Application): void;
  /** Verifies the token (auth.test, unless botIdentity); Socket Mode also connects. Never listens. */
  start(): Promise<void>;
  /** Stops receiving (Socket Mode), then waits (bounded) for listeners still delivering replies. */
  stop(): Promise<void>;
  /** Republishes this person's Home tab after a quiet moment (their work elsewhere changed it). */
  refreshHome(speaker: Speaker): void;
}

export function createSlackApp(options: CreateSlackAppOptions): SlackAdapter {
  const slack = options.config.slack;
  if (!slack) throw new Error('createSlackApp needs Slack settings: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const logger = options.logger.child({ platform: 'slack' });
  const boltLogger = toBoltLogger(logger);
  const mode = slack.socketMode ? 'socket' : 'http';

  // Slack's routes live on a router of their own, which mount() hands to the app's server.
  const routes = express.Router();
  let receiver: ExpressReceiver | undefined;
  if (mode === 'http') {
    // Registered before the receiver's route so it runs first for POST /slack/events.
    routes.post(SLACK_EVENTS_PATH, rejectFutureTimestamps(logger));
    receiver = new ExpressReceiver({
      signingSecret: slack.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      router: routes,
      logger: boltLogger,
      processBeforeResponse: false, // ack() answers the HTTP request at once; work continues after
    });
  }

  const app = new App({
    token: slack.botToken,
    ...(receiver ? { receiver } : { socketMode: true, appToken: slack.appToken }),
    // Bot ids known: no auth.test at all. Otherwise init() (in start) calls it exactly once and
    // caches the ids — never once per request, which would stall every request on a slow API.
    ...(options.botIdentity
      ? { botId: options.botIdentity.botId, botUserId: options.botIdentity.botUserId, tokenVerificationEnabled: false }
      : { tokenVerificationEnabled: true }),
    deferInitialization: true,
    logger: boltLogger,
    clientOptions: slackWebClientOptions(slack, options.webClientOptions),
    convoStore: false, // conversation state is the Bot's business, not Bolt's in-memory store
  });

  app.error(async (error) => {
    // Last line of defence: listeners catch their own errors; never rethrow into Bolt.
    logger.error({ err: error }, 'unhandled error in the Slack app');
  });

  const inFlight = new InFlight();
  const home = createHomePublisher({
    bot: options.bot,
    client: app.client,
    logger,
    ...(options.homeRefreshDelayMs !== undefined ? { refreshDelayMs: options.homeRefreshDelayMs } : {}),
  });
  const deps: SlackListenerDeps = {
    // Outcomes marked refreshHome schedule a republish of that user's Home tab.
    bot: home.refreshing(options.bot),
    logger,
    deliveries: options.deliveries,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onAppHomeOpened: options.onAppHomeOpened ?? ((speaker, context) => home.publish(speaker, context.logger)),
  };
  registerListeners(app, deps, inFlight);

  return {
    app,
    client: app.client,
    directory: createSlackDirectory(app.client, logger, homeOf(options.botIdentity)),
    mode,
    mount(web) {
      if (mode === 'http') web.use(routes);
    },
    refreshHome: (speaker) => home.schedule(speaker),
    async start() {
      await app.init();
      if (mode === 'socket') {
        await app.start();
        logger.info('Slack adapter connected (Socket Mode)');
      } else {
        logger.info({ path: SLACK_EVENTS_PATH }, 'Slack adapter mounted (HTTP mode)');
      }
    },
    async stop() {
      // HTTP mode: the app closes the server; Bolt's receiver never started one of its own.
      if (mode === 'socket') {
        try {
          await app.stop();
        } catch (error) {
          logger.warn({ err: error }, 'stopping the Slack receiver failed');
        }
      }
      await inFlight.drain(deps.timing.shutdownGraceMs);
      await home.stop();
    },
  };
}

function homeOf(identity: CreateSlackAppOptions['botIdentity']): Workspace | undefined {
  if (!identity?.teamId) return undefined;
  return { id: identity.teamId, ...(identity.enterpriseId ? { enterpriseId: identity.enterpriseId } : {}) };
}

function registerListeners(app: App, deps: SlackListenerDeps, inFlight: InFlight): void {
  app.command(CRM_COMMAND, inFlight.wrap(handleCrmCommand(deps)));
  app.action({ type: 'block_actions' }, inFlight.wrap(handleBlockActions(deps)));
  app.view<ViewSubmitAction>({ type: 'view_submission' }, inFlight.wrap(handleViewSubmission(deps)));
  app.options({ type: 'block_suggestion' }, inFlight.wrap(handleCustomerOptions(deps)));
  app.shortcut({ type: 'message_action', callback_id: LOG_AS_CONTACT_CALLBACK_ID }, inFlight.wrap(handleLogAsContact(deps)));
  app.event('message', inFlight.wrap(handleDirectMessage(deps)));
  app.event('app_home_opened', inFlight.wrap(handleAppHomeOpened(deps)));
}
