// The door: only requests Slack signed, recently, get to the Bot.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  messageImEventPayload,
  nowSeconds,
  postSigned,
  signSlackRequest,
  slashCommandPayload,
  TEST_SIGNING_SECRET,
} from '../helpers/slack.js';
import { startSlackTestApp, type TestSlackApp } from './harness.js';

describe('signSlackRequest (test helper)', () => {
  it("reproduces Slack's published example from “Verifying requests from Slack”", () => {
    // docs.slack.dev/authentication/verifying-requests-from-slack — the example slash command body.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const signed = signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618);
    expect(signed).toEqual({ timestamp: '1531420618', signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' });
  });
});

describe('POST /slack/events request verification', () => {
  let slack: TestSlackApp;
  const events = () => `${slack.url}/slack/events`;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    slack = await startSlackTestApp();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    await slack.stop();
    nock.enableNetConnect();
  });

  const expectBotUntouched = () => {
    for (const method of Object.values(slack.bot)) expect(method).not.toHaveBeenCalled();
  };

  it('rejects a bad signature with 401', async () => {
    const response = await postSigned(events(), 'command', slashCommandPayload({ text: 'help' }), { signature: `v0=${'0'.repeat(64)}` });
    expect(response.status).toBe(401);
    expectBotUntouched();
  });

  it('rejects a body signed with another secret with 401', async () => {
    const response = await postSigned(events(), 'event', messageImEventPayload({ text: 'hi' }), { secret: 'another0secret0entirely000000000' });
    expect(response.status).toBe(401);
    expectBotUntouched();
  });

  it('rejects a request without the signature header with 401', async () => {
    const response = await postSigned(events(), 'command', slashCommandPayload(), { signature: null });
    expect(response.status).toBe(401);
    expectBotUntouched();
  });

  it('rejects a request without the timestamp header with 401', async () => {
    const response = await postSigned(events(), 'command', slashCommandPayload(), { omitTimestamp: true });
    expect(response.status).toBe(401);
    expectBotUntouched();
  });

  it('rejects a correctly signed request older than 5 minutes with 401', async () => {
    const response = await postSigned(events(), 'command', slashCommandPayload(), { timestamp: nowSeconds() - 6 * 60 });
    expect(response.status).toBe(401);
    expectBotUntouched();
  });

  it('rejects a correctly signed request dated more than 5 minutes ahead with 401', async () => {
    const response = await postSigned(events(), 'command', slashCommandPayload(), { timestamp: nowSeconds() + 6 * 60 });
    expect(response.status).toBe(401);
    expectBotUntouched();
    expect(slack.logs()).toContain('timestamp in the future'); // our guard: Bolt accepts future timestamps
  });

  it('answers the url_verification challenge of a signed request', async () => {
    const response = await postSigned(events(), 'event', { type: 'url_verification', token: 't', challenge: 'c-123' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ challenge: 'c-123' });
  });

  it('serves GET /healthz', async () => {
    const response = await fetch(`${slack.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('never writes the signing secret or the bot token to the log', () => {
    expect(slack.logs()).not.toContain(TEST_SIGNING_SECRET);
    expect(slack.logs()).not.toContain('xoxb-');
  });
});
