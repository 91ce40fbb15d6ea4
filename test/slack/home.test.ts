// The App Home tab on Slack: the page the Bot builds, rendered for a Home view within Block Kit's
// limits (however much data), published on app_home_opened, refreshed (debounced) after a user's work.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/chat/bot-types.js';
import { viewIn } from '../../src/chat/context.js';
import { block, button, privateReply, type Block } from '../../src/chat/reply.js';
import { HOME_LIMITS, homeReply, welcomeHomeReply, type HomeData } from '../../src/chat/views/home.js';
import type { CallbackView } from '../../src/chat/views/callbacks.js';
import type { Callback, Customer, Poll, User } from '../../src/domain/types.js';
import { DEFAULT_TIER_CONFIG, tierNamesOf } from '../../src/domain/tiering/config.js';
import { renderHomeView } from '../../src/platforms/slack/home.js';
import { LIMITS } from '../../src/platforms/slack/limits.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { createSlackApp } from '../../src/platforms/slack/app.js';
import { appHomeOpenedPayload, blockActionsPayload, postSigned, TEST_BOT_ID, TEST_BOT_USER_ID, TEST_USER_ID } from '../helpers/slack.js';
import { createFakeBot, createMemoryDeliveries, expectSlackApi, serveSlackAdapter, sleep, startSlackTestApp, testEnv, within, type FakeBot, type TestSlackApp } from './harness.js';

const NOW = new Date('2026-11-24T02:00:00Z');
const HOUR = 60 * 60 * 1000;
const settings = { tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) };
const LONG = 'Ünïcødé 客户 & <Partners> '.repeat(12); // ~300 characters, escaped by the renderer

function user(id: number, role: User['role'], name = `Person ${id}`): User {
  return { id, accounts: [{ platform: 'slack', externalId: `U${id}`, workspaceId: 'T1', lastUsedAt: null }], notifyPlatform: null, displayName: name, role, locale: 'en', localeSeenAt: null, timezone: 'Asia/Shanghai', managerId: null, workingHours: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] } };
}

function customer(id: number, name = `${LONG}${id}`): Customer {
  return {
    id, name, ownerId: 1, lifecycleStage: 'active', tier: 'core', cadenceDays: null, totalSpend: 0, orderCount: 0, lastOrderAt: null, lastContactAt: null,
    channelId: null, channelName: null, channelPlatform: null, language: null, stageOverride: null, riskScore: 0, erasedAt: null, createdAt: NOW, updatedAt: NOW,
    company: null, phone: null, email: null, industry: null, region: null, tags: [],
  };
}

function callbackView(id: number): CallbackView {
  const callback: Callback = {
    id, customerId: id, assigneeId: 1, reason: 'one_off', note: LONG.repeat(3), dueAt: new Date(NOW.getTime() + (id - 8) * HOUR), deliverAt: NOW, status: 'pending',
    attempts: 0, lastError: null, sentAt: null, messageRef: null, escalatedAt: null, completedAt: null, completedById: null,
  };
  return { callback, customer: customer(id), lastContact: null, cadenceDays: 14 };
}

function poll(id: number): Poll {
  return {
    id, customerId: id, kind: id % 2 ? 'nps' : 'csat', question: 'How are we doing?', locale: 'en', anonymous: false, allowInternal: false, platform: 'slack', workspaceId: 'T1',
    channelId: 'C1', channelName: null, messageRef: null, status: 'open', closesAt: new Date(NOW.getTime() + 72 * HOUR), createdById: 1, campaignId: null, closedAt: null,
    resultsPostedAt: null, revision: 0, renderedRevision: 0, createdAt: NOW,
  };
}

/** A page with everything full: 15 callbacks due, 12 open polls, 9 low scores, 14 tiers (more than a fields block holds). */
function fullPage(actor: User, withTeam: boolean): HomeData {
  const tiers = Array.from({ length: 14 }, (_, i) => ({ tier: i < 3 ? DEFAULT_TIER_CONFIG.tiers[i]!.id : `tier-${i}`, count: 1000 + i }));
  return {
    actor,
    now: NOW,
    today: { items: Array.from({ length: 15 }, (_, i) => callbackView(i + 1)), total: 15 },
    tiers,
    polls: { items: Array.from({ length: 12 }, (_, i) => ({ poll: poll(i + 1), customer: customer(i + 1) })), total: 12, scope: withTeam ? 'team' : 'own' },
    lowScores: { items: Array.from({ length: 9 }, (_, i) => ({ customer: customer(i + 1), kind: 'nps' as const, score: 2, at: NOW })), total: 9 },
    team: withTeam ? { scope: 'team', tiers, overdueCallbacks: 1234 } : null,
  };
}

type Element = { type: string; action_id?: string; text?: { text: string }; options?: Array<{ text: { text: string }; value: string }> };
type SlackBlock = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Element[]; accessory?: Element };

/** Every Block Kit limit the Home view must respect. */
function expectWithinLimits(view: { type: string; blocks: unknown[] }): void {
  expect(view.type).toBe('home');
  const blocks = view.blocks as SlackBlock[];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(100);
  const actionIds: string[] = [];
  const controls = (b: SlackBlock) => [...(b.type === 'actions' ? (b.elements ?? []) : []), ...(b.accessory ? [b.accessory] : [])];
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.fields) {
      expect(b.fields.length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (b.type === 'context') for (const e of b.elements ?? []) expect(e.text!.toString().length).toBeLessThanOrEqual(LIMITS.contextText);
    if (b.type === 'actions') expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.elementsPerActions);
    for (const c of controls(b)) {
      expect(c.action_id!.length).toBeLessThanOrEqual(LIMITS.actionId);
      actionIds.push(c.action_id!);
      if (c.type === 'button') expect(c.text!.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
      for (const o of c.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(LIMITS.optionText);
    }
  }
  expect(new Set(actionIds).size).toBe(actionIds.length); // unique within the view
}

const texts = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks);

describe('the Home page, rendered for Slack', () => {
  const en = viewIn('en', 'Asia/Shanghai', settings);
  const zh = viewIn('zh', 'Asia/Shanghai', settings);

  it('a rep with 15 callbacks due: 10 shown with Log call / Done / Snooze, the rest counted; within every limit', () => {
    const view = renderHomeView(homeReply(en, fullPage(user(1, 'rep'), false)));
    expectWithinLimits(view);
    const json = texts(view);
    expect(json.match(/callback\.done#/g)).toHaveLength(HOME_LIMITS.callbacks);
    expect(json.match(/callback\.log#/g)).toHaveLength(HOME_LIMITS.callbacks);
    expect(json.match(/callback\.snooze#/g)).toHaveLength(HOME_LIMITS.callbacks);
    expect(json).toContain('… and 5 more: `/crm due`');
    expect(json).toContain('… and 7 more: `/crm poll list open`');
    expect(json).toContain('… and 4 more');
    expect(json).toContain('⏰ overdue');
    expect(json).not.toContain('Team figures');
    expect(json).not.toContain('callback.reassign'); // the Home page keeps to the rep's own controls
    // The quick buttons.
    expect(json).toContain('"text":"Log contact"');
    expect(json).toContain('"value":"log"');
    expect(json).toContain('"text":"New poll"');
  });

  it('a manager also gets the team figures; still within every limit', () => {
    const view = renderHomeView(homeReply(en, fullPage(user(2, 'manager'), true)));
    expectWithinLimits(view);
    const json = texts(view);
    expect(json).toContain('Team figures');
    expect(json).toContain('Overdue callbacks');
    expect(json).toContain('1234');
    expect(json).toContain('"value":"due team overdue"');
    expect(json).toContain('"value":"tiers team"');
  });

  it('speaks Chinese to a zh user, and welcomes someone it does not know yet', () => {
    const view = renderHomeView(homeReply(zh, fullPage(user(2, 'manager', '李雷'), true)));
    expectWithinLimits(view);
    const json = texts(view);
    for (const words of ['今日', '我的客户分层', '进行中的投票', '近期低分', '团队数据', '记录通话', '完成', '新建投票']) expect(json).toContain(words);
    const welcome = renderHomeView(welcomeHomeReply(zh));
    expectWithinLimits(welcome);
    expect(texts(welcome)).toContain('欢迎使用 Rapport');
  });

  it('never sends more than 100 blocks, numbers action_ids across the view, and keeps what fits', () => {
    const blocks: Block[] = Array.from({ length: 150 }, (_, i) => block.section(`row ${i}`, button('customer.show', 'Open', String(i))));
    const view = renderHomeView(privateReply('x', blocks));
    expectWithinLimits(view);
    expect(view.blocks).toHaveLength(100);
    expect(texts(view)).toContain('customer.show#98');
    expect(JSON.stringify(view.blocks.at(-1))).toContain('(+51)');
  });
});

describe('publishing the Home tab', () => {
  let slack: TestSlackApp;
  let bot: FakeBot;
  let quick: { url: string; stop: () => Promise<void> };
  let actionOutcome: Outcome = { reply: privateReply('ok') };
  const events = () => `${slack.url}/slack/events`;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = createFakeBot({ home: async () => homeReply(viewIn('en', 'UTC', settings), fullPage(user(1, 'manager'), true)), action: async () => actionOutcome });
    slack = await startSlackTestApp({ bot });
    // The same adapter with a short refresh delay, to see the debounce without waiting 1.5 s.
    const adapter = createSlackApp({
      config: loadConfig(testEnv()),
      bot,
      logger: createLogger('silent'),
      deliveries: createMemoryDeliveries(),
      webClientOptions: { retryConfig: { retries: 0 }, timeout: 2000 },
      botIdentity: { botId: TEST_BOT_ID, botUserId: TEST_BOT_USER_ID },
      homeRefreshDelayMs: 300,
    });
    const served = await serveSlackAdapter(adapter);
    quick = { url: `${served.url}/slack/events`, stop: served.stop };
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    bot.home.mockClear();
  });
  afterAll(async () => {
    await Promise.all([slack.stop(), quick.stop()]);
    nock.enableNetConnect();
  });

  it('app_home_opened (Home tab): bot.home published with views.publish for that user', async () => {
    const published = expectSlackApi('views.publish');
    await postSigned(events(), 'event', appHomeOpenedPayload({ tab: 'home' }));
    const body = await within(published, 3000, 'views.publish');
    expect(body.user_id).toBe(TEST_USER_ID);
    const view = (typeof body.view === 'string' ? JSON.parse(body.view) : body.view) as { type: string; blocks: unknown[] };
    expectWithinLimits(view);
    expect(bot.home).toHaveBeenCalledWith(expect.objectContaining({ platform: 'slack', externalId: TEST_USER_ID }));
  });

  it('the Messages tab publishes nothing', async () => {
    await postSigned(events(), 'event', appHomeOpenedPayload({ tab: 'messages' }));
    await sleep(200);
    expect(bot.home).not.toHaveBeenCalled();
  });

  it('after clicks whose Outcome asks for it, one refresh (debounced); none when it does not ask', async () => {
    // Replies go to the user's DM (clicks on a view carry no response_url).
    nock('https://slack.com').persist().post('/api/chat.postMessage').reply(200, { ok: true, channel: 'D1', ts: '1.1' });
    actionOutcome = { reply: privateReply('ok') };
    await postSigned(quick.url, 'interaction', blockActionsPayload({ actionId: 'customer.show#0', value: '1', view: { type: 'home' } }));
    await sleep(700);
    expect(bot.home).not.toHaveBeenCalled();

    actionOutcome = { reply: privateReply('done'), refreshHome: true };
    const published = expectSlackApi('views.publish');
    for (let i = 0; i < 3; i++) await postSigned(quick.url, 'interaction', blockActionsPayload({ actionId: 'callback.done#3', value: String(i + 1), view: { type: 'home' } }));
    const body = await within(published, 3000, 'the refresh');
    expect(body.user_id).toBe(TEST_USER_ID);
    await sleep(700);
    expect(bot.home).toHaveBeenCalledTimes(1); // three clicks, one publish
    nock.cleanAll();
  });
});
