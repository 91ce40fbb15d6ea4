// The §3 figures of issue 11 the way a user reaches them: signed slash commands to the Slack
// adapter over real HTTP (and an order through the REST API), the reply read from response_url.
// Other files test the same rules through the bot or the domain; this one proves the adapter path.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { messageText, slackShown, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001'; // rep, Asia/Shanghai
const BOB = 'U0BOB00001'; // manager of Ann
const ADMIN = 'U0ADMIN001';
const KEY = 'k'.repeat(32);
// Tuesday 2026-11-24 02:00 UTC = 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const app = useSlackApp(t, NOW, { API_KEYS: `erp:${KEY}` });
const slash = async (user: string, text: string) => slackShown(messageText(await app.command(user, text)));

beforeEach(async () => {
  for (const id of [ADMIN, ANN, BOB]) await slash(id, 'help');
  await slash(ADMIN, `role <@${BOB}> manager`);
  await slash(ADMIN, `team <@${BOB}> add <@${ANN}>`);
  await slash(ANN, 'customer add Acme');
});

describe('issue 11 §3 over signed Slack HTTP', () => {
  it('a new customer’s card shows its first callback as the next follow-up, and lists it', async () => {
    const card = await slash(ANN, 'customer show Acme');
    // Added Tuesday 24 Nov: the new-customer callback 7 days on, at the start of Ann's working day.
    expect(card).toContain('Next follow-up: Tue 1 Dec 2026');
    expect(card).toContain('Open callbacks* (1)\\nTue 1 Dec 2026 10:00 · Ann · first follow-up of a new customer');
  });

  it('report alone is the manager’s team', async () => {
    await slash(ANN, 'log Acme call renewal');
    const report = await slash(BOB, 'report');
    expect(report).toContain('Weekly report — your team');
    expect(report).toContain('Ann');
  });

  it('a date too far ahead is refused with its limit and changes nothing; 月底前 is understood', async () => {
    const before = await t.prisma.callback.count();
    expect(await slash(ANN, 'remind Acme in 1000 years call back')).toContain('more than 5 years ahead');
    expect(await t.prisma.callback.count()).toBe(before);
    expect(await slash(ANN, 'remind Acme 月底前 send the contract')).toContain('Mon 30 Nov 2026');
    expect(await t.prisma.callback.count()).toBe(before + 1);
  });

  it('an amount from the REST API shows with its currency on the card', async () => {
    const response = await fetch(app.url.replace('/slack/events', '/api/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ order_id: 'SO-1', customer: 'Acme', amount: 12800, ordered_at: '2026-11-20' }),
    });
    expect(response.status).toBe(201);
    expect(await slash(ANN, 'customer show Acme')).toContain('CN¥12,800');
  });
});
