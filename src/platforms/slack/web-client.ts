// WebClient settings used by the Bolt app and by any client created outside it (jobs, the
// directory before the Bot exists). The library defaults — no timeout, ~30 minutes of retries —
// would let one unreachable API call hang a request (or a test) for half an hour.
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../../config/env.js';
import type { Logger } from '../../logging.js';
import { toBoltLogger } from './bolt-logger.js';

export const DEFAULT_WEB_CLIENT_OPTIONS: WebClientOptions = {
  timeout: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 1000, maxTimeout: 5000 },
  // Never send the bot token to an absolute URL passed as a method name.
  allowAbsoluteUrls: false,
};

export function slackWebClientOptions(slack: Pick<SlackConfig, 'apiUrl'>, overrides: WebClientOptions = {}): WebClientOptions {
  return { ...DEFAULT_WEB_CLIENT_OPTIONS, slackApiUrl: slack.apiUrl, ...overrides };
}

/** A bot-token client with the same settings as the app's (for use outside Slack requests). */
export function createSlackWebClient(slack: Pick<SlackConfig, 'apiUrl' | 'botToken'>, logger?: Logger, overrides: WebClientOptions = {}): WebClient {
  return new WebClient(slack.botToken, {
    ...slackWebClientOptions(slack, overrides),
    ...(logger ? { logger: toBoltLogger(logger) } : {}),
  });
}
