// Start-up wiring: one auth.test (not one per request), SLACK_API_URL honoured, Socket Mode
// selected by the app token, and the users.info directory.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { createSlackApp } from '../../src/platforms/slack/app.js';
import { createSlackDirectory } from '../../src/platforms/slack/directory.js';
import { createSlackWebClient } from '../../src/platforms/slack/web-client.js';
import { messageImEventPayload, postSigned, TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from '../helpers/slack.js';
import { createFakeBot, createMemoryDeliveries, expectSlackApi, sleep, startSlackTestApp, within } from './harness.js';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('start-up', () => {
  it('calls auth.test once at start (against SLACK_API_URL) and never per request', async () => {
    const apiOrigin = 'https://slack-gateway.example.test';
    const authTest = expectSlackApi('auth.test', { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0TEAM0001' }, apiOrigin, '/slack/api/');
    const slack = await startSlackTestApp({ botIdentity: null, env: { SLACK_API_URL: `${apiOrigin}/slack/api` } });
    try {
      await within(authTest, 1000, 'auth.test');
      const first = expectSlackApi('chat.postMessage', { ok: true }, apiOrigin, '/slack/api/');
      await postSigned(`${slack.url}/slack/events`, 'event', messageImEventPayload({ text: 'one' }));
      await within(first, 2000, 'first reply');
      const second = expectSlackApi('chat.postMessage', { ok: true }, apiOrigin, '/slack/api/');
      await postSigned(`${slack.url}/slack/events`, 'event', messageImEventPayload({ text: 'two' }));
      await within(second, 2000, 'second reply'); // no second auth.test was mocked: it would have failed
    } finally {
      await slack.stop();
    }
  });

  it('fails to start with a clear error when Slack rejects the token', async () => {
    expectSlackApi('auth.test', { ok: false, error: 'invalid_auth' });
    const adapter = createSlackApp({
      config: loadConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET }),
      bot: createFakeBot(),
      logger: createLogger('silent'),
      deliveries: createMemoryDeliveries(),
      webClientOptions: { retryConfig: { retries: 0 }, timeout: 1000 },
    });
    await expect(adapter.start()).rejects.toThrow(/invalid_auth/);
  });

  it('uses Socket Mode when SLACK_APP_TOKEN is set (no /slack/events route)', async () => {
    const adapter = createSlackApp({
      config: loadConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_APP_TOKEN: 'xapp-1-A0APP-123-abc' }),
      bot: createFakeBot(),
      logger: createLogger('silent'),
      deliveries: createMemoryDeliveries(),
    });
    expect(adapter.mode).toBe('socket');
    // Not started: starting would open a WebSocket to Slack.
  });

  it('refuses to build without Slack settings', () => {
    expect(() =>
      createSlackApp({ config: loadConfig({}), bot: createFakeBot(), logger: createLogger('silent'), deliveries: createMemoryDeliveries() }),
    ).toThrow(/SLACK_BOT_TOKEN/);
  });

  it('stop() waits for a reply still being delivered', async () => {
    const bot = createFakeBot({
      message: async () => {
        await sleep(300);
        return { reply: { visibility: 'private', text: 'late but delivered', blocks: [] } };
      },
    });
    const slack = await startSlackTestApp({ bot });
    const posted = expectSlackApi('chat.postMessage');
    await postSigned(`${slack.url}/slack/events`, 'event', messageImEventPayload({ text: 'hi' }));
    await slack.stop();
    expect(await within(posted, 100, 'the reply, already sent when stop() resolved')).toMatchObject({ text: 'late but delivered' });
  });
});

describe('createSlackDirectory', () => {
  // A client built outside the app (the Bot needs the directory before the Slack app exists).
  const client = () =>
    createSlackWebClient(loadConfig({ SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET }).slack!, createLogger('silent'), {
      retryConfig: { retries: 0 },
      timeout: 1000,
    });

  it('reads display name, locale and time zone from users.info (include_locale)', async () => {
    const call = expectSlackApi('users.info', {
      ok: true,
      user: { id: 'U1', name: 'ann', real_name: 'Ann Lee', tz: 'Asia/Shanghai', locale: 'zh-CN', profile: { display_name: 'Ann', real_name: 'Ann Lee' } },
    });
    const profile = await createSlackDirectory(client()).lookupProfile('U1');
    // Issue 11: the profile also says what the account is (no team_id here: no workspace).
    expect(profile).toEqual({ displayName: 'Ann', locale: 'zh-CN', timezone: 'Asia/Shanghai', kind: 'member' });
    expect(await call).toMatchObject({ user: 'U1', include_locale: 'true' });
  });

  it('reports a guest’s and a Slack Connect member’s account and workspace, and ours from auth.test once', async () => {
    expectSlackApi('users.info', { ok: true, user: { id: 'U2', name: 'gus', is_restricted: true, team_id: 'T0OURS', enterprise_user: { enterprise_id: 'E0OURS' } } });
    const directory = createSlackDirectory(client());
    expect(await directory.lookupProfile('U2')).toEqual({ displayName: 'gus', kind: 'guest', workspace: { id: 'T0OURS', enterpriseId: 'E0OURS' } });
    expectSlackApi('users.info', { ok: true, user: { id: 'U3', name: 'carol', team_id: 'T0CUSTOMER' } });
    expect(await directory.lookupProfile('U3')).toMatchObject({ kind: 'member', workspace: { id: 'T0CUSTOMER' } });
    const auth = expectSlackApi('auth.test', { ok: true, team_id: 'T0OURS', enterprise_id: 'E0OURS', user_id: 'U0BOT' });
    expect(await directory.homeWorkspace()).toEqual({ id: 'T0OURS', enterpriseId: 'E0OURS' });
    await auth;
    // Cached: a second call would find no interceptor and fail.
    expect(await directory.homeWorkspace()).toEqual({ id: 'T0OURS', enterpriseId: 'E0OURS' });
  });

  it('our workspace is unknown (null) while auth.test fails, and asked again next time', async () => {
    expectSlackApi('auth.test', { ok: false, error: 'invalid_auth' });
    const directory = createSlackDirectory(client());
    expect(await directory.homeWorkspace()).toBeNull();
    expectSlackApi('auth.test', { ok: true, team_id: 'T0OURS' });
    expect(await directory.homeWorkspace()).toEqual({ id: 'T0OURS' });
  });

  it('returns null when Slack answers an error', async () => {
    expectSlackApi('users.info', { ok: false, error: 'user_not_found' });
    expect(await createSlackDirectory(client()).lookupProfile('U404')).toBeNull();
  });
});
