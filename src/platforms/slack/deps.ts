// What every Slack listener needs, passed in (no module state) so a test can call a listener
// callback with fakes and no App.
import type { WebClient } from '@slack/web-api';
import type { Bot, Speaker } from '../../chat/bot-types.js';
import type { DeliveryStore } from '../../domain/ports.js';
import type { Logger } from '../../logging.js';
import type { FetchLike } from './response-url.js';
import type { SlackTiming } from './timing.js';

/** Exactly-once claim of a delivery key across replicas: the neutral de-duplication port (domain/ports.ts). */
export type DeliveryClaims = Pick<DeliveryStore, 'claim'>;

/** Publishes the Home tab (default: bot.home via views.publish, see home.ts). Called once per app_home_opened event (home tab only). */
export type AppHomeOpenedHook = (speaker: Speaker, context: { client: WebClient; logger: Logger }) => Promise<void>;

export interface SlackListenerDeps {
  bot: Bot;
  logger: Logger;
  deliveries: DeliveryClaims;
  timing: SlackTiming;
  /** Used for response_url POSTs (tests may inject; default global fetch). */
  fetch?: FetchLike;
  onAppHomeOpened?: AppHomeOpenedHook;
}
