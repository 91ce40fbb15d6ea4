// Roles, teams, sharing, hand-over, audit and privacy through the real bot and database.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { fakeSlackDirectory, startApp, type AppUnderTest } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep
const LI = 'U0LI000001'; // rep
const BOB = 'U0BOB00001'; // becomes a manager
const NOW = new Date('2026-11-24T02:00:00Z');
const PHONE = '+86 138 0013 8000';
const EMAIL = 'wang.wei@acme-trading.cn';

const t = useTestDatabase();
let app: AppUnderTest;

const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: 'T0TEAM0001' });
const text = (outcome: Outcome) => `${outcome.reply?.text ?? ''}\n${JSON.stringify(outcome.reply?.blocks ?? [])}`;
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const button = (outcome: Outcome, action: string) => {
  for (const b of outcome.reply?.blocks ?? []) {
    if (b.type !== 'actions') continue;
    const found = b.elements.find((e) => e.type === 'button' && e.action === action);
    if (found && found.type === 'button') return found;
  }
  throw new Error(`no ${action} button in ${text(outcome)}`);
};

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
beforeEach(async () => {
  fakeSlackDirectory();
  // Everyone has talked to the bot once, so mentions of them resolve.
  for (const id of [ADMIN, ANN, LI, BOB]) await run(id, 'help');
  await run(ANN, `customer add "Acme Trading" company="Acme Trading Ltd" phone="${PHONE}" email=${EMAIL} tags=vip`);
  await run(ANN, 'log "Acme Trading" call Wang Wei asked about the renewal price');
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

describe('roles and teams', () => {
  it('the configured admin appoints a manager and builds a team; nobody else can', async () => {
    expect(text(await run(ANN, `role <@${BOB}> manager`))).toContain('your role does not allow it');
    expect((await t.prisma.user.findFirstOrThrow({ where: { accounts: { some: { externalId: BOB } } } })).role).toBe('rep');
    expect(await t.prisma.auditEvent.count({ where: { action: 'access.denied', entityId: 'role.change' } })).toBe(1);

    expect(text(await run(ADMIN, `role <@${BOB}> manager`))).toContain('Bob is now manager');
    expect(text(await run(ADMIN, `team <@${BOB}> add <@${ANN}>`))).toContain('Ann joined Bob’s team');
    expect(text(await run(ADMIN, `team <@${ANN}> add <@${LI}>`))).toContain('Ann is not a manager');
    expect(text(await run(BOB, `team <@${BOB}>`))).toContain('Ann (rep)');
    // The manager now sees the team's customer; a rep outside the team does not.
    expect(text(await run(BOB, 'customer show "Acme Trading"'))).toContain(EMAIL);
    expect(text(await run(LI, 'customer show "Acme Trading"'))).toContain('该客户属于其他销售');
    expect(text(await run(ADMIN, `role <@${ADMIN}> rep`))).toContain('last admin');
  });

  it('sharing lets another rep work on a customer, and tells them', async () => {
    expect(text(await run(LI, `customer share "Acme Trading" <@${LI}>`))).toContain('该客户属于其他销售');
    const shared = await run(ANN, `customer share "Acme Trading" <@${LI}>`);
    expect(text(shared)).toContain('**Acme Trading** is now shared with 李雷');
    expect(shared.notifications).toEqual([{ to: { platform: 'slack', externalId: LI }, reply: expect.objectContaining({ text: 'Ann 将客户 **Acme Trading**（#1）共享给了你。' }) }]);
    expect(text(await run(LI, '记录 "Acme Trading" 电话 跟进续约'))).toContain('已记录');
    expect(text(await run(LI, 'customer list'))).toContain('Acme Trading');
    expect(text(await run(LI, `customer share "Acme Trading" <@${BOB}>`))).toContain('你的角色没有此权限');
    expect(text(await run(ANN, `customer unshare "Acme Trading" <@${LI}>`))).toContain('no longer shared');
    expect(text(await run(LI, 'customer show "Acme Trading"'))).toContain('该客户属于其他销售');
  });

  it('a manager reassigns within the team only; a rep cannot reassign', async () => {
    await run(ADMIN, `role <@${BOB}> manager`);
    await run(ADMIN, `team <@${BOB}> add <@${ANN}>`);
    expect(text(await run(ANN, `customer assign "Acme Trading" <@${LI}>`))).toContain('your role does not allow it');
    expect(text(await run(BOB, `customer assign "Acme Trading" <@${LI}>`))).toContain('Customers can only go to a rep or manager you look after');
    await run(ADMIN, `team <@${BOB}> add <@${LI}>`);
    const assigned = await run(BOB, `customer assign "Acme Trading" <@${LI}>`);
    expect(text(assigned)).toContain('**Acme Trading** (#1) now belongs to 李雷');
    expect(assigned.notifications?.[0]?.reply.text).toBe('Bob 将客户 **Acme Trading**（#1）交给你负责。');
    expect((await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 }, include: { owner: { include: { accounts: true } } } })).owner.accounts[0]!.externalId).toBe(LI);
  });

  it('hand-over moves every customer of a leaver in one audited step', async () => {
    await run(ANN, 'customer add Beta');
    await run(ANN, 'customer add Gamma');
    expect(text(await run(ADMIN, `handover <@${ANN}> <@U0NOBODY99>`))).toContain('I don’t know that person');
    const result = await run(ADMIN, `handover <@${ANN}> <@${LI}>`);
    expect(text(result)).toContain('Handed over 3 customers from Ann to 李雷');
    expect(result.notifications?.[0]?.reply.text).toContain('Ada 将 Ann 的 3 个客户交接给你：Acme Trading (#1), Beta (#2), Gamma (#3)');
    const owners = await t.prisma.customer.findMany({ include: { owner: { include: { accounts: true } } } });
    expect(owners.every((c) => c.owner.accounts[0]!.externalId === LI)).toBe(true);
    expect(await t.prisma.auditEvent.count({ where: { action: 'customer.reassign' } })).toBe(3);
    expect(await t.prisma.auditEvent.count({ where: { action: 'user.handover' } })).toBe(1);
  });
});

describe('audit trail', () => {
  it('managers and admins read who changed what; reps cannot', async () => {
    await run(ANN, 'customer edit "Acme Trading" region=East phone=+8613912345678');
    expect(text(await run(ANN, 'audit "Acme Trading"'))).toContain('your role does not allow it');
    const trail = text(await run(ADMIN, 'audit "Acme Trading" 5'));
    expect(trail).toContain('Audit trail of Acme Trading');
    // Sentences with names, field labels and masked personal values (their stars escaped: they are not bold).
    expect(trail).toContain('Ann changed **Acme Trading**: the phone from 138\\*\\*\\*\\*8000 to 139\\*\\*\\*\\*5678 and the region to East');
    expect(trail).toMatch(/\*\*\w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d\*\* Ann logged a call with \*\*Acme Trading\*\*/);
    expect(trail).toContain('Ann created **Acme Trading** with the company Acme Trading Ltd, the phone 138\\*\\*\\*\\*8000, the email w\\*\\*\\*@acme-trading.cn, the tags vip, the owner Ann, and the stage Prospect');
    expect(trail).toContain('Ann was refused `audit.read`: your role does not allow it.');
  });

  it('has no update or delete path in the application', async () => {
    const { createAuditStore } = await import('../../src/store/audit-store.js');
    const store = createAuditStore(t.prisma, { wrap: (k) => k.toString('base64'), unwrap: (k) => Buffer.from(k, 'base64') });
    expect(Object.keys(store).sort()).toEqual(['append', 'forEntity', 'forgetCustomer']);
  });
});

describe('privacy', () => {
  it('exports everything stored about a customer as JSON and CSV', async () => {
    expect(text(await run(ANN, 'privacy export "Acme Trading"'))).toContain('your role does not allow it');
    const outcome = await run(ADMIN, 'privacy export "Acme Trading"');
    expect(text(outcome)).toContain('two files');
    const [json, csv] = outcome.files ?? [];
    expect(json?.filename).toBe('customer-1-2026-11-24.json');
    const data = JSON.parse(String(json?.content)) as Record<string, any>;
    expect(data.customer).toMatchObject({ id: 1, name: 'Acme Trading', company: 'Acme Trading Ltd', phone: PHONE, email: EMAIL, tags: ['vip'] });
    expect(data.owner).toMatchObject({ externalId: ANN });
    expect(data.contacts).toHaveLength(1);
    expect(data.contacts[0].summary).toBe('Wang Wei asked about the renewal price');
    expect(data.auditTrail.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['customer.create', 'contact.log']));
    expect(csv?.mimeType).toBe('text/csv');
    expect(String(csv?.content)).toContain('contact,1,summary,Wang Wei asked about the renewal price');
    expect(String(csv?.content)).toContain(`customer,1,email,${EMAIL}`);
  });

  it('erases personal data after confirmation, leaving nothing personal in any table', async () => {
    const prompt = await run(ADMIN, 'privacy erase "Acme Trading"');
    expect(text(prompt)).toContain('Erase the personal data of **Acme Trading** (#1)?');
    expect(await t.prisma.customer.count({ where: { erasedAt: { not: null } } })).toBe(0);
    const confirm = button(prompt, 'privacy.erase');
    const done = await app.rapport.bot.action(as(ADMIN), confirm.action, confirm.value);
    expect(done.reply?.text).toContain('The personal data of customer #1 was erased');

    const row = await t.prisma.customer.findUniqueOrThrow({ where: { id: 1 } });
    expect(row).toMatchObject({ name: 'Erased customer #1', phone: null, email: null, company: null });
    expect(row.erasedAt).not.toBeNull();
    expect(await t.prisma.callback.count({ where: { customerId: 1, status: { in: ['pending', 'sent'] } } })).toBe(0);
    // Anonymous figures stay: the contact still counts, its text is gone.
    expect(await t.prisma.contactLog.count({ where: { customerId: 1 } })).toBe(1);
    const everything = JSON.stringify(await Promise.all([
      t.prisma.customer.findMany(), t.prisma.contactLog.findMany(), t.prisma.contactDraft.findMany(), t.prisma.auditEvent.findMany(), t.prisma.customerShare.findMany(), t.prisma.user.findMany(),
    ]));
    for (const personal of ['Acme Trading', 'Wang Wei', '138', '8000', 'wang.wei', 'acme-trading']) expect(everything).not.toContain(personal);
    // The audit trail still reads, with the personal values gone.
    expect(text(await run(ADMIN, 'audit #1'))).toContain('[erased]');
    expect(text(await app.rapport.bot.action(as(ADMIN), confirm.action, confirm.value))).toContain('Customer #1 was erased already');
  });

  it('a tampered confirmation naming another customer is refused and audited', async () => {
    await run(ANN, 'customer add Beta phone=13700001111');
    const prompt = await run(ADMIN, 'privacy erase "Acme Trading"');
    const confirm = button(prompt, 'privacy.erase');
    const forged = confirm.value.replace(/^1\./, '2.');
    const refused = await app.rapport.bot.action(as(ADMIN), confirm.action, forged);
    expect(refused.reply?.text).toContain('could not be verified');
    const stolen = await app.rapport.bot.action(as(BOB), confirm.action, confirm.value);
    expect(stolen.reply?.text).toContain('could not be verified');
    expect(await t.prisma.customer.count({ where: { erasedAt: { not: null } } })).toBe(0);
    expect(await t.prisma.auditEvent.count({ where: { action: 'access.denied', entityId: 'privacy.erase' } })).toBe(2);
  });
});

describe('a rep trying every command on a colleague’s customer', () => {
  it('gets no data back and changes nothing', async () => {
    const before = JSON.stringify(await Promise.all([t.prisma.customer.findMany(), t.prisma.contactLog.findMany(), t.prisma.customerShare.findMany()]));
    const commands = [
      'customer show "Acme Trading"',
      'customer show #1',
      'customer edit #1 region=North',
      'log #1 call sneaky',
      'customer share #1 <@U0LI000001>',
      'customer assign #1 <@U0LI000001>',
      'audit #1',
      'privacy export #1',
      'privacy erase #1',
      'customer list all',
      'customer list',
    ];
    for (const command of commands) {
      const outcome = await run(LI, command);
      const reply = text(outcome);
      for (const secret of ['Acme', PHONE, EMAIL, 'renewal']) expect(reply, command).not.toContain(secret);
      expect(outcome.files, command).toBeUndefined();
    }
    expect(await app.rapport.bot.searchCustomers(as(LI), 'acme')).toEqual([]);
    const dm = await app.rapport.bot.message(as(LI), 'called Acme Trading about the price');
    expect(text(dm)).not.toContain('Acme Trading (#1)');
    expect(JSON.stringify(await Promise.all([t.prisma.customer.findMany(), t.prisma.contactLog.findMany(), t.prisma.customerShare.findMany()]))).toBe(before);
  });
});
