// app_home_opened: the Home tab is (re)published each time the user opens it (home.ts: bot.home
// rendered and sent with views.publish). The Messages tab also fires this event; only the Home
// tab is passed on.
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { slackSpeaker } from '../speaker.js';

export type AppHomeOpenedArgs = Pick<SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs, 'event' | 'body' | 'client'>;

export function handleAppHomeOpened(deps: SlackListenerDeps) {
  return async ({ event, body, client }: AppHomeOpenedArgs): Promise<void> => {
    const log = deps.logger.child({ listener: 'app_home_opened', user: event.user });
    if (event.tab !== 'home' || !deps.onAppHomeOpened) {
      log.debug({ tab: event.tab }, 'app home opened; nothing to publish');
      return;
    }
    try {
      await deps.onAppHomeOpened(slackSpeaker(event.user, body.team_id), { client, logger: log });
    } catch (error) {
      log.error({ err: error }, 'app home hook failed');
    }
  };
}
