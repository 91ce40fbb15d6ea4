// Names and mentions as people type them (issue 11 §2), end to end: signed Slack requests over real
// HTTP → the app → this run's database (SQLite or PostgreSQL) → what went back to Slack.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, messageImEventPayload, RESPONSE_URL_ORIGIN, responseUrlPath } from '../helpers/slack.js';
import { captureResponseUrl, captureSlackApi, findButton, messageText, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const LI = 'U0LI000001';
const BOB = 'U0BOB00001';
const ADMIN = 'U0ADMIN001';
/** Not in the fake Slack directory: known to Rapport only, under a two-word name. */
const BOB_SMITH = 'U0BOBS0001';
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

async function dm(user: string, text: string) {
  const posted = captureSlackApi('chat.postMessage', { ok: true, ts: '1.2' });
  expect((await app.send('event', messageImEventPayload({ text, userId: user }))).status).toBe(200);
  return posted;
}

const hasButton = (message: Record<string, unknown>, action: string) => JSON.stringify(message.blocks ?? []).includes(`"action_id":"${action}#`);

describe('near misses', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add "Acme Trading"');
  });

  it('a mistyped customer gets “did you mean” with the close name, not an offer to create it', async () => {
    const reply = await app.command(ANN, 'customer show Acmee');
    expect(messageText(reply)).toContain('No customer matches “Acmee”. Did you mean:');
    expect(hasButton(reply, 'customer.quick_add')).toBe(false);
    const card = await click(ANN, findButton(reply, 'cmd.run', 'Acme Trading'));
    expect(messageText(card)).toContain('"type":"header","text":{"type":"plain_text","text":"Acme Trading"');
    expect(await t.prisma.customer.count()).toBe(1);
  });

  it('a mistyped command word gets the corrected command as a button that runs it', async () => {
    const reply = await app.command(ANN, 'lgo Acme Trading call discussed pricing');
    expect(messageText(reply)).toContain('Did you mean `/crm log Acme Trading call discussed pricing`?');
    expect(await t.prisma.contactLog.count()).toBe(0);
    const logged = await click(ANN, findButton(reply, 'cmd.run'));
    expect(messageText(logged)).toContain('Logged a call with');
    expect(await t.prisma.contactLog.findFirstOrThrow()).toMatchObject({ customerId: 1, summary: 'discussed pricing' });

    // The log command keeps what was typed as a draft and offers the close names.
    const draft = await app.command(ANN, 'log Acmee call asked for samples');
    expect(messageText(draft)).toContain('No customer matches “Acmee”. Did you mean:');
    expect(findButton(draft, 'draft.customer', 'Acme Trading')).toBeDefined();
    expect(hasButton(draft, 'draft.new_customer')).toBe(false);

    await app.command(LI, '客户 添加 华东贸易');
    const zh = await app.command(LI, '客户 查看 华东贸意');
    expect(messageText(zh)).toContain('没有找到与“华东贸意”匹配的客户。你是不是要找：');
    expect(findButton(zh, 'cmd.run', '华东贸易').value).toBe('customer show #2');
  });
});

describe('customer names with spaces, without quotes', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add Blue Cedar Apparel region=East');
    await app.command(ANN, 'customer add Blue Cedar');
  });

  it('are read as the longest known name in every command that takes a customer', async () => {
    const customers = await t.prisma.customer.findMany({ orderBy: { id: 'asc' } });
    expect(customers.map((c) => [c.name, c.region])).toEqual([['Blue Cedar Apparel', 'East'], ['Blue Cedar', null]]);

    const logged = await app.command(ANN, 'log Blue Cedar Apparel call discussed pricing');
    expect(messageText(logged)).toContain('Blue Cedar Apparel');
    expect(await t.prisma.contactLog.findFirstOrThrow()).toMatchObject({ customerId: 1, summary: 'discussed pricing' });
    const shorter = await app.command(ANN, 'log Blue Cedar visit site tour');
    expect(messageText(shorter)).toContain('Logged a visit with *Blue Cedar*');

    const reminded = await app.command(ANN, 'remind Blue Cedar Apparel friday call about samples');
    expect(messageText(reminded)).toContain('about *Blue Cedar Apparel* on');
    expect(await t.prisma.callback.findFirstOrThrow({ where: { note: 'call about samples' } })).toMatchObject({ customerId: 1 });

    const shown = await app.command(ANN, 'customer show Blue Cedar Apparel');
    expect(messageText(shown)).toContain('"text":"Blue Cedar Apparel"');
    const tier = await app.command(ANN, 'tier Blue Cedar Apparel');
    expect(messageText(tier)).toContain('Blue Cedar Apparel:');
    const edited = await app.command(ANN, 'customer edit Blue Cedar Apparel region=West');
    expect(messageText(edited)).toContain('Blue Cedar Apparel');
    expect((await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 } })).region).toBe('West');
  });

  it('a part of a name with spaces works where the command shows where it ends', async () => {
    await app.command(ANN, 'customer add Red Maple Textiles');
    const logged = await app.command(ANN, 'log red maple call asked for samples');
    expect(messageText(logged)).toContain('Logged a call with *Red Maple Textiles*');
    expect(await t.prisma.contactLog.findFirstOrThrow()).toMatchObject({ customerId: 3, summary: 'asked for samples' });
    const edited = await app.command(ANN, 'customer edit Red Maple region=North');
    expect(messageText(edited)).toContain('Red Maple Textiles');
    expect((await t.prisma.customer.findUniqueOrThrow({ where: { id: 3 } })).region).toBe('North');
    // "Blue Cedar" is a whole name and part of another: the whole name wins, no question asked.
    const shown = await app.command(ANN, 'customer show Blue Cedar');
    expect(messageText(shown)).toContain('"text":"Blue Cedar"');
  });
});

describe('people named as people write them', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add Acme');
    await app.command(BOB, 'help');
    await app.command(LI, 'help');
    await t.prisma.user.create({ data: { displayName: 'Bob Smith', role: 'rep', accounts: { create: { platform: 'slack', externalId: BOB_SMITH } } } });
  });
  const shares = async () => (await t.prisma.customerShare.findMany({ include: { user: { include: { accounts: true } } } })).map((s) => s.user.accounts[0]!.externalId).sort();

  it('by a whole display name over several words, by one word, and in Chinese', async () => {
    const smith = await app.command(ANN, 'customer share Acme @Bob Smith');
    expect(messageText(smith)).toContain('is now shared with Bob Smith');
    const li = await app.command(ANN, 'customer share Acme @李雷');
    expect(messageText(li)).toContain('is now shared with 李雷');
    expect(await shares()).toEqual([BOB_SMITH, LI]);
    // "@bob" is Bob's whole name: it means him, not Bob Smith.
    await app.command(ANN, 'customer share Acme @bob');
    expect(await shares()).toEqual([BOB, BOB_SMITH, LI]);
  });

  it('several people → a choice that re-runs the command with the one picked; unknown → says who was typed', async () => {
    const choice = await app.command(ANN, 'customer share Acme @bo');
    expect(messageText(choice)).toContain('Several people match “@bo”. Which one?');
    expect(await shares()).toEqual([]);
    const done = await click(ANN, findButton(choice, 'cmd.run', 'Bob Smith'));
    expect(messageText(done)).toContain('is now shared with Bob Smith');
    expect(await shares()).toEqual([BOB_SMITH]);

    const unknown = await app.command(ANN, 'customer share Acme @Nobody');
    expect(messageText(unknown)).toContain('I don’t know anyone called “@Nobody”.');
    const typo = await app.command(ANN, 'customer share Acme @Bob Smiht');
    expect(messageText(typo)).toContain('I don’t know anyone called “@Bob Smiht”. Did you mean:');
    expect(await shares()).toEqual([BOB_SMITH]);
    expect(findButton(typo, 'cmd.run', 'Bob Smith').value).toBe(`customer share Acme @${BOB_SMITH}`);
  });

  it('in role, team, due and owner=', async () => {
    const role = await app.command(ADMIN, 'role @Bob Smith manager');
    expect(messageText(role)).toContain('Bob Smith');
    expect((await t.prisma.user.findFirstOrThrow({ where: { accounts: { some: { platform: 'slack', externalId: BOB_SMITH } } } })).role).toBe('manager');
    await app.command(ADMIN, 'team @Bob Smith add @李雷');
    const li = await t.prisma.user.findFirstOrThrow({ where: { accounts: { some: { platform: 'slack', externalId: LI } } }, include: { manager: { include: { accounts: true } } } });
    expect(li.manager?.accounts[0]!.externalId).toBe(BOB_SMITH);
    const due = await app.command(ADMIN, 'due @李雷');
    expect(messageText(due)).toContain('Callbacks due (李雷)');
    const added = await app.command(ADMIN, 'customer add Zenith Foods owner=@Bob Smith');
    expect(messageText(added)).toContain('owned by Bob Smith');
    await app.command(ADMIN, 'customer edit Zenith Foods owner="@李雷"');
    expect((await t.prisma.customer.findFirstOrThrow({ where: { name: 'Zenith Foods' }, include: { owner: { include: { accounts: true } } } })).owner.accounts[0]!.externalId).toBe(LI);
    const unknown = await app.command(ADMIN, 'customer edit Zenith Foods owner=@Nobody region=East');
    expect(messageText(unknown)).toContain('I don’t know anyone called “@Nobody”.');
    expect((await t.prisma.customer.findFirstOrThrow({ where: { name: 'Zenith Foods' } })).region).toBeNull();
    const handover = await app.command(ADMIN, 'handover @李雷 @bob smith');
    expect(messageText(handover)).toContain('Bob Smith');
    expect((await t.prisma.customer.findFirstOrThrow({ where: { name: 'Zenith Foods' }, include: { owner: { include: { accounts: true } } } })).owner.accounts[0]!.externalId).toBe(BOB_SMITH);
  });
});

describe('plain sentences', () => {
  beforeEach(async () => {
    await app.command(ANN, 'customer add Acme Trading');
    await app.command(LI, '客户 添加 华东贸易');
  });

  it('find the customer by a part of the name, in English and Chinese', async () => {
    const en = await dm(ANN, 'called Acme about the renewal, follow up next Tuesday');
    expect(messageText(en)).toContain('Acme Trading (#1)');
    expect(hasButton(en, 'draft.save')).toBe(true);
    const zh = await dm(LI, '给华东打了电话，3天后再联系');
    expect(messageText(zh)).toContain('华东贸易 (#2)');
    expect(hasButton(zh, 'draft.new_customer')).toBe(false);
  });

  it('several customers with that part in their name → the candidates as choices, never “Create”', async () => {
    await app.command(ANN, 'customer add Acme Foods');
    const draft = await dm(ANN, 'called acme about the renewal');
    expect(messageText(draft)).toContain('Several customers match “acme”. Which one?');
    expect(findButton(draft, 'draft.customer', 'Acme Foods')).toBeDefined();
    expect(findButton(draft, 'draft.customer', 'Acme Trading')).toBeDefined();
    expect(hasButton(draft, 'draft.new_customer')).toBe(false);
  });

  it('a near miss gets the close names to pick, saying why, and no offer to create it', async () => {
    const draft = await dm(ANN, 'called Acmee about the renewal');
    expect(messageText(draft)).toContain('No customer matches “Acmee”. Did you mean:');
    expect(hasButton(draft, 'draft.new_customer')).toBe(false);
    const picked = await click(ANN, findButton(draft, 'draft.customer', 'Acme Trading'));
    expect(hasButton(picked, 'draft.save')).toBe(true);
  });

  it('questions about what to do get the due list, not a draft', async () => {
    await app.command(ANN, 'remind Acme Trading today 15:00');
    for (const [user, text, title] of [
      [ANN, 'who do I call today', 'Callbacks due (mine)'],
      [ANN, 'what are my callbacks today?', 'Callbacks due (mine)'],
      [LI, '今天要回访谁', '到期回访'],
      [LI, '我今天有哪些回访', '到期回访'],
    ] as const) {
      const reply = await dm(user, text);
      expect(messageText(reply)).toContain(title);
    }
    expect(await t.prisma.contactDraft.count()).toBe(0);
  });
});
