// Slack as a platform module: on when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set.
import type { PlatformModule } from '../../chat/platform.js';
import { sharedSendBudget } from '../../chat/pacing.js';
import { createSlackApp, type CreateSlackAppOptions } from './app.js';
import { createSlackMessenger, type SlackMessengerOptions } from './messenger.js';

/** Test hooks (RapportOptions.platformOptions.slack): short Web API timeouts, known bot ids, no pacing. */
export interface SlackTuning extends Pick<CreateSlackAppOptions, 'webClientOptions' | 'botIdentity' | 'timing' | 'fetch'> {
  messenger?: Partial<Pick<SlackMessengerOptions, 'pacingMs' | 'sleep' | 'now' | 'maxAttempts' | 'random'>>;
}

export const slackPlatform: PlatformModule = {
  name: 'slack',
  configured: (config) => config.slack !== null,
  create({ config, logger, bot, stores, tuning }) {
    const slack = config.slack;
    if (!slack) throw new Error('the Slack platform needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    const { messenger: messengerTuning, ...appTuning } = (tuning ?? {}) as SlackTuning;
    const adapter = createSlackApp({ config, bot, logger, deliveries: stores.deliveries, ...appTuning });
    return {
      // Slack's ~1 message/s/channel is kept across replicas: the budget of each channel lives in the database.
      messenger: {
        ...createSlackMessenger({ slack, logger, budget: sharedSendBudget(stores.platformState, 'slack'), ...messengerTuning }),
        // The App Home, when the person did something on another platform (through the outbound router).
        refreshHome: (account) => adapter.refreshHome({ platform: 'slack', externalId: account.externalId, ...(account.workspaceId ? { workspaceId: account.workspaceId } : {}) }),
      },
      directory: adapter.directory,
      mount: (web) => adapter.mount(web),
      start: () => adapter.start(),
      stop: () => adapter.stop(),
      announce: ({ host, port }) => (slack.socketMode ? 'Rapport is connected to Slack over Socket Mode.' : `Rapport serves Slack on http://${host}:${port}/slack/events`),
    };
  },
};
