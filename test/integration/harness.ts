// The whole app (real bot, real database of this test file, real HTTP) with nock as Slack.
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createRapport, type Rapport } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import type { Clock } from '../../src/domain/ports.js';
import { createLogger } from '../../src/logging.js';
import type { SlackTuning } from '../../src/platforms/slack/module.js';
import type { TestDatabase } from '../helpers/database.js';
import { parseSlackApiBody, postSigned, RESPONSE_URL_ORIGIN, responseUrlPath, TEST_BOT_ID, TEST_BOT_TOKEN, TEST_BOT_USER_ID, TEST_SIGNING_SECRET, TEST_TEAM_ID, type SlackRequestKind } from '../helpers/slack.js';

export const SLACK_API = 'https://slack.com';
/** A fixed test key, so the database's ciphertexts are readable by the test too. */
export const TEST_ENCRYPTION_KEY = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

/** What users.info adds for accounts other than full members of our workspace. */
type Account = { team?: string; enterprise?: string; is_bot?: boolean; is_restricted?: boolean; is_ultra_restricted?: boolean };

/** People the fake Slack knows: users.info answers with these (members of TEST_TEAM_ID unless said). */
export const PEOPLE: Record<string, { name: string; locale: string; tz: string } & Account> = {
  U0ANN00001: { name: 'Ann', locale: 'en-US', tz: 'Asia/Shanghai' },
  U0LI000001: { name: '李雷', locale: 'zh-CN', tz: 'Asia/Shanghai' },
  U0BOB00001: { name: 'Bob', locale: 'en-GB', tz: 'Europe/London' },
  U0ADMIN001: { name: 'Ada', locale: 'en-US', tz: 'UTC' },
  // Not staff: a Slack Connect member of the customer's company, a guest of ours, a bot.
  U0GUEST0001: { name: 'Carol', locale: 'en-US', tz: 'Asia/Shanghai', team: 'T0CUSTOMER1' },
  U0RESTRICT1: { name: 'Gus', locale: 'zh-CN', tz: 'Asia/Shanghai', is_restricted: true },
  U0BOT000001: { name: 'Zapier', locale: 'en-US', tz: 'UTC', is_bot: true },
  // A member of another workspace of our own Enterprise Grid organisation: staff.
  U0GRID00001: { name: 'Grace', locale: 'en-US', tz: 'UTC', team: 'T0SISTER01', enterprise: 'E0OURORG01' },
};

export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  set(instant: Date) {
    this.current = instant;
  }
}

export interface AppUnderTest {
  rapport: Rapport;
  url: string;
  clock: FixedClock;
  logs(): string;
  stop(): Promise<void>;
  /** Sends a signed request as Slack would. */
  send(kind: SlackRequestKind, payload: Record<string, unknown>, headers?: Record<string, string>): ReturnType<typeof postSigned>;
  /** Runs `/crm <text>` as `user` and resolves with what the app posted to the response_url. */
  command(user: string, text: string): Promise<Record<string, unknown>>;
}

/** Answers users.info from PEOPLE; returns the ids looked up, in order. */
export function fakeSlackDirectory(): string[] {
  const lookedUp: string[] = [];
  nock(SLACK_API)
    .persist()
    .post('/api/users.info')
    .reply(200, (_uri, body) => {
      const { user } = parseSlackApiBody(body) as { user: string };
      lookedUp.push(user);
      const person = PEOPLE[user];
      if (!person) return { ok: false, error: 'user_not_found' };
      const { team, enterprise, name, tz, locale, ...flags } = person;
      return {
        ok: true,
        user: { id: user, team_id: team ?? TEST_TEAM_ID, ...(enterprise ? { enterprise_user: { enterprise_id: enterprise } } : {}), name: name.toLowerCase(), real_name: name, tz, locale, profile: { display_name: name }, ...flags },
      };
    });
  return lookedUp;
}

/** Resolves with the JSON body of the next POST to this response_url. */
export function captureResponseUrl(url: string): Promise<Record<string, unknown>> {
  const { origin, pathname } = new URL(url);
  return new Promise((resolve) => {
    nock(origin)
      .post(pathname)
      .reply(200, (_uri, body) => {
        resolve(parseSlackApiBody(body));
        return 'ok';
      });
  });
}

/** Resolves with the body of the next call to a Slack Web API method. */
export function captureSlackApi(method: string, response: Record<string, unknown> = { ok: true }): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    nock(SLACK_API)
      .post(`/api/${method}`)
      .reply(200, (_uri, body) => {
        resolve(parseSlackApiBody(body));
        return response;
      });
  });
}

/** Waits the messenger was asked to make (simulated: tests do not sleep). */
export const sleptMs: number[] = [];
let skippedMs = 0;

export async function startApp(databaseUrl: string, now: Date, env: Record<string, string> = {}): Promise<AppUnderTest> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const config = loadConfig({
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    DATABASE_URL: databaseUrl,
    ADMIN_USER_IDS: 'U0ADMIN001',
    DEFAULT_TIMEZONE: 'Asia/Shanghai',
    LOG_LEVEL: 'debug',
    PORT: '0',
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    HOST: '127.0.0.1',
    ...env,
  });
  const clock = new FixedClock(now);
  const rapport = await createRapport({
    config,
    logger: createLogger('debug', sink),
    clock,
    migrate: false,
    seedSandbox: false,
    schedule: false,
    pollRefreshDelayMs: 0,
    // A virtual clock for the messenger: its waits are recorded and skipped, not slept.
    platformOptions: {
      slack: {
        messenger: { pacingMs: 0, now: () => Date.now() + skippedMs, sleep: async (ms: number) => void (sleptMs.push(ms), (skippedMs += ms)), random: () => 0 },
        webClientOptions: { retryConfig: { retries: 0 }, timeout: 2000 },
        botIdentity: { botId: TEST_BOT_ID, botUserId: TEST_BOT_USER_ID, teamId: TEST_TEAM_ID, enterpriseId: 'E0OURORG01' },
      } satisfies SlackTuning,
    },
  });
  const { port } = await rapport.start();
  const url = `http://127.0.0.1:${port}/slack/events`;
  const send: AppUnderTest['send'] = (kind, payload, headers) => postSigned(url, kind, payload, headers ? { headers } : {});
  return {
    rapport,
    url,
    clock,
    logs: () => lines.join(''),
    stop: () => rapport.stop(),
    send,
    async command(user, text) {
      const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
      const answered = captureResponseUrl(responseUrl);
      const { slashCommandPayload } = await import('../helpers/slack.js');
      const response = await send('command', slashCommandPayload({ userId: user, text, responseUrl }));
      if (response.status !== 200) throw new Error(`command answered ${response.status}`);
      return answered;
    },
  };
}

/** An app a `beforeAll` starts, read through at each use: the object exists only once that hook has run. */
function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const value = current();
      if (!value) throw new Error(`${what} is used before beforeAll started it`);
      return Reflect.get(value, key);
    },
  });
}

/**
 * The set-up most Slack test files share, as hooks of the calling file: nock lets only local
 * connections through, the app starts at `now` (with `env` over the defaults of `startApp`) before
 * all tests and stops after; before each test the fake Slack directory answers users.info and the
 * clock is back at `now`; after each, every nock interceptor is removed. Call it at the top level,
 * after `useTestDatabase()`; a file's own `beforeEach` registered after it runs after its own.
 *
 *   const t = useTestDatabase();
 *   const app = useSlackApp(t, NOW);
 */
export function useSlackApp(t: TestDatabase, now: Date, env: Record<string, string> = {}): AppUnderTest {
  let app: AppUnderTest | undefined;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await startApp(t.url, now, env);
  });
  beforeEach(() => {
    fakeSlackDirectory();
    app!.clock.set(now);
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    await app?.stop();
    nock.enableNetConnect();
  });
  return lateBound('the app', () => app);
}

/** The app with the sandbox on, as the sandbox's tests drive it: through its HTTP API at `base`. */
export interface SandboxUnderTest {
  readonly rapport: Rapport;
  /** http://127.0.0.1:<port>, the server's origin. */
  readonly base: string;
}

/**
 * The sandbox app of a test file (SANDBOX=1, UTC, silent logs, no scheduler, no seeding), with
 * `env` over those settings: started before all tests, stopped after. Call it at the top level,
 * after `useTestDatabase()`.
 */
export function useSandboxApp(t: TestDatabase, env: Record<string, string> = {}): SandboxUnderTest {
  let rapport: Rapport | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: t.url, SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'silent', ...env });
    rapport = await createRapport({ config, logger: createLogger('silent'), migrate: false, schedule: false, seedSandbox: false });
    base = `http://127.0.0.1:${(await rapport.start()).port}`;
  });
  afterAll(async () => {
    await rapport?.stop();
  });
  return lateBound('the sandbox app', () => (rapport && base !== undefined ? { rapport, base } : undefined));
}

/** All text of a Block Kit message, for assertions that should not depend on layout. */
export function messageText(message: Record<string, unknown>): string {
  return JSON.stringify(message.blocks ?? []) + String(message.text ?? '');
}

/** Text as a Slack user reads it: characters sent as literals (a date token's fallback, see platforms/slack/text.ts) as themselves. */
export function slackShown(text: string): string {
  return text.replace(/<!date\^00000000\^\{_\}\|(.)>/g, '$1');
}

/** The first button in a message whose action_id starts with `action`. */
export function findButton(message: Record<string, unknown>, action: string, labelIncludes?: string): { action_id: string; value: string } {
  const blocks = (message.blocks ?? []) as Array<{ type: string; elements?: unknown[]; accessory?: unknown }>;
  const elements = blocks.flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]) as Array<{ type: string; action_id?: string; value?: string; text?: { text: string } }>;
  const found = elements.find((e) => e.type === 'button' && e.action_id?.startsWith(`${action}#`) && (!labelIncludes || e.text?.text.includes(labelIncludes)));
  if (!found?.action_id || found.value === undefined) throw new Error(`no ${action} button in ${JSON.stringify(blocks)}`);
  return { action_id: found.action_id, value: found.value };
}
