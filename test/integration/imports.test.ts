// CSV imports from chat: a file dropped into the bot's DM (a signed file_share event), downloaded with
// the bot token, previewed with every problem, imported only on confirmation.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { messageImEventPayload, parseSlackApiBody, TEST_BOT_TOKEN, TEST_TEAM_ID } from '../helpers/slack.js';
import { findButton, SLACK_API, slackShown, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const NOW = new Date('2026-11-24T02:00:00Z');
const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });

let posts: Array<Record<string, unknown>>;
const app = useSlackApp(t, NOW);
beforeEach(async () => {
  posts = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      posts.push(parseSlackApiBody(body));
      return { ok: true, channel: 'D0DIRECT01', ts: `1764000000.${posts.length}` };
    });
  await app.rapport.bot.command(as(ANN), 'help');
});

/** Serves a file at files.slack.com, only to the bot token; resolves the bytes' URL. */
function slackFile(name: string, bytes: Uint8Array): string {
  const path = `/files-pri/T0TEAM0001-F0${Math.random().toString(36).slice(2, 8).toUpperCase()}/download/${encodeURIComponent(name)}`;
  nock('https://files.slack.com', { reqheaders: { authorization: `Bearer ${TEST_BOT_TOKEN}` } }).get(path).reply(200, Buffer.from(bytes));
  return `https://files.slack.com${path}`;
}

async function dropFile(name: string, bytes: Uint8Array): Promise<Record<string, unknown>> {
  const url = slackFile(name, bytes);
  const before = posts.length;
  const response = await app.send('event', messageImEventPayload({ text: '', userId: ANN, subtype: 'file_share', files: [{ id: 'F0FILE0001', name, size: bytes.length, url_private_download: url }] }));
  expect(response.status).toBe(200);
  for (let i = 0; i < 100 && posts.length === before; i++) await new Promise((r) => setTimeout(r, 20));
  return posts[posts.length - 1]!;
}

describe('importing a CSV sent to the bot', () => {
  it('previews every problem, imports nothing until confirmed, then imports the good rows once', async () => {
    await app.rapport.bot.command(as(ANN), 'customer add Acme');
    // GBK, as Excel saves it on a Chinese Windows: 订单号,客户,金额,下单日期
    const gbk = new TextEncoder().encode('order_id,customer,amount,ordered_at\nSO-1,Acme,1200,2026-11-01\nSO-2,Nobody,50,2026-11-02\nSO-3,Acme,abc,2026-11-03\nSO-1,Acme,1200,2026-11-01\n');
    const preview = await dropFile('orders.csv', gbk);
    const shown = slackShown(JSON.stringify(preview)); // as Slack shows it: a typed _ is sent as a literal
    expect(shown).toContain('orders.csv: 4 rows — 1 order ready, 3 with problems');
    expect(shown).toContain('Line 3: no customer');
    expect(shown).toContain('Line 4: amount must be a number');
    expect(shown).toContain('Line 5: order_id repeats line 2');
    expect(await t.prisma.order.count()).toBe(0);
    const confirm = findButton(preview, 'import.confirm');
    const done = await app.rapport.bot.action(as(ANN), 'import.confirm', confirm.value);
    expect(done.reply?.text).toContain('1 order imported');
    expect(await t.prisma.order.count()).toBe(1);
    expect((await t.prisma.customer.findFirstOrThrow()).rfmScore).not.toBeNull();
    // A second click (or another replica) finds it done.
    expect((await app.rapport.bot.action(as(ANN), 'import.confirm', confirm.value)).reply?.text).toContain('already confirmed or cancelled');
    expect(await t.prisma.order.count()).toBe(1);
  });

  it('reads owners as commands do: @name, display name in any case, platform id, a Slack mention; not a typo', async () => {
    const csv = 'name,owner\nAlpha,@ann\nBravo,ANN\nCharlie,U0ANN00001\nDelta,<@U0ANN00001>\nEcho,@Nobody\nFoxtrot,Anm\n';
    const preview = JSON.stringify(await dropFile('customers.csv', new TextEncoder().encode(csv)));
    expect(preview).toContain('4 ready (4 new customers, 0 updates)');
    expect(preview).toContain('Line 6: no user \\"@Nobody\\" to own this customer');
    expect(preview).toContain('Line 7: no user \\"Anm\\" to own this customer');
  });

  it('reads GBK files with Chinese headers, and refuses files that are not CSV', async () => {
    const gbkBytes = Uint8Array.from(Buffer.from('c3fbb3c62cb5e7bbb00ac9cfbaa3c3b3d2d72c2b3836203133382030303133203830303010', 'hex'));
    // 名称,电话 / 上海贸易,+86 138 0013 8000 — in GBK (the last byte is a line feed).
    const preview = JSON.stringify(await dropFile('客户.csv', gbkBytes.subarray(0, gbkBytes.length - 1)));
    expect(preview).toContain('1 ready (1 new customer, 0 updates)');
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0]);
    expect(JSON.stringify(await dropFile('orders.xlsx', xlsx))).toContain('This is not a CSV file');
    expect(await t.prisma.importBatch.count()).toBe(1);
  });
});
