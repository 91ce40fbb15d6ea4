// Starts the real Slack adapter on 127.0.0.1:0 against a fake Bot, with nock standing in for the
// Slack Web API and response_url hosts. Outbound calls nobody expected fail (net connect disabled).
import { Writable } from 'node:stream';
import nock from 'nock';
import { vi } from 'vitest';
import type { Bot, Outcome } from '../../src/chat/bot-types.js';
import { privateReply } from '../../src/chat/reply.js';
import { loadConfig } from '../../src/config/env.js';
import { createWebApp, listen } from '../../src/http/server.js';
import { createLogger } from '../../src/logging.js';
import { createSlackApp, type CreateSlackAppOptions, type SlackAdapter } from '../../src/platforms/slack/app.js';
import type { DeliveryClaims } from '../../src/platforms/slack/deps.js';
import type { SlackTiming } from '../../src/platforms/slack/timing.js';
import { parseSlackApiBody, TEST_BOT_ID, TEST_BOT_TOKEN, TEST_BOT_USER_ID, TEST_SIGNING_SECRET } from '../helpers/slack.js';

export const SLACK_ORIGIN = 'https://slack.com';

export type FakeBot = { [K in keyof Bot]: ReturnType<typeof vi.fn<Bot[K]>> };

/** Every method answers a simple private reply unless overridden. */
export function createFakeBot(overrides: Partial<Bot> = {}): FakeBot {
  const ok = async (): Promise<Outcome> => ({ reply: privateReply('ok') });
  return {
    command: vi.fn<Bot['command']>(overrides.command ?? ok),
    message: vi.fn<Bot['message']>(overrides.message ?? ok),
    action: vi.fn<Bot['action']>(overrides.action ?? ok),
    submitForm: vi.fn<Bot['submitForm']>(overrides.submitForm ?? ok),
    logFromMessage: vi.fn<Bot['logFromMessage']>(overrides.logFromMessage ?? ok),
    searchCustomers: vi.fn<Bot['searchCustomers']>(overrides.searchCustomers ?? (async () => [])),
    importFile: vi.fn<Bot['importFile']>(overrides.importFile ?? (async () => ({}))),
    home: vi.fn<Bot['home']>(overrides.home ?? (async () => privateReply('home'))),
  };
}

/** In-memory stand-in for the database-backed claim port (single process). */
export function createMemoryDeliveries(): DeliveryClaims & { keys: Set<string> } {
  const keys = new Set<string>();
  return {
    keys,
    async claim(key: string) {
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
  };
}

export interface TestSlackApp {
  url: string;
  adapter: SlackAdapter;
  bot: FakeBot;
  logs: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  bot?: FakeBot;
  deliveries?: DeliveryClaims;
  timing?: Partial<SlackTiming>;
  env?: Record<string, string>;
  botIdentity?: CreateSlackAppOptions['botIdentity'] | null;
  onAppHomeOpened?: CreateSlackAppOptions['onAppHomeOpened'];
}

export const testEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
  SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
  LOG_LEVEL: 'debug',
  ...extra,
});

export async function startSlackTestApp(options: StartOptions = {}): Promise<TestSlackApp> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const config = loadConfig(testEnv(options.env));
  const bot = options.bot ?? createFakeBot();
  const adapter = createSlackApp({
    config,
    bot,
    logger: createLogger('debug', sink),
    deliveries: options.deliveries ?? createMemoryDeliveries(),
    // Short and bounded: a refused call fails fast instead of retrying for half an hour.
    webClientOptions: { retryConfig: { retries: 0 }, timeout: 2000 },
    ...(options.botIdentity === null ? {} : { botIdentity: options.botIdentity ?? { botId: TEST_BOT_ID, botUserId: TEST_BOT_USER_ID } }),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.onAppHomeOpened ? { onAppHomeOpened: options.onAppHomeOpened } : {}),
  });
  const served = await serveSlackAdapter(adapter);
  return {
    url: served.url,
    adapter,
    bot,
    logs: () => lines.join(''),
    stop: served.stop,
  };
}

/** What the app does with the adapter: mounts it on one server with health, starts it, listens on 127.0.0.1:0. */
export async function serveSlackAdapter(adapter: SlackAdapter): Promise<{ url: string; stop(): Promise<void> }> {
  const web = createWebApp();
  adapter.mount(web);
  await adapter.start();
  const server = await listen(web, { port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${server.port}`,
    stop: async () => {
      await server.close();
      await adapter.stop();
    },
  };
}

/** Resolves with the parsed body of the next call to a Slack Web API method. */
export function expectSlackApi(method: string, response: Record<string, unknown> = { ok: true }, origin = SLACK_ORIGIN, basePath = '/api/'): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    nock(origin)
      .post(`${basePath}${method}`)
      .reply(200, (_uri, body) => {
        resolve(parseSlackApiBody(body));
        return response;
      });
  });
}

/** Resolves with the JSON body POSTed to a response_url. */
export function expectResponseUrl(url: string, status = 200): Promise<Record<string, unknown>> {
  const { origin, pathname } = new URL(url);
  return new Promise((resolve) => {
    nock(origin)
      .post(pathname)
      .reply(status, (_uri, body) => {
        resolve(parseSlackApiBody(body));
        return status === 200 ? 'ok' : 'expired_url';
      });
  });
}

/** Rejects if `promise` does not settle within `ms` (clearer failures than a test timeout). */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
