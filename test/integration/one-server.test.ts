// The app owns one HTTP server: Slack's events, the orders API and the health check answer on one
// port; a platform that exists only in this file plugs in through the registry and, without Slack,
// is served on the public host with the sandbox off.
import { SANDBOX_CAPABILITIES } from '../../src/platforms/sandbox/limits.js';
import express from 'express';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRapport, type Rapport } from '../../src/app.js';
import type { PlatformMessenger } from '../../src/chat/bot-types.js';
import type { PlatformModule } from '../../src/chat/platform.js';
import type { Reply } from '../../src/chat/reply.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { PLATFORMS } from '../../src/platforms/registry.js';
import { useTestDatabase } from '../helpers/database.js';
import { fakeSlackDirectory, messageText, startApp, TEST_ENCRYPTION_KEY, type AppUnderTest } from './harness.js';

const NOW = new Date('2026-11-24T02:00:00Z');
const KEY = 'o'.repeat(32);
const t = useTestDatabase();

describe('one server for Slack, the orders API and health', () => {
  let app: AppUnderTest;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await startApp(t.url, NOW, { API_KEYS: `erp:${KEY}` });
  });
  afterEach(() => void nock.cleanAll());
  afterAll(async () => {
    await app?.stop();
    nock.enableNetConnect();
  });

  it('answers a signed slash command, takes an order and reports health on the same port', async () => {
    fakeSlackDirectory();
    const origin = new URL(app.url).origin;
    const reply = await app.command('U0ANN00001', 'customer add Acme');
    expect(messageText(reply)).toContain('Acme');
    const order = await fetch(`${origin}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ order_id: 'A1', customer: 'Acme', amount: 100, ordered_at: '2026-11-20' }),
    });
    expect(order.status).toBe(201);
    expect(await t.prisma.order.count()).toBe(1);
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    // Slack alone is public: no sandbox page beside it.
    expect((await fetch(`${origin}/sandbox`)).status).toBe(404);
    expect(app.rapport.platforms).toEqual(['slack']);
  });
});

/** A minimal chat platform of this test only: a command route and a messenger that records. */
function testPlatform(sent: Array<{ to: string; reply: Reply }>): PlatformModule {
  const messenger: PlatformMessenger = {
    capabilities: SANDBOX_CAPABILITIES,
    sendDirect: async (to, reply) => (sent.push({ to, reply }), { ref: `test:${sent.length}` }),
    sendToChannel: async (to, reply) => (sent.push({ to, reply }), { ref: `test:${sent.length}` }),
    update: async () => undefined,
    sendFile: async () => undefined,
  };
  return {
    name: 'testchat',
    configured: () => true,
    create: ({ bot }) => ({
      messenger,
      directory: { lookupProfile: async () => ({ kind: 'member', workspace: { id: 'test-co' } }), homeWorkspace: async () => ({ id: 'test-co' }) },
      mount(web) {
        web.post('/testchat/command', express.json(), async (req, res) => {
          const body = req.body as { user: string; text: string };
          const outcome = await bot.command({ platform: 'testchat', externalId: body.user }, body.text, { conversationId: `dm:${body.user}` });
          res.json({ text: outcome.reply?.text ?? '' });
        });
      },
    }),
  };
}

describe('another platform without Slack', () => {
  const running: Rapport[] = [];
  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'silent', ...env });
    const rapport = await createRapport({ config, logger: createLogger('silent'), migrate: false, schedule: false, seedSandbox: false, platforms: [...PLATFORMS, testPlatform([])] });
    running.push(rapport);
    const { port, host } = await rapport.start();
    return { rapport, host, base: `http://127.0.0.1:${port}` };
  };
  afterEach(async () => {
    for (const rapport of running.splice(0)) await rapport.stop();
  });

  it('listens on the public host and leaves the sandbox off (SANDBOX unset)', async () => {
    const { rapport, host, base } = await start({});
    expect(rapport.platforms).toEqual(['testchat']);
    expect(host).toBe('0.0.0.0');
    const answered = await fetch(`${base}/testchat/command`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'zhang', text: 'help' }) });
    expect(answered.status).toBe(200);
    // The bot's help, in the default language: the person became a rep of ours on this platform.
    expect(((await answered.json()) as { text: string }).text).toMatch(/\/crm/);
    expect((await fetch(`${base}/sandbox`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('keeps a HOST that was given, and serves the sandbox beside it only with SANDBOX=1', async () => {
    const given = await start({ HOST: '127.0.0.1' });
    expect(given.host).toBe('127.0.0.1');
    expect(given.rapport.platforms).toEqual(['testchat']);
    const both = await start({ SANDBOX: '1' });
    expect(both.rapport.platforms).toEqual(['testchat', 'sandbox']);
    expect((await fetch(`${both.base}/sandbox`)).status).toBe(200);
  });

  it('the sandbox alone stays on this machine', async () => {
    const config = loadConfig({ DATABASE_URL: t.url, PORT: '0', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, LOG_LEVEL: 'silent' });
    const rapport = await createRapport({ config, logger: createLogger('silent'), migrate: false, schedule: false, seedSandbox: false });
    running.push(rapport);
    expect(rapport.platforms).toEqual(['sandbox']);
    expect((await rapport.start()).host).toBe('127.0.0.1');
  });
});
