// Bolt's signature check rejects timestamps more than 5 minutes OLD but accepts any future one,
// and a signed request with a future timestamp stays replayable until that moment has passed.
// So timestamps more than 5 minutes ahead are refused here, before Bolt. This reads headers only
// and never touches the body stream (no body parser may run before Bolt's verifier: bolt-js #987).
import type { RequestHandler } from 'express';
import type { Logger } from '../../logging.js';

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export function rejectFutureTimestamps(logger: Logger, now: () => number = Date.now): RequestHandler {
  return (req, res, next) => {
    const header = req.headers['x-slack-request-timestamp'];
    const value = Array.isArray(header) ? header[0] : header;
    const timestamp = Number(value);
    if (value !== undefined && Number.isFinite(timestamp) && timestamp > now() / 1000 + MAX_CLOCK_SKEW_SECONDS) {
      logger.warn({ skewSeconds: Math.round(timestamp - now() / 1000) }, 'Slack request rejected: timestamp in the future');
      res.status(401).send();
      return;
    }
    next();
  };
}
