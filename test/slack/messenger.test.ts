// The Slack PlatformMessenger (scheduler pushes): 429 waits for Retry-After, 5xx / network errors are
// retried with backoff, a send that keeps failing throws a retryable DeliveryError (the scheduler
// keeps it pending), permanent errors throw at once, and posts are paced per channel.
// Waits are simulated with a virtual clock (sleep advances it) so the timings are exact and the
// file stays fast; one test uses real timers to check that a real Retry-After is really waited for.
import { Writable } from 'node:stream';
import { LogLevel } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, type PlatformMessenger } from '../../src/chat/bot-types.js';
import { block, privateReply, type Reply } from '../../src/chat/reply.js';
import { createLogger } from '../../src/logging.js';
import { createSlackMessenger, MESSENGER_WEB_CLIENT_OPTIONS, type SlackMessengerOptions } from '../../src/platforms/slack/messenger.js';
import { createKeyedPacer } from '../../src/chat/pacing.js';
import { renderReply } from '../../src/platforms/slack/render.js';
import { createSlackWebClient } from '../../src/platforms/slack/web-client.js';
import { parseSlackApiBody, TEST_BOT_TOKEN, TEST_CHANNEL_ID, TEST_USER_ID } from '../helpers/slack.js';
import { SLACK_ORIGIN } from './harness.js';

const SLACK = { apiUrl: `${SLACK_ORIGIN}/api/`, botToken: TEST_BOT_TOKEN };
const DM_CHANNEL = 'D0DMCHAN01';
const OTHER_CHANNEL = 'C0OTHER001';
// Stands for a customer's personal data inside a reminder: it must never reach a log line.
const SECRET = 'call Wang Fang about 合同 renewal zq81';

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

function reminder(text = SECRET): Reply {
  return privateReply(text, [block.header('回访 reminder'), block.section(text), block.context('due today')]);
}

/** Time moves only when someone sleeps: waits are recorded and cost nothing. */
function virtualClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      const target = t + ms;
      await new Promise((resolve) => setImmediate(resolve));
      t = Math.max(t, target);
    },
  };
}

function logSink() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('debug', sink), text: () => lines.join('') };
}

interface Harness {
  messenger: PlatformMessenger;
  clock: ReturnType<typeof virtualClock>;
  logs: () => string;
  /** chat.postMessage / chat.update calls as the messenger issued them, with the virtual time. */
  calls: Array<{ method: string; channel: string; at: number }>;
}

function setup(overrides: Partial<SlackMessengerOptions> = {}): Harness {
  const clock = virtualClock();
  const { logger, text } = logSink();
  const client = createSlackWebClient(SLACK, undefined, { ...MESSENGER_WEB_CLIENT_OPTIONS, timeout: 2000, logLevel: LogLevel.ERROR });
  const calls: Harness['calls'] = [];
  const postMessage = client.chat.postMessage;
  const update = client.chat.update;
  client.chat.postMessage = ((args) => {
    calls.push({ method: 'chat.postMessage', channel: String(args.channel), at: clock.now() });
    return postMessage(args);
  }) as typeof postMessage;
  client.chat.update = ((args) => {
    calls.push({ method: 'chat.update', channel: String(args.channel), at: clock.now() });
    return update(args);
  }) as typeof update;
  const messenger = createSlackMessenger({ client, slack: SLACK, logger, now: clock.now, sleep: clock.sleep, random: () => 0, ...overrides });
  return { messenger, clock, logs: text, calls };
}

type SlackAnswer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

/** nock answers for `method`, in order; resolves each request's parsed body into `bodies`. */
function slackApi(method: string, answers: SlackAnswer[]) {
  const bodies: Array<Record<string, unknown>> = [];
  const scope = nock(SLACK_ORIGIN);
  for (const answer of answers) {
    scope.post(`/api/${method}`).reply(function (_uri, body) {
      bodies.push(parseSlackApiBody(body));
      return [answer.status, answer.body, answer.headers ?? {}];
    });
  }
  return { bodies, scope };
}

const ok = (extra: Record<string, unknown> = {}): SlackAnswer => ({ status: 200, body: { ok: true, ...extra } });
const slackError = (error: string): SlackAnswer => ({ status: 200, body: { ok: false, error } });
const serverError = (status = 500): SlackAnswer => ({ status, body: { ok: false, error: 'internal' } });
const rateLimited = (seconds: number): SlackAnswer => ({ status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': String(seconds) } });

async function deliveryError(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe('Slack messenger: retries', () => {
  it('429 (Retry-After: 1) → 500 → 200: delivered once, after the Retry-After and a 2 s backoff', async () => {
    const h = setup({ pacingMs: 100 });
    const api = slackApi('chat.postMessage', [rateLimited(1), serverError(500), ok({ channel: DM_CHANNEL, ts: '1712345678.000100' })]);

    const result = await h.messenger.sendDirect(TEST_USER_ID, reminder());

    expect(result).toEqual({ ref: `${DM_CHANNEL}:1712345678.000100` });
    // Three calls, exactly one answered 200: 0 ms, then Retry-After (1000 ms), then backoff 2^1 s.
    expect(h.calls.map((c) => c.at)).toEqual([0, 1000, 3000]);
    expect(h.calls[1]!.at - h.calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(api.bodies).toHaveLength(3);
    // The user id is the channel (the app's DM); the same message each time.
    const expected = renderReply(reminder());
    for (const body of api.bodies) {
      expect(body.channel).toBe(TEST_USER_ID);
      expect(body.text).toBe(expected.text);
      expect(body.blocks).toEqual(expected.blocks);
    }
    const logs = h.logs();
    expect(logs).toContain('"slackError":"rate_limited"');
    expect(logs).toContain('"waitMs":1000');
    expect(logs).toContain('"slackError":"http_500"');
    expect(logs).toContain('"waitMs":2000');
    expect(logs).not.toContain('Wang Fang');
    expect(logs).not.toContain('合同');
  });

  it('with the default pacing, the retry after a 1 s Retry-After waits for the 1.1 s channel interval', async () => {
    const h = setup(); // pacingMs 1100
    slackApi('chat.postMessage', [rateLimited(1), ok({ channel: TEST_CHANNEL_ID, ts: '1.2' })]);
    await expect(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder())).resolves.toEqual({ ref: `${TEST_CHANNEL_ID}:1.2` });
    expect(h.calls.map((c) => c.at)).toEqual([0, 1100]);
  });

  it('really waits for Retry-After with real timers (and its own WebClient logs no message text)', async () => {
    const { logger, text } = logSink();
    const messenger = createSlackMessenger({ slack: SLACK, logger, pacingMs: 50 });
    const api = slackApi('chat.postMessage', [rateLimited(1), ok({ channel: TEST_CHANNEL_ID, ts: '1.3' })]);
    const started = Date.now();
    await expect(messenger.sendToChannel(TEST_CHANNEL_ID, reminder())).resolves.toEqual({ ref: `${TEST_CHANNEL_ID}:1.3` });
    const elapsed = Date.now() - started;
    expect(api.bodies).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(2500);
    expect(text()).not.toContain('Wang Fang');
  });

  it.each(['channel_not_found', 'not_in_channel', 'invalid_auth', 'account_inactive', 'user_not_found', 'is_archived', 'msg_too_long', 'invalid_blocks'])(
    '%s: a non-retryable DeliveryError after one call, no wait',
    async (code) => {
      const h = setup();
      const api = slackApi('chat.postMessage', [slackError(code)]);
      const error = await deliveryError(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder()));
      expect(error).toMatchObject({ code, retryable: false, retryAfterMs: undefined });
      expect(api.bodies).toHaveLength(1);
      expect(h.clock.waits).toEqual([]);
    },
  );

  it('keeps failing with 5xx: a retryable DeliveryError after maxAttempts calls, backoff 1 s then 2 s', async () => {
    const h = setup();
    const api = slackApi('chat.postMessage', [serverError(500), serverError(502), serverError(503)]);
    const error = await deliveryError(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder()));
    expect(error).toMatchObject({ code: 'http_503', retryable: true, retryAfterMs: undefined });
    expect(api.bodies).toHaveLength(3);
    expect(h.calls.map((c) => c.at)).toEqual([0, 1100, 3100]); // backoff 1000 (< pacing 1100), 2000
    expect(h.logs()).toContain('left for a later retry');
  });

  it('honours maxAttempts and jitter lengthens the backoff by up to 25 %', async () => {
    const h = setup({ maxAttempts: 2, pacingMs: 0, random: () => 1 });
    const api = slackApi('chat.postMessage', [serverError(500), serverError(500)]);
    const error = await deliveryError(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder()));
    expect(error).toMatchObject({ code: 'http_500', retryable: true });
    expect(api.bodies).toHaveLength(2);
    expect(h.calls.map((c) => c.at)).toEqual([0, 1250]);
  });

  it('keeps being rate limited: a retryable DeliveryError carrying the last Retry-After', async () => {
    const h = setup({ pacingMs: 0 });
    const api = slackApi('chat.postMessage', [rateLimited(2), rateLimited(2), rateLimited(3)]);
    const error = await deliveryError(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder()));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 3000 });
    expect(api.bodies).toHaveLength(3);
    expect(h.calls.map((c) => c.at)).toEqual([0, 2000, 4000]);
  });

  it('a Retry-After longer than maxRetryAfterMs is handed back to the scheduler instead of slept through', async () => {
    const h = setup();
    slackApi('chat.postMessage', [rateLimited(120)]);
    const error = await deliveryError(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder()));
    expect(error).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterMs: 120_000 });
    expect(h.clock.waits).toEqual([]);
  });

  it('a network error and a Slack internal_error are retried', async () => {
    const h = setup({ pacingMs: 0 });
    nock(SLACK_ORIGIN).post('/api/chat.postMessage').replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    slackApi('chat.postMessage', [slackError('internal_error'), ok({ channel: TEST_CHANNEL_ID, ts: '9.9' })]);
    await expect(h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder())).resolves.toEqual({ ref: `${TEST_CHANNEL_ID}:9.9` });
    expect(h.calls.map((c) => c.at)).toEqual([0, 1000, 3000]);
    expect(h.logs()).toContain('"slackError":"internal_error"');
  });

  it('a request timeout is retried', async () => {
    const clock = virtualClock();
    const { logger, text } = logSink();
    const client = createSlackWebClient(SLACK, undefined, { ...MESSENGER_WEB_CLIENT_OPTIONS, timeout: 50, logLevel: LogLevel.ERROR });
    const messenger = createSlackMessenger({ client, slack: SLACK, logger, now: clock.now, sleep: clock.sleep, random: () => 0 });
    nock(SLACK_ORIGIN).post('/api/chat.postMessage').delay(500).reply(200, { ok: true, channel: TEST_CHANNEL_ID, ts: 'late' });
    slackApi('chat.postMessage', [ok({ channel: TEST_CHANNEL_ID, ts: '2.2' })]);
    await expect(messenger.sendToChannel(TEST_CHANNEL_ID, reminder())).resolves.toEqual({ ref: `${TEST_CHANNEL_ID}:2.2` });
    expect(text()).toContain('"slackError":"timeout"');
  });
});

describe('Slack messenger: pacing', () => {
  it('spaces sends to one channel by pacingMs, in call order, without delaying another channel', async () => {
    const h = setup(); // pacingMs 1100
    const api = slackApi('chat.postMessage', [
      ok({ channel: TEST_CHANNEL_ID, ts: '1.1' }),
      ok({ channel: OTHER_CHANNEL, ts: '5.1' }),
      ok({ channel: TEST_CHANNEL_ID, ts: '1.2' }),
      ok({ channel: TEST_CHANNEL_ID, ts: '1.3' }),
    ]);
    const sends = await Promise.all([
      h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder('one')),
      h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder('two')),
      h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder('three')),
      h.messenger.sendToChannel(OTHER_CHANNEL, reminder('other')),
    ]);
    expect(sends.map((s) => s.ref)).toEqual([`${TEST_CHANNEL_ID}:1.1`, `${TEST_CHANNEL_ID}:1.2`, `${TEST_CHANNEL_ID}:1.3`, `${OTHER_CHANNEL}:5.1`]);
    const one = h.calls.filter((c) => c.channel === TEST_CHANNEL_ID).map((c) => c.at);
    expect(one).toEqual([0, 1100, 2200]);
    expect(h.calls.find((c) => c.channel === OTHER_CHANNEL)?.at).toBe(0);
    expect(api.bodies.filter((b) => b.channel === TEST_CHANNEL_ID).map((b) => b.text)).toEqual(['one', 'two', 'three']);
  });

  it('a failed send does not block the channel queue; the next send still waits for the interval', async () => {
    const h = setup();
    slackApi('chat.postMessage', [slackError('msg_too_long'), ok({ channel: TEST_CHANNEL_ID, ts: '3.1' })]);
    const [first, second] = await Promise.allSettled([
      h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder('one')),
      h.messenger.sendToChannel(TEST_CHANNEL_ID, reminder('two')),
    ]);
    expect(first.status).toBe('rejected');
    expect(second).toEqual({ status: 'fulfilled', value: { ref: `${TEST_CHANNEL_ID}:3.1` } });
    expect(h.calls.map((c) => c.at)).toEqual([0, 1100]);
  });

  it('the pacer drops idle channels (no memory growth) and keeps busy ones', async () => {
    const clock = virtualClock();
    const pacer = createKeyedPacer(1000, clock);
    await Promise.all(['C1', 'C2', 'C3'].map((key) => pacer.run(key, (slot) => slot.ready())));
    expect(pacer.size).toBe(3); // their interval is still running
    await clock.sleep(1000);
    expect(pacer.size).toBe(0);
    const times: number[] = [];
    await Promise.all([1, 2].map(() => pacer.run('C1', async (slot) => (await slot.ready(), times.push(clock.now())))));
    expect(times).toEqual([1000, 2000]);
    await pacer.run('C9', async () => undefined); // a task that never used its slot leaves nothing behind
    expect(pacer.size).toBe(1); // C1's last interval runs until 3000
    await clock.sleep(1000);
    expect(pacer.size).toBe(0);
  });
});

describe('Slack messenger: update', () => {
  it('calls chat.update with the channel and ts of the ref and the rendered reply', async () => {
    const h = setup();
    const api = slackApi('chat.update', [ok({ channel: DM_CHANNEL, ts: '1712345678.000100' })]);
    const updated = privateReply('done ✓', [block.section('Callback logged'), block.context('by you')]);
    await h.messenger.update(`${DM_CHANNEL}:1712345678.000100`, updated);
    expect(api.bodies).toHaveLength(1);
    const expected = renderReply(updated);
    expect(api.bodies[0]).toMatchObject({ channel: DM_CHANNEL, ts: '1712345678.000100', text: expected.text });
    expect(api.bodies[0]!.blocks).toEqual(expected.blocks);
  });

  it('retries chat.update on 429 and fails permanently on message_not_found', async () => {
    const h = setup();
    slackApi('chat.update', [rateLimited(1), ok()]);
    await h.messenger.update(`${DM_CHANNEL}:1.1`, reminder());
    expect(h.calls.map((c) => c.at)).toEqual([0, 1000]);
    slackApi('chat.update', [slackError('message_not_found')]);
    const error = await deliveryError(h.messenger.update(`${DM_CHANNEL}:1.2`, reminder()));
    expect(error).toMatchObject({ code: 'message_not_found', retryable: false });
  });

  it('a malformed ref is a non-retryable DeliveryError without any call', async () => {
    const h = setup();
    for (const ref of ['', 'nocolon', ':1.1', 'C1:']) {
      const error = await deliveryError(h.messenger.update(ref, reminder()));
      expect(error).toMatchObject({ code: 'invalid_ref', retryable: false });
    }
    expect(h.calls).toEqual([]);
  });
});
