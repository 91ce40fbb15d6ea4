// Customers and contact logging end to end: signed Slack requests over real HTTP → the app →
// the real database of this run (SQLite or PostgreSQL) → what was sent back to Slack.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, blockSuggestionPayload, messageImEventPayload, messageShortcutPayload, postSigned, RESPONSE_URL_ORIGIN, responseUrlPath, slashCommandPayload, viewSubmissionPayload } from '../helpers/slack.js';
import { captureResponseUrl, captureSlackApi, findButton, messageText, slackShown, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const LI = 'U0LI000001';
const BOB = 'U0BOB00001';
// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const app = useSlackApp(t, NOW);

async function click(user: string, button: { action_id: string; value: string }) {
  const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
  const answered = captureResponseUrl(responseUrl);
  const response = await app.send('interaction', blockActionsPayload({ actionId: button.action_id, value: button.value, userId: user, responseUrl }));
  expect(response.status).toBe(200);
  return answered;
}

describe('customers', () => {
  it('adds a customer owned by its creator, in the creator’s language, and audits it', async () => {
    const reply = await app.command(ANN, 'customer add "Acme Trading" company=Acme phone="+86 138 0013 8000" email=Sales@Acme.com tags=vip,east');
    expect(reply.response_type).toBe('ephemeral');
    expect(messageText(reply)).toContain('Customer *Acme Trading* (#1) created, owned by Ann');
    const customer = await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 }, include: { owner: { include: { accounts: true } } } });
    expect(customer.owner.accounts[0]!.externalId).toBe(ANN);
    expect(customer.owner.role).toBe('rep');
    expect(customer.tags).toBe(',vip,east,');
    const audit = await t.prisma.auditEvent.findMany({ where: { action: 'customer.create' } });
    expect(audit).toHaveLength(1);
    // The audit trail records the change, with personal values sealed under the customer's own key.
    expect(audit[0]?.after).toContain('"tags":["vip","east"]');
    for (const personal of ['Acme', '138', '8000', 'acme.com']) expect(audit[0]?.after).not.toContain(personal);

    const zh = await app.command(LI, '客户 添加 “上海 贸易” 行业=制造');
    expect(messageText(zh)).toContain('已创建客户 *上海 贸易*（#2），负责人：李雷');
  });

  it('refuses a duplicate name, an unknown option and a bad email, changing nothing', async () => {
    await app.command(ANN, 'customer add Acme');
    const duplicate = await app.command(ANN, 'customer add ACME');
    expect(messageText(duplicate)).toContain('A customer with that name exists already');
    const unknown = await app.command(ANN, 'customer add Beta colour=red');
    expect(messageText(unknown)).toContain('“colour” is not an option I know');
    expect(messageText(unknown)).toContain('/crm customer add &lt;name&gt;');
    const email = await app.command(LI, '客户 添加 Gamma 邮箱=nope');
    expect(messageText(email)).toContain('*邮箱* 的值无效');
    expect(await t.prisma.customer.count()).toBe(1);
  });

  it('shows the archive card with the last five contacts', async () => {
    await app.command(ANN, 'customer add Acme company=Acme');
    for (let i = 1; i <= 6; i++) {
      app.clock.set(new Date(NOW.getTime() + i * 60_000));
      await app.command(ANN, `log Acme call contact number ${i}`);
    }
    const card = await app.command(ANN, 'customer show acme');
    const text = messageText(card);
    expect(text).toContain('Acme');
    expect(text).toContain('contact number 6');
    expect(text).toContain('contact number 2');
    expect(text).not.toContain('contact number 1');
    expect(findButton(card, 'contact.form').value).toBe('1');
  });

  it('offers a choice when several customers match, and a create button when none does', async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
    await app.command(ANN, 'customer add "Acme Foods"');
    const ambiguous = await app.command(ANN, 'customer show acme');
    expect(messageText(ambiguous)).toContain('Several customers match “acme”');
    const card = await click(ANN, findButton(ambiguous, 'cmd.run', 'Acme Foods'));
    expect(messageText(card)).toContain('Acme Foods');
    expect(messageText(card)).toContain('Customer #2');

    const none = await app.command(ANN, 'customer show Zeta');
    expect(messageText(none)).toContain('No customer matches “Zeta”');
    const created = await click(ANN, findButton(none, 'customer.quick_add'));
    expect(created.replace_original).toBe(true);
    expect(messageText(created)).toContain('Customer *Zeta* (#3) created');
  });

  it('masks phone numbers in lists and shows them in full only on the card', async () => {
    await app.command(ANN, 'customer add Acme phone=13812345678');
    const list = messageText(await app.command(ANN, 'customer list'));
    expect(slackShown(list)).toContain('138****5678');
    expect(list).not.toContain('13812345678');
    expect(messageText(await app.command(ANN, 'customer show Acme'))).toContain('13812345678');
  });

  it('lists page by page with working navigation', async () => {
    for (let i = 1; i <= 23; i++) await app.rapport.domain.customers.add(await app.rapport.domain.users.ensure({ platform: 'slack', externalId: ANN }), { name: `Customer ${String(i).padStart(2, '0')}` });
    const first = await app.command(ANN, 'customer list');
    expect(messageText(first)).toContain('Customers (mine) — 23');
    expect(messageText(first)).toContain('Page 1 of 3');
    expect(messageText(first)).toContain('Customer 10');
    expect(messageText(first)).not.toContain('Customer 11');
    const second = await click(ANN, findButton(first, 'customer.page', 'Next'));
    expect(second.replace_original).toBe(true);
    expect(messageText(second)).toContain('Page 2 of 3');
    expect(messageText(second)).toContain('Customer 11');
  });

  it('edits fields, audits before → after, and keeps a rep off a colleague’s customer', async () => {
    await app.command(ANN, 'customer add Acme region=West');
    const edited = await app.command(ANN, 'customer edit Acme region=East spend=1200.50 orders=3');
    expect(messageText(edited)).toContain('Customer *Acme* (#1) updated: region, spend, orders');
    const row = await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.region).toBe('East');
    expect(Number(row.totalSpend)).toBe(1200.5);
    const audit = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'customer.edit' } });
    expect(JSON.parse(audit.before ?? '{}')).toEqual({ region: 'West', totalSpend: 0, orderCount: 0 });
    expect(JSON.parse(audit.after ?? '{}')).toEqual({ region: 'East', totalSpend: 1200.5, orderCount: 3 });

    const denied = await app.command(BOB, 'customer edit Acme region=North');
    expect(messageText(denied)).toContain('this customer belongs to another rep');
    const show = await app.command(BOB, 'customer show #1');
    expect(messageText(show)).not.toContain('East');
    expect((await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 } })).region).toBe('East');
    expect(await t.prisma.auditEvent.count({ where: { action: 'access.denied' } })).toBe(2);
  });
});

describe('contact logging by command', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
  });

  it('logs a call with a natural-language follow-up in the user’s timezone', async () => {
    const reply = await app.command(ANN, 'log "Acme Trading" call Discussed the renewal, send quote next friday');
    expect(messageText(reply)).toContain('Logged a call with *Acme Trading*. Next follow-up: Fri 4 Dec 2026');
    const log = await t.prisma.contactLog.findFirstOrThrow();
    expect(log.summary).toBe('Discussed the renewal, send quote');
    expect(log.source).toBe('command');
    expect(log.nextFollowUpAt?.toISOString()).toBe('2026-12-04T01:00:00.000Z'); // 09:00 in Shanghai
    // The customer's next follow-up is its open callback (no column of its own to disagree with it).
    const next = await t.prisma.callback.findFirstOrThrow({ where: { customerId: 1, status: 'pending' } });
    expect(next.dueAt.toISOString()).toBe('2026-12-04T01:00:00.000Z');
  });

  it('understands Chinese and answers in Chinese', async () => {
    await app.command(LI, '客户 添加 上海贸易');
    const reply = await app.command(LI, '记录 上海贸易 电话 沟通续约 下次 3天后');
    expect(messageText(reply)).toContain('已记录与 *上海贸易* 的电话。下次跟进：2026年11月27日');
  });

  it('refuses bad dates, long summaries and unknown types without saving anything', async () => {
    expect(messageText(await app.command(ANN, 'log "Acme Trading" call hello next yesterday'))).toContain('The follow-up date is in the past');
    expect(messageText(await app.command(ANN, 'log "Acme Trading" call hello next blorp'))).toContain('I couldn’t read the date “blorp”');
    expect(messageText(await app.command(ANN, `log "Acme Trading" call ${'x'.repeat(3001)}`))).toContain('The summary is 3001 characters long; the limit is 3000');
    expect(messageText(await app.command(ANN, 'log "Acme Trading" fax hello'))).toContain('“fax” is not a contact type');
    expect(messageText(await app.command(ANN, 'frobnicate'))).toContain('I don’t know the command “frobnicate”');
    expect(await t.prisma.contactLog.count()).toBe(0);
  });

  it('keeps an unknown customer’s log as a draft with a create button, saved once however often Save is clicked', async () => {
    const reply = await app.command(ANN, 'log Zenith visit Site tour next tomorrow');
    expect(messageText(reply)).toContain('No customer matches “Zenith”');
    const withCustomer = await click(ANN, findButton(reply, 'draft.new_customer'));
    expect(messageText(withCustomer)).toContain('Zenith (#2)');
    const save = findButton(withCustomer, 'draft.save');
    const [first, second] = await Promise.all([click(ANN, save), click(ANN, save)]);
    const texts = [messageText(first), messageText(second)].join('\n');
    expect(texts).toContain('Saved: a visit with *Zenith*');
    expect(await t.prisma.contactLog.count()).toBe(1);
  });
});

describe('forms, shortcut and search', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
  });

  it('opens the contact modal and saves it; a past date keeps the modal open with the error', async () => {
    const opened = captureSlackApi('views.open', { ok: true, view: { id: 'V1' } });
    await app.send('command', slashCommandPayload({ userId: ANN, text: 'log' }));
    const view = (await opened).view as { private_metadata: string; callback_id: string; blocks: Array<{ block_id: string }> };
    expect(view.callback_id).toBe('contact.log');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['customer', 'channel', 'outcome', 'summary', 'next']);

    const values = (next: string) => ({
      customer: { value: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'Acme Trading (#1)' }, value: '1' } } },
      channel: { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Visit' }, value: 'visit' } } },
      outcome: { value: { type: 'static_select', selected_option: null } },
      summary: { value: { type: 'plain_text_input', value: 'Walked the plant floor' } },
      next: { value: { type: 'datepicker', selected_date: next } },
    });
    const refused = await app.send('interaction', viewSubmissionPayload({ callbackId: 'contact.log', privateMetadata: view.private_metadata, values: values('2026-11-01'), userId: ANN, blocks: view.blocks }));
    expect(refused.json).toEqual({ response_action: 'errors', errors: { next: 'The follow-up date is in the past. Pick today or a later date.' } });
    expect(await t.prisma.contactLog.count()).toBe(0);

    const accepted = await app.send('interaction', viewSubmissionPayload({ callbackId: 'contact.log', privateMetadata: view.private_metadata, values: values('2026-12-01'), userId: ANN, blocks: view.blocks }));
    expect(accepted.status).toBe(200);
    await expect.poll(() => t.prisma.contactLog.count()).toBe(1);
    const log = await t.prisma.contactLog.findFirstOrThrow();
    expect(log).toMatchObject({ channel: 'visit', summary: 'Walked the plant floor', source: 'modal' });
    expect(log.nextFollowUpAt?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('“Log as contact” opens the modal with the message as summary', async () => {
    const opened = captureSlackApi('views.open', { ok: true, view: { id: 'V2' } });
    await app.send('interaction', messageShortcutPayload({ text: 'Customer asked for a discount on 500 units', userId: ANN }));
    const view = (await opened).view as { blocks: Array<{ block_id: string; element: { initial_value?: string } }> };
    expect(view.blocks.find((b) => b.block_id === 'summary')?.element.initial_value).toBe('Customer asked for a discount on 500 units');
  });

  it('the customer picker searches as you type, only among the user’s customers', async () => {
    await app.command(BOB, 'customer add "Acme Bob"');
    const response = await app.send('interaction', blockSuggestionPayload({ value: 'acm', userId: ANN }));
    expect(response.json).toEqual({ options: [{ text: { type: 'plain_text', text: 'Acme Trading (#1)', emoji: true }, value: '1' }] });
  });
});

describe('plain messages to the bot', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
  });

  it('shows a draft, saves only on Save, and handles a Slack retry once', async () => {
    const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.2' });
    const event = messageImEventPayload({ text: 'called Acme Trading about the renewal, follow up next Tuesday', userId: ANN, eventId: 'Ev0DRAFT01' });
    expect((await app.send('event', event)).status).toBe(200);
    const draft = await posted;
    expect(messageText(draft)).toContain('Draft contact — save it?');
    expect(messageText(draft)).toContain('Acme Trading (#1)');
    expect(messageText(draft)).toContain('Tue 1 Dec 2026');
    // Slack retries the same event: it must not make a second draft.
    expect((await app.send('event', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await t.prisma.contactDraft.count()).toBe(1);
    expect(await t.prisma.contactLog.count()).toBe(0);

    const saved = await click(ANN, findButton(draft, 'draft.save'));
    expect(messageText(saved)).toContain('Saved: a call with *Acme Trading*');
    const log = await t.prisma.contactLog.findFirstOrThrow();
    expect(log.source).toBe('dm');
    expect(log.nextFollowUpAt?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    const again = await click(ANN, findButton(draft, 'draft.save'));
    expect(messageText(again)).toContain('already saved or cancelled');
    expect(await t.prisma.contactLog.count()).toBe(1);
  });

  it('Cancel discards the draft; someone else’s draft cannot be saved', async () => {
    const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.3' });
    await app.send('event', messageImEventPayload({ text: 'visited Acme Trading today', userId: ANN }));
    const draft = await posted;
    const stolen = await click(BOB, findButton(draft, 'draft.save'));
    expect(messageText(stolen)).toContain('already saved or cancelled');
    const cancelled = await click(ANN, findButton(draft, 'draft.cancel'));
    expect(messageText(cancelled)).toContain('Draft discarded');
    expect(await t.prisma.contactLog.count()).toBe(0);
  });

  it('a forged button value is refused politely', async () => {
    const reply = await click(ANN, { action_id: 'draft.save#0', value: 'not-a-uuid' });
    expect(messageText(reply)).toContain('That button is no longer valid');
  });
});

describe('request verification', () => {
  it('a bad signature gets 401 and changes nothing', async () => {
    const response = await postSigned(app.url, 'command', slashCommandPayload({ userId: ANN, text: 'customer add Evil' }), { signature: 'v0=deadbeef' });
    expect(response.status).toBe(401);
    const stale = await postSigned(app.url, 'command', slashCommandPayload({ userId: ANN, text: 'customer add Evil' }), { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(await t.prisma.customer.count()).toBe(0);
    expect(await t.prisma.user.count()).toBe(0);
  });
});

describe('logs', () => {
  it('a whole session of commands leaves no token, secret, phone number or email in the logs', async () => {
    const { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } = await import('../helpers/slack.js');
    const { TEST_ENCRYPTION_KEY } = await import('./harness.js');
    await app.command(ANN, 'customer add "Acme Trading" phone="+86 138 0013 8000" email=wang.wei@acme-trading.cn');
    await app.command(ANN, 'customer edit "Acme Trading" phone=13912345678 email=li.lei@example.com');
    await app.command(ANN, 'customer show "Acme Trading"');
    await app.command(ANN, 'log "Acme Trading" call Called 13912345678, wrote to li.lei@example.com next friday');
    await app.command(ANN, 'customer add Broken email=not-an-email phone=12');
    const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.9' });
    await app.send('event', messageImEventPayload({ text: 'called Acme Trading on 13912345678 about li.lei@example.com, follow up tomorrow', userId: ANN }));
    await posted;
    await postSigned(app.url, 'command', slashCommandPayload({ userId: ANN, text: 'customer show 13912345678' }), { signature: 'v0=bad' });
    const logs = app.logs();
    expect(logs.length).toBeGreaterThan(1000);
    for (const secret of [TEST_BOT_TOKEN, TEST_SIGNING_SECRET, TEST_ENCRYPTION_KEY.split(':')[1]!, '13912345678', '138 0013 8000', '0013 8000', 'li.lei@example.com', 'wang.wei@acme-trading.cn', 'example.com']) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});

describe('words', () => {
  const literal = (c: string) => `<!date^00000000^{_}|${c}>`;

  it('shows a name as it was typed: its stars and underscores are not formatting', async () => {
    const reply = await app.command(ANN, 'customer add "**Big** _deal_"');
    const stars = literal('*').repeat(2);
    expect(messageText(reply)).toContain(`Customer *${stars}Big${stars} ${literal('_')}deal${literal('_')}* (#1) created`);
    expect((await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 } })).name).toBe('**Big** _deal_');
    const card = await app.command(ANN, 'customer show #1');
    const header = (card.blocks as Array<{ type: string; text?: { text: string } }>).find((b) => b.type === 'header');
    expect(header?.text?.text).toBe('**Big** _deal_');
  });

  it('reads the audit trail as sentences in the reader’s language and timezone', async () => {
    const ADA = 'U0ADMIN001';
    await app.command(LI, 'help');
    await app.command(ANN, 'customer add 华东贸易');
    await app.command(ADA, `customer assign 华东贸易 <@${LI}>`);
    await app.command(ADA, `role <@${LI}> admin`);
    const trail = messageText(await app.command(LI, 'audit 华东贸易'));
    const reassign = await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'customer.reassign' } });
    // 李雷 reads in Chinese, in Asia/Shanghai (UTC+8).
    const local = new Date(reassign.at.getTime() + 8 * 3600_000);
    const time = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
    expect(trail).toContain(`${time}* Ada 将 *华东贸易* 的负责人由 Ann 改为 李雷`);
    expect(trail).toContain('Ann 创建了客户 *华东贸易*：负责人 Ann和阶段 潜在');
    expect(trail).toContain('华东贸易 的审计记录 — 最近 2 条');
  });
});
