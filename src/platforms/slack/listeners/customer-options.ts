// Options for an external_select (the `customer` input) as the user types.
// The answer IS the ack, so the Bot gets timing.ackBudgetMs; a slower search answers with no
// options (the user types one more letter and Slack asks again) rather than an error.
import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { SlackListenerDeps } from '../deps.js';
import { LIMITS } from '../limits.js';
import { renderOptions } from '../render-message.js';
import { slackSpeaker } from '../speaker.js';
import { raceDeadline } from '../timing.js';

export type CustomerOptionsArgs = Pick<SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs, 'body' | 'ack'>;

export function handleCustomerOptions(deps: SlackListenerDeps) {
  return async ({ body, ack }: CustomerOptionsArgs): Promise<void> => {
    const receivedAt = Date.now();
    const log = deps.logger.child({ listener: 'options', user: body.user.id });
    let acked = false;
    try {
      const speaker = slackSpeaker(body.user, body.user.team_id ?? body.team?.id);
      const search = deps.bot.searchCustomers(speaker, body.value ?? '');
      const race = await raceDeadline(search, Math.max(deps.timing.ackBudgetMs - (Date.now() - receivedAt), 0));
      if (!race.settled) {
        log.warn({ budgetMs: deps.timing.ackBudgetMs }, 'customer search too slow; answering with no options');
        race.later.catch((error: unknown) => log.error({ err: error }, 'late customer search failed'));
      }
      const options = race.settled ? renderOptions(race.value, LIMITS.optionsResponse) : [];
      acked = true;
      await ack({ options });
    } catch (error) {
      log.error({ err: error }, 'customer search failed');
      if (!acked) await ack({ options: [] }).catch((ackError: unknown) => log.warn({ err: ackError }, 'ack failed'));
    }
  };
}
