// Only our own staff are staff (issue 11 §1), end to end: real signed Slack HTTP, the real bot and
// database, nock as Slack (users.info from the harness's PEOPLE: Slack Connect member, guest, bot).
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { appHomeOpenedPayload, parseSlackApiBody, RESPONSE_URL_ORIGIN, responseUrlPath, slashCommandPayload } from '../helpers/slack.js';
import { captureResponseUrl, fakeSlackDirectory, messageText, SLACK_API, startApp, type AppUnderTest } from './harness.js';

const ANN = 'U0ANN00001';
const LI = 'U0LI000001';
const ADMIN = 'U0ADMIN001';
const CONNECT = 'U0GUEST0001'; // Slack Connect: the customer's company
const GUEST = 'U0RESTRICT1'; // a guest of our own workspace (is_restricted), zh-CN
const BOT = 'U0BOT000001';
const GRID = 'U0GRID00001'; // another workspace of our own Enterprise Grid organisation
const NOW = new Date('2026-11-24T02:00:00Z');
const REFUSED = 'Rapport is for our company’s own staff only';

const t = useTestDatabase();
let app: AppUnderTest;
let invitedApp: AppUnderTest;
let lookedUp: string[];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
  invitedApp = await startApp(t.url, NOW, { STAFF_POLICY: 'invited' });
});
beforeEach(() => {
  lookedUp = fakeSlackDirectory();
  app.clock.set(NOW);
  invitedApp.clock.set(NOW);
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  await app?.stop();
  await invitedApp?.stop();
  nock.enableNetConnect();
});

const refusals = () => t.prisma.auditEvent.findMany({ where: { action: 'user.refused' } });

describe('people who are not our staff', () => {
  it('a Slack Connect member gets one polite refusal; nothing is written but one audit entry a day', async () => {
    for (let i = 0; i < 3; i++) {
      const reply = await app.command(CONNECT, 'customer add GuestCorp');
      expect(messageText(reply)).toContain(REFUSED);
    }
    expect(await t.prisma.user.count()).toBe(0);
    expect(await t.prisma.customer.count()).toBe(0);
    const audit = await refusals();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: null, entityType: 'platform_user', entityId: `slack:${CONNECT}` });
    expect(audit[0]?.after).toContain('"reason":"external"');
    // The refusal is remembered: Slack is asked once, not on every try.
    expect(lookedUp.filter((id) => id === CONNECT)).toHaveLength(1);

    // A day later they are looked up again, and refused again: one more entry.
    app.clock.set(new Date(NOW.getTime() + 25 * 60 * 60 * 1000));
    expect(messageText(await app.command(CONNECT, 'help'))).toContain(REFUSED);
    expect(await refusals()).toHaveLength(2);
    expect(lookedUp.filter((id) => id === CONNECT)).toHaveLength(2);
  });

  it('a guest of our workspace is refused in their language, a bot too', async () => {
    expect(messageText(await app.command(GUEST, 'customer list'))).toContain('仅供本公司员工使用');
    expect(messageText(await app.command(BOT, 'help'))).toContain(REFUSED);
    expect(await t.prisma.user.count()).toBe(0);
    expect((await refusals()).map((a) => a.after).sort()).toEqual(['{"reason":"bot"}', '{"reason":"guest"}']);
  });

  it('a member of another workspace of our own Enterprise Grid organisation is staff', async () => {
    expect(messageText(await app.command(GRID, 'customer add GridCo'))).toContain('Customer *GridCo* (#1) created');
    const grace = await t.prisma.user.findFirstOrThrow({ include: { accounts: true } });
    expect({ ...grace, ...grace.accounts[0] }).toMatchObject({ externalId: GRID, role: 'rep' });
  });

  it('someone Slack cannot tell about is not let in, and told to try again', async () => {
    const reply = await app.command('U0NOBODY001', 'customer add Ghost');
    expect(messageText(reply)).toContain('try again in a minute');
    expect(await t.prisma.user.count()).toBe(0);
  });

  it('a user Slack now calls a guest is refused at the next daily re-check, and Slack is not asked on every try', async () => {
    expect(messageText(await app.command(ANN, 'customer add Acme'))).toContain('Customer *Acme*');
    nock.cleanAll();
    const asked: string[] = [];
    nock(SLACK_API)
      .persist()
      .post('/api/users.info')
      .reply(200, (_uri, body) => {
        asked.push(String(parseSlackApiBody(body).user));
        return { ok: true, user: { id: ANN, name: 'ann', team_id: 'T0TEAM0001', is_restricted: true, locale: 'en-US', tz: 'Asia/Shanghai' } };
      });
    app.clock.set(new Date(NOW.getTime() + 25 * 60 * 60 * 1000));
    for (let i = 0; i < 3; i++) expect(messageText(await app.command(ANN, 'customer list'))).toContain(REFUSED);
    expect(asked).toEqual([ANN]);
    expect(await refusals()).toHaveLength(1);
    // Her row and her customer stay (nothing is deleted); she just cannot use them.
    expect(await t.prisma.customer.count()).toBe(1);
  });

  it('the App Home of a Slack Connect member shows the refusal and creates nothing', async () => {
    const published = new Promise<Record<string, unknown>>((resolve) => {
      nock(SLACK_API)
        .post('/api/views.publish')
        .reply(200, (_uri, body) => {
          resolve(parseSlackApiBody(body));
          return { ok: true };
        });
    });
    expect((await app.send('event', appHomeOpenedPayload({ userId: CONNECT }))).status).toBe(200);
    const view = await published;
    expect(JSON.stringify(view)).toContain(REFUSED);
    expect(await t.prisma.user.count()).toBe(0);
    expect(await refusals()).toHaveLength(1);
  });

  it('mentioning a non-staff person creates no user for them', async () => {
    await app.command(ADMIN, 'customer add Acme');
    for (const person of [CONNECT, GUEST]) {
      const reply = await app.command(ADMIN, `customer assign Acme <@${person}|x>`);
      expect(messageText(reply)).toContain('not one of our staff');
    }
    expect(messageText(await app.command(ADMIN, `role <@${CONNECT}> manager`))).toContain('not one of our staff');
    expect((await t.prisma.user.findMany({ include: { accounts: true } })).map((u) => u.accounts[0]!.externalId)).toEqual([ADMIN]);
    // A colleague mentioned for the first time is created, with what Slack says of them.
    await app.command(ADMIN, `customer assign Acme <@${LI}|li>`);
    expect(await t.prisma.user.findFirstOrThrow({ where: { accounts: { some: { platform: 'slack', externalId: LI } } } })).toMatchObject({ role: 'rep', displayName: '李雷', locale: 'zh' });
  });
});

describe('STAFF_POLICY=invited', () => {
  it('lets in only people an admin gave a role', async () => {
    expect(messageText(await invitedApp.command(ANN, 'customer add Acme'))).toContain('invited staff only');
    expect(await t.prisma.user.count()).toBe(0);
    // ADMIN_USER_IDS are invited by the operator.
    expect(messageText(await invitedApp.command(ADMIN, 'help'))).not.toContain('invited staff only');
    // A mention by an admin that gives no role invites nobody.
    await invitedApp.command(ADMIN, 'customer add Acme');
    expect(messageText(await invitedApp.command(ADMIN, `customer assign Acme <@${ANN}>`))).toContain('has not been invited');
    // `/crm role @ann rep` by the admin creates her user: she is in.
    expect(messageText(await invitedApp.command(ADMIN, `role <@${ANN}|ann> rep`))).toContain('is now rep');
    expect(messageText(await invitedApp.command(ANN, 'customer add Beta'))).toContain('Customer *Beta*');
    // Still nobody but members: an admin cannot invite a guest.
    expect(messageText(await invitedApp.command(ADMIN, `role <@${GUEST}> rep`))).toContain('not one of our staff');
    expect((await t.prisma.user.findMany({ orderBy: { id: 'asc' }, include: { accounts: true } })).map((u) => u.accounts[0]!.externalId)).toEqual([ADMIN, ANN]);
  });
});

describe('first contact under concurrency', () => {
  it('N first commands of one person at once all succeed: one user, one first_contact entry', async () => {
    const N = 6;
    const replies = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
        const answered = captureResponseUrl(responseUrl);
        const response = await app.send('command', slashCommandPayload({ userId: ANN, text: i % 2 ? 'customer list' : 'help', responseUrl }));
        expect(response.status).toBe(200);
        return messageText(await answered);
      }),
    );
    for (const reply of replies) expect(reply).not.toContain('went wrong');
    expect(await t.prisma.user.count()).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { action: 'user.first_contact' } })).toBe(1);
  });
});
