// PlatformMessenger for Slack: what the scheduler uses to push callback reminders (回访),
// escalations and digests outside any request.
//
// - sendDirect: chat.postMessage with the user id as channel (posts in the user's DM with the app);
//   Slack answers with the DM channel id (D…), which goes into the ref so update() can find it.
// - sendToChannel: chat.postMessage to the channel id. update: chat.update.
// - ref = `${channel}:${ts}`.
// - Retries live here, not in the WebClient (its own retries are 0 and rate-limited calls reject, so
//   one 429 does not pause the client's whole queue): a 429 waits for Retry-After; a 5xx, a network
//   error or a timeout is retried with exponential backoff (1 s, 2 s, … plus up to 25 % jitter); after
//   `maxAttempts` calls — or when Slack asks for a wait longer than `maxRetryAfterMs` — a retryable
//   DeliveryError goes back to the scheduler, which keeps the message pending. Permanent errors
//   (channel_not_found, not_in_channel, invalid_auth, …) throw a non-retryable DeliveryError at once.
// - Pacing: at most one chat.postMessage per channel per `pacingMs` (Slack allows ~1/s/channel);
//   sends to one channel queue in call order, other channels are not delayed. With `budget` (the
//   database's, chat/pacing.ts) the interval and any Retry-After hold across replicas. chat.update (Tier 3,
//   a per-workspace limit) calls go one at a time, and a 429 on one holds the others.
// - A send that timed out may still have reached Slack: its retry can post the message twice. Slack
//   has no idempotency key for chat.postMessage; a duplicate reminder beats a lost one.
// - Logs carry method, channel, attempt, error code and wait — never the message text or blocks.
//   The WebClient built here drops its debug lines, which include request bodies.
import { ErrorCode, type WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger as BoltLogger } from '@slack/bolt';
import { DeliveryError, type PlatformMessenger } from '../../chat/bot-types.js';
import type { Reply } from '../../chat/reply.js';
import type { SlackConfig } from '../../config/env.js';
import type { Logger } from '../../logging.js';
import { toBoltLogger } from './bolt-logger.js';
import { createKeyedPacer, realClock, type PacedSlot, type SendBudget } from '../../chat/pacing.js';
import { SLACK_CAPABILITIES } from './limits.js';
import { renderReply, type SlackMessage } from './render.js';
import { slackErrorCode } from './slack-errors.js';
import { createSlackWebClient } from './web-client.js';
import { FILE_LIMITS, limitFilename, toBuffer } from './files.js';
import { truncate } from './text.js';

/** WebClient settings the messenger needs: it retries and waits itself. Use them for an injected client. */
export const MESSENGER_WEB_CLIENT_OPTIONS: WebClientOptions = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
};

export const MESSENGER_DEFAULTS = {
  pacingMs: SLACK_CAPABILITIES.minSendIntervalMs,
  maxAttempts: 3,
  backoffBaseMs: 1000,
  maxBackoffMs: 30_000,
  /** A longer Retry-After is not slept through: the scheduler gets it back as retryAfterMs. */
  maxRetryAfterMs: 30_000,
  /** Backoff waits are lengthened by up to this fraction, at random. */
  jitter: 0.25,
} as const;

export interface SlackMessengerOptions {
  /** Should be built with MESSENGER_WEB_CLIENT_OPTIONS; created from `slack` when absent. */
  client?: WebClient;
  slack: Pick<SlackConfig, 'apiUrl' | 'botToken'>;
  logger: Logger;
  pacingMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  maxRetryAfterMs?: number;
  /**
   * The budget of each channel shared by every replica (chat/pacing.ts sharedSendBudget over the
   * database); without it, pacing holds within this process only.
   */
  budget?: SendBudget;
  /** For tests: a simulated clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** For tests: 0 → backoff without jitter. */
  random?: () => number;
}

type FailureKind = 'rate_limited' | 'transient' | 'permanent';

export interface SlackFailure {
  /** Slack's error code, `rate_limited`, `http_503`, `timeout`, a network code (ECONNRESET) … */
  code: string;
  kind: FailureKind;
  /** rate_limited only, when Slack said how long to wait. */
  retryAfterMs?: number;
}

/** Slack platform errors worth another try; every other platform error is permanent. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);
const RATE_LIMITED_PLATFORM_ERRORS = new Set(['ratelimited', 'rate_limited']);

/** How a failed Web API call should be treated. Exported for tests and other outbound callers. */
export function classifySlackFailure(error: unknown): SlackFailure {
  const e = (error ?? {}) as {
    code?: unknown;
    retryAfter?: unknown;
    statusCode?: unknown;
    headers?: Record<string, string>;
    original?: unknown;
    data?: { error?: unknown; response_metadata?: { retryAfter?: unknown } };
    message?: unknown;
  };
  switch (e.code) {
    case ErrorCode.RateLimitedError:
      return rateLimited(typeof e.retryAfter === 'number' ? e.retryAfter : undefined);
    case ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      if (status === 429) return rateLimited(parseRetryAfter(e.headers?.['retry-after']));
      const transient = status >= 500 || status === 408;
      return { code: `http_${status}`, kind: transient ? 'transient' : 'permanent' };
    }
    case ErrorCode.RequestError:
      return { code: requestErrorCode(e.original), kind: 'transient' };
    case ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown';
      if (RATE_LIMITED_PLATFORM_ERRORS.has(code)) {
        const seconds = e.data?.response_metadata?.retryAfter;
        return rateLimited(typeof seconds === 'number' ? seconds : undefined);
      }
      return { code, kind: TRANSIENT_PLATFORM_ERRORS.has(code) ? 'transient' : 'permanent' };
    }
    default:
      // The WebClient's 429 without a usable Retry-After header is a plain Error.
      if (typeof e.message === 'string' && e.message.startsWith('Retry header did not contain')) return rateLimited(undefined);
      // Anything else unknown: better kept pending and retried than dropped.
      return { code: slackErrorCode(error), kind: 'transient' };
  }
}

function rateLimited(seconds: number | undefined): SlackFailure {
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0
    ? { code: 'rate_limited', kind: 'rate_limited', retryAfterMs: Math.ceil(seconds * 1000) }
    : { code: 'rate_limited', kind: 'rate_limited' };
}

function parseRetryAfter(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number.parseInt(header, 10);
  return Number.isNaN(seconds) ? undefined : seconds;
}

function requestErrorCode(original: unknown): string {
  if (original instanceof Error || (original && typeof original === 'object')) {
    const err = original as { name?: unknown; code?: unknown; cause?: { code?: unknown } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
    if (typeof err.cause?.code === 'string') return err.cause.code; // fetch failed → ECONNRESET …
    if (typeof err.code === 'string') return err.code;
  }
  return 'network_error';
}

/** `${channel}:${ts}` → its parts, or null. Channel ids never contain ':'. */
export function parseSlackMessageRef(ref: string): { channel: string; ts: string } | null {
  const at = ref.indexOf(':');
  if (at <= 0 || at === ref.length - 1) return null;
  return { channel: ref.slice(0, at), ts: ref.slice(at + 1) };
}

export function slackMessageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

/** The WebClient's own logger without its debug lines (they print request bodies: message text). */
function quietBoltLogger(logger: Logger): BoltLogger {
  return { ...toBoltLogger(logger), debug: () => undefined };
}

export function createSlackMessenger(options: SlackMessengerOptions): PlatformMessenger {
  const log = options.logger.child({ component: 'slack-messenger' });
  const client =
    options.client ?? createSlackWebClient(options.slack, undefined, { ...MESSENGER_WEB_CLIENT_OPTIONS, logger: quietBoltLogger(options.logger) });
  const pacingMs = options.pacingMs ?? MESSENGER_DEFAULTS.pacingMs;
  const maxAttempts = Math.max(1, options.maxAttempts ?? MESSENGER_DEFAULTS.maxAttempts);
  const backoffBaseMs = options.backoffBaseMs ?? MESSENGER_DEFAULTS.backoffBaseMs;
  const maxBackoffMs = options.maxBackoffMs ?? MESSENGER_DEFAULTS.maxBackoffMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? MESSENGER_DEFAULTS.maxRetryAfterMs;
  const random = options.random ?? Math.random;
  const clock = { now: options.now ?? realClock.now, sleep: options.sleep ?? realClock.sleep };
  // Posts: one queue and interval per channel. Updates: one queue for the workspace (Tier 3).
  const onBudgetError = (error: unknown) => log.warn({ reason: slackErrorCode(error) }, 'shared send budget unavailable; pacing in this process only');
  const shared = options.budget ? { budget: options.budget, onBudgetError } : {};
  const posts = createKeyedPacer(pacingMs, clock, shared);
  const updates = createKeyedPacer(0, clock, shared);

  function backoff(failedAttempt: number): number {
    const nominal = Math.min(maxBackoffMs, backoffBaseMs * 2 ** (failedAttempt - 1));
    return Math.round(nominal * (1 + MESSENGER_DEFAULTS.jitter * random()));
  }

  /** One Web API call with pacing and retries; throws DeliveryError. */
  async function call<T>(method: string, channel: string, slot: PacedSlot, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      await slot.ready();
      try {
        const result = await request();
        log.debug({ method, channel, attempt }, 'slack message delivered');
        return result;
      } catch (error) {
        const failure = classifySlackFailure(error);
        const fields = { method, channel, attempt, slackError: failure.code };
        if (failure.kind === 'permanent') {
          log.warn(fields, 'slack delivery failed permanently');
          throw new DeliveryError(failure.code, false);
        }
        const waitMs = failure.retryAfterMs ?? backoff(attempt);
        if (attempt >= maxAttempts || waitMs > maxRetryAfterMs) {
          log.warn({ ...fields, ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}) }, 'slack delivery failed; left for a later retry');
          throw new DeliveryError(failure.code, true, failure.retryAfterMs);
        }
        log.info({ ...fields, waitMs }, 'slack delivery failed; retrying');
        slot.hold(waitMs);
      }
    }
  }

  function render(reply: Reply): SlackMessage {
    try {
      return renderReply(reply);
    } catch (error) {
      log.error({ slackError: slackErrorCode(error) }, 'reply cannot be rendered for Slack');
      throw new DeliveryError('render_failed', false);
    }
  }

  async function post(target: string, reply: Reply): Promise<{ ref: string }> {
    if (!target) throw new DeliveryError('invalid_target', false);
    const message = render(reply);
    const response = await posts.run(target, (slot) =>
      call('chat.postMessage', target, slot, () =>
        client.chat.postMessage({
          channel: target,
          text: message.text,
          ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
        }),
      ),
    );
    // A user id as target: Slack answers with the DM channel (D…) the message went to.
    const channel = typeof response.channel === 'string' && response.channel ? response.channel : target;
    if (typeof response.ts !== 'string' || !response.ts) {
      // Sent, but it cannot be referenced; sending again would duplicate it.
      log.warn({ method: 'chat.postMessage', channel }, 'slack answered without a message ts');
      throw new DeliveryError('missing_ts', false);
    }
    return { ref: slackMessageRef(channel, response.ts) };
  }

  return {
    capabilities: SLACK_CAPABILITIES,
    async sendFile(channelId, file, fileOptions = {}) {
      const thread = fileOptions.threadRef ? parseSlackMessageRef(fileOptions.threadRef) : null;
      const upload = { file: toBuffer(file.content), filename: limitFilename(file.filename), title: truncate(file.title.trim() || file.filename, FILE_LIMITS.title) };
      // files.getUploadURLExternal + upload + files.completeUploadExternal (what filesUploadV2 does).
      await posts.run(channelId, (slot) =>
        call('files.uploadV2', channelId, slot, () =>
          client.filesUploadV2({ channel_id: channelId, ...(thread ? { thread_ts: thread.ts } : {}), file_uploads: [upload] }),
        ),
      );
    },
    sendDirect: (externalId, reply) => post(externalId, reply),
    sendToChannel: (channelId, reply) => post(channelId, reply),
    async update(ref, reply) {
      const parsed = parseSlackMessageRef(ref);
      if (!parsed) throw new DeliveryError('invalid_ref', false);
      const message = render(reply);
      await updates.run('chat.update', (slot) =>
        call('chat.update', parsed.channel, slot, () =>
          client.chat.update({ channel: parsed.channel, ts: parsed.ts, text: message.text, blocks: message.blocks }),
        ),
      );
    },
  };
}
