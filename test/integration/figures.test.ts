// Amounts with a currency (DEFAULT_CURRENCY and per order, through the REST API and CSV), spend
// never added across currencies, an import preview that refuses what the commit would, and dates
// refused with their reason wherever they are typed.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { FORMS } from '../../src/chat/ids.js';
import { useTestDatabase } from '../helpers/database.js';
import { messageImEventPayload, parseSlackApiBody, TEST_BOT_TOKEN, TEST_TEAM_ID } from '../helpers/slack.js';
import { findButton, SLACK_API, startApp, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001'; // en-US
const LI = 'U0LI000001'; // zh-CN
const NOW = new Date('2026-11-24T02:00:00Z');
const KEY = 'k'.repeat(32);

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;
const post = (body: unknown) =>
  fetch(app.url.replace('/slack/events', '/api/orders'), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) });

let posts: Array<Record<string, unknown>>;
const app = useSlackApp(t, NOW, { API_KEYS: `erp:${KEY}` });
beforeEach(async () => {
  posts = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      posts.push(parseSlackApiBody(body));
      return { ok: true, channel: 'D0DIRECT01', ts: `1764000000.${posts.length}` };
    });
  for (const id of [ANN, LI]) await run(id, 'help');
  await run(ANN, 'customer add Acme');
  await run(ANN, `customer share Acme <@${LI}>`);
});

describe('currencies through the REST API', () => {
  it('stores each order’s ISO 4217 currency (else the default), counts spend in the default only, and lists the others', async () => {
    expect((await post({ order_id: 'A1', customer: 'Acme', amount: 12800, ordered_at: '2026-11-20' })).status).toBe(201);
    expect((await post({ order_id: 'A2', customer: 'Acme', amount: 1200.5, ordered_at: '2026-11-21', currency: ' usd ' })).status).toBe(201);
    expect((await post({ order_id: 'A3', customer: 'Acme', amount: 300, ordered_at: '2026-11-22', currency: 'CNY' })).status).toBe(201);
    const bad = await post({ order_id: 'A4', customer: 'Acme', amount: 1, ordered_at: '2026-11-22', currency: 'ABC' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'currency', message: expect.stringContaining('ISO 4217') });
    const stored = await t.prisma.order.findMany({ orderBy: { orderId: 'asc' } });
    expect(stored.map((o) => [o.orderId, o.currency, Number(o.amount)])).toEqual([['A1', 'CNY', 12800], ['A2', 'USD', 1200.5], ['A3', 'CNY', 300]]);
    expect(await app.rapport.domain.customers.card(await app.rapport.domain.users.ensure(as(ANN)), stored[0]!.customerId).then((c) => c.spendByCurrency)).toEqual([{ currency: 'CNY', amount: 13100, orders: 2 }, { currency: 'USD', amount: 1200.5, orders: 1 }]);
    // The same id in another currency is other figures: refused, nothing changes.
    const conflict = await post({ order_id: 'A1', customer: 'Acme', amount: 12800, ordered_at: '2026-11-20', currency: 'USD' });
    expect(conflict.status).toBe(207);
    expect(await conflict.json()).toMatchObject({ rejected: 1 });
    // Spend = 12,800 + 300 CNY; the USD order counts as an order, not as spend.
    const acme = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
    expect(Number(acme.totalSpend)).toBe(13100);
    expect(acme.orderCount).toBe(3);
    const en = text(await run(ANN, 'customer show Acme'));
    expect(en).toContain('CN¥13,100 spent · 3 orders · also $1,200.50 (1 order), not counted in spend or tiers');
    const zh = text(await run(LI, 'customer show Acme'));
    expect(zh).toContain('消费 ¥13,100 · 3 笔订单 · 另有 US$1,200.50（1 笔订单），不计入消费和等级');
    // The tier's monetary figure is the CNY spend too.
    expect(text(await run(ANN, 'tier Acme'))).toContain('Monetary: CN¥13,100 in the last 365 days');
  });

  it('gives orders stored without a currency the configured default at start-up', async () => {
    const acme = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
    await t.prisma.order.create({ data: { orderId: 'OLD-1', customerId: acme.id, amount: 50, currency: null, orderedAt: NOW, source: 'api' } });
    const other = await startApp(t.url, NOW, { DEFAULT_CURRENCY: 'usd' });
    try {
      expect((await t.prisma.order.findUniqueOrThrow({ where: { orderId: 'OLD-1' } })).currency).toBe('USD');
      expect(other.rapport.domain.tiers.currency).toBe('USD');
    } finally {
      await other.stop();
    }
  });
});

/** Serves a file at files.slack.com to the bot token, drops it into Ann's DM and resolves the bot's reply. */
async function dropFile(name: string, content: string): Promise<Record<string, unknown>> {
  const bytes = Buffer.from(content);
  const path = `/files-pri/T0TEAM0001-F0${Math.random().toString(36).slice(2, 8).toUpperCase()}/download/${name}`;
  nock('https://files.slack.com', { reqheaders: { authorization: `Bearer ${TEST_BOT_TOKEN}` } }).get(path).reply(200, bytes);
  const before = posts.length;
  const response = await app.send('event', messageImEventPayload({ text: '', userId: ANN, subtype: 'file_share', files: [{ id: 'F0FILE0001', name, size: bytes.length, url_private_download: `https://files.slack.com${path}` }] }));
  expect(response.status).toBe(200);
  for (let i = 0; i < 100 && posts.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  return posts[posts.length - 1]!;
}

describe('an orders CSV', () => {
  it('previews a known order id with other figures as a problem, skips one with the same figures, and the commit refuses nothing', async () => {
    expect((await post({ order_id: 'SO-1', customer: 'Acme', amount: 1000, ordered_at: '2026-11-01T00:00:00+08:00' })).status).toBe(201);
    expect((await post({ order_id: 'SO-2', customer: 'Acme', amount: 500, ordered_at: '2026-11-02T00:00:00+08:00', currency: 'EUR' })).status).toBe(201);
    // Ann is in Asia/Shanghai: a bare date is her local midnight, as the API orders above.
    const csv = [
      'order_id,customer,amount,ordered_at,currency',
      'SO-1,Acme,1000,2026-11-01,', // the same order again (default currency): skipped
      'SO-2,Acme,500,2026-11-02,USD', // stored in EUR: other figures
      'SO-3,Acme,200,2026-11-03,usd', // new, in USD
      'SO-4,Acme,80,2026-11-04,人民币', // new, CNY
      'SO-5,Acme,1,2026-11-05,XYZ', // not ISO 4217
    ].join('\n');
    const preview = JSON.stringify(await dropFile('orders.csv', csv));
    expect(preview).toContain('orders.csv: 5 rows — 3 orders ready, 2 with problems. 1 of them is stored already and will be skipped.');
    expect(preview).toContain('Line 3: order SO-2 was imported before with other figures');
    expect(preview).toContain('Line 6: currency must be an ISO 4217 code such as CNY or USD (got \\"XYZ\\")');
    const confirm = findButton(JSON.parse(preview), 'import.confirm');
    const done = await app.rapport.bot.action(as(ANN), 'import.confirm', confirm.value);
    expect(done.reply?.text).toContain('orders.csv: 2 orders imported, 1 already there, 0 refused.');
    const stored = await t.prisma.order.findMany({ orderBy: { orderId: 'asc' } });
    expect(stored.map((o) => [o.orderId, o.currency, Number(o.amount)])).toEqual([['SO-1', 'CNY', 1000], ['SO-2', 'EUR', 500], ['SO-3', 'USD', 200], ['SO-4', 'CNY', 80]]);
    expect(Number((await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } })).totalSpend)).toBe(1080);
  });

  it('is checked the same way for npm run import (the one check in src/domain/imports.ts)', async () => {
    expect((await post({ order_id: 'SO-9', customer: 'Acme', amount: 10, ordered_at: '2026-11-01' })).status).toBe(201);
    const actor = await app.rapport.domain.users.ensure(as(ANN));
    const row = { line: 2, orderId: 'SO-9', customer: 'Acme', amount: 10, orderedAt: '2026-11-01' };
    const file = (rows: Array<typeof row & { currency?: string }>) => ({ kind: 'orders' as const, rows, errors: [], total: rows.length, encoding: 'utf-8', delimiter: ',', unknownColumns: [], missingColumns: [], duplicateColumns: [] });
    // The API took the bare date as UTC midnight; read in UTC the row is the same order.
    const same = await app.rapport.domain.imports.check(actor, file([row]), 'UTC');
    expect(same).toMatchObject({ good: [row], errors: [], creates: 0, updates: 1 });
    // Read in Shanghai it is eight hours earlier: other figures.
    const shifted = await app.rapport.domain.imports.check(actor, file([row]), 'Asia/Shanghai');
    expect(shifted.errors).toEqual([{ line: 2, field: 'order_id', code: 'order_conflict', value: 'SO-9' }]);
    const dearer = await app.rapport.domain.imports.check(actor, file([{ ...row, amount: 11 }]), 'UTC');
    expect(dearer.errors.map((e) => e.code)).toEqual(['order_conflict']);
  });
});

describe('a customers CSV', () => {
  it('previews what the commit would refuse (other owners, customers one may not edit), and the commit then refuses nothing', async () => {
    await run(LI, 'customer add Hooli');
    const actor = await app.rapport.domain.users.ensure(as(ANN));
    const rows = [
      { line: 2, name: 'Acme', company: 'Acme Ltd' }, // Ann's own: fine
      { line: 3, name: 'Acme', owner: 'U0LI000001' }, // moving her customer to Li: a manager's call
      { line: 4, name: 'NewCo', owner: 'U0LI000001' }, // a new customer for someone else: the same
      { line: 5, name: 'Hooli', region: 'East' }, // Li's, not shared with Ann
      { line: 6, name: 'Initech' }, // new, hers
    ];
    const file = { kind: 'customers' as const, rows, errors: [], total: rows.length, encoding: 'utf-8', delimiter: ',', unknownColumns: [], missingColumns: [], duplicateColumns: [] };
    const checked = await app.rapport.domain.imports.check(actor, file, 'Asia/Shanghai');
    expect(checked.errors).toEqual([
      { line: 3, field: 'owner', code: 'not_allowed', value: 'Acme' },
      { line: 4, field: 'owner', code: 'not_allowed', value: 'NewCo' },
      { line: 5, field: 'name', code: 'not_allowed', value: 'Hooli' },
    ]);
    expect(checked).toMatchObject({ creates: 1, updates: 1 });
    const applied = await app.rapport.domain.imports.apply(actor, 'customers', checked.good, 'Asia/Shanghai');
    expect(applied).toEqual({ created: 1, updated: 1, skipped: 0, failed: [] });
  });
});

describe('dates typed to the bot', () => {
  it('beyond five years: refused with the limit named, by remind, log … next, poll closes, the forms; nothing saved', async () => {
    // Ann is in Shanghai: now is 24 Nov 2026 10:00, the limit 24 Nov 2031.
    const limit = '“in 1000 years” is more than 5 years ahead: dates up to Mon 24 Nov 2031 work.';
    expect(text(await run(ANN, 'remind Acme in 1000 years bring samples'))).toContain('is more than 5 years ahead: dates up to Mon 24 Nov 2031 work.');
    expect(text(await run(ANN, 'log Acme call renewal next in 1000 years'))).toContain(limit);
    expect(text(await run(ANN, 'poll csat Acme closes 2999-01-01'))).toContain('“2999-01-01” is more than 5 years ahead');
    expect(text(await run(LI, 'remind Acme 2999-01-01'))).toContain('超过 5 年之后：最晚可以设到 2031年11月24日 周一');
    const acme = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
    const form = await app.rapport.bot.submitForm(as(ANN), FORMS.logContact, JSON.stringify({ source: 'modal' }), { customer: String(acme.id), channel: 'call', summary: 'renewal', next: '2999-01-01' });
    expect(form.formErrors?.next).toContain('more than 5 years ahead');
    // Only the new customer's own callback: the refused remind made none.
    const before = await t.prisma.callback.findMany();
    expect(before).toHaveLength(1);
    const snooze = await app.rapport.bot.submitForm(as(ANN), FORMS.snooze, String(before[0]!.id), { until: '2999-01-01' });
    expect(snooze.formErrors?.until).toContain('“2999-01-01” is more than 5 years ahead');
    expect(await t.prisma.callback.findMany()).toEqual(before);
    expect(await t.prisma.contactLog.count()).toBe(0);
    expect(await t.prisma.poll.count()).toBe(0);
  });

  it('a day the calendar does not have is named, in a command and in a sentence (the draft keeps no follow-up)', async () => {
    expect(text(await run(ANN, 'remind Acme Feb 30'))).toContain('There is no “Feb 30” in the calendar: that month has fewer days.');
    expect(text(await run(LI, 'remind Acme 2月30日'))).toContain('日历上没有“2月30日”：那个月没有这么多天。');
    const en = await app.rapport.bot.message(as(ANN), 'called Acme about the renewal, follow up on Feb 30');
    expect(text(en)).toContain('⚠️ No follow-up set: There is no “Feb 30” in the calendar');
    const zh = await app.rapport.bot.message(as(LI), '给Acme打了电话，2月30日回访');
    expect(text(zh)).toContain('未设置回访：日历上没有“2月30日”');
    const drafts = await t.prisma.contactDraft.findMany();
    expect(drafts).toHaveLength(2);
    expect(drafts.every((d) => d.nextFollowUpAt === null)).toBe(true);
  });

  it('month words set the follow-up: 下个月初 is the 1st of next month, end of month its last day', async () => {
    const zh = await app.rapport.bot.message(as(LI), '给Acme打了电话，下个月初回访');
    expect(text(zh)).not.toContain('未设置回访');
    expect(text(await run(ANN, 'log Acme call renewal next end of month'))).toContain('Mon 30 Nov 2026');
    const drafts = await t.prisma.contactDraft.findMany();
    // 1 Dec 09:00 in Shanghai.
    expect(drafts.map((d) => d.nextFollowUpAt?.toISOString())).toEqual(['2026-12-01T01:00:00.000Z']);
  });
});
