// Every listener acknowledges first and answers afterwards. A failed ack (the request timed out
// on Slack's side) is logged and the answer is still delivered through response_url or a DM.
import type { Logger } from '../../../logging.js';

export async function ackFirst(ack: () => Promise<void>, log: Pick<Logger, 'warn'>): Promise<void> {
  try {
    await ack();
  } catch (error) {
    log.warn({ err: error }, 'ack failed (request probably timed out); answering anyway');
  }
}
