// One person, several platforms: `/crm link` between a Slack account (signed HTTP) and a sandbox
// account (the sandbox's HTTP API), the admin's link and merge, unlink and `settings notify`.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { notifyAccountOf } from '../../src/domain/accounts.js';
import { useTestDatabase } from '../helpers/database.js';
import { blockActionsPayload, parseSlackApiBody, RESPONSE_URL_ORIGIN, responseUrlPath } from '../helpers/slack.js';
import { captureResponseUrl, fakeSlackDirectory, findButton, messageText, startApp, type AppUnderTest } from './harness.js';
import { SLACK_ORIGIN } from '../slack/harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001';
const BOB = 'U0BOB00001';
const LI = 'U0LI000001';
const NOW = new Date('2026-11-24T02:00:00Z');
const MINUTE = 60 * 1000;

const t = useTestDatabase();
let app: AppUnderTest;
let base: string;

const slack = async (user: string, text: string) => messageText(await app.command(user, text));
/** `/crm <text>` typed in a sandbox person's DM through the page's API; the bot's answer. */
async function sandbox(as: string, text: string): Promise<string> {
  const typed = await fetch(`${base}/sandbox/api/type`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ as, conversation: `dm:${as}`, text: `/crm ${text}` }) });
  expect(typed.status).toBe(200);
  const { messages } = (await (await fetch(`${base}/sandbox/api/messages?as=${as}&conversation=dm:${as}`)).json()) as { messages: Array<{ author: string; reply: { text: string } }> };
  return messages.filter((m) => m.author === 'bot').at(-1)!.reply.text;
}
/** Clicks a button as Slack would (signed interactivity request); what the app answered. */
async function click(user: string, button: { action_id: string; value: string }) {
  const responseUrl = `${RESPONSE_URL_ORIGIN}${responseUrlPath()}`;
  const answered = captureResponseUrl(responseUrl);
  const response = await app.send('interaction', blockActionsPayload({ actionId: button.action_id, value: button.value, userId: user, responseUrl }));
  expect(response.status).toBe(200);
  return messageText(await answered);
}
const codeIn = (text: string) => /([A-Z2-9]{5}-[A-Z2-9]{5})/.exec(text)![1]!;
const personOf = async (platform: string, externalId: string) =>
  (await t.prisma.platformAccount.findUniqueOrThrow({ where: { platform_externalId: { platform, externalId } } })).userId;
/** Everything a failed link must leave as it was. */
const snapshot = async () => ({
  users: await t.prisma.user.findMany({ orderBy: { id: 'asc' } }),
  accounts: await t.prisma.platformAccount.findMany({ orderBy: { id: 'asc' }, select: { userId: true, platform: true, externalId: true } }),
  customers: await t.prisma.customer.findMany({ orderBy: { id: 'asc' }, select: { id: true, ownerId: true } }),
  links: await t.prisma.auditEvent.count({ where: { action: { startsWith: 'account.' } } }),
  codes: await t.prisma.linkCode.findMany({ orderBy: { createdAt: 'asc' }, select: { usedAt: true } }),
});

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW, { SANDBOX: '1' });
  base = new URL(app.url).origin;
});
beforeEach(async () => {
  app.clock.set(NOW);
  fakeSlackDirectory();
  for (const id of [ADMIN, ANN, BOB, LI]) await slack(id, 'help');
  await slack(ANN, 'customer add "Acme Trading"');
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

describe('/crm link with a one-time code', () => {
  it('joins a sandbox account to the Slack person who asked: one person, one book of customers', async () => {
    const shown = await slack(ANN, 'link');
    expect(shown).toContain('Your accounts');
    expect(shown).toContain(ANN);
    const code = codeIn(shown);
    // Stored hashed, valid ten minutes.
    const [stored] = await t.prisma.linkCode.findMany();
    expect(stored!.codeHash).not.toContain(code.replace('-', ''));
    expect(stored!.expiresAt.getTime() - NOW.getTime()).toBe(10 * MINUTE);

    await sandbox('rep-ann', 'help'); // first contact on the sandbox: a person of their own
    const separate = await personOf('sandbox', 'rep-ann');
    expect(separate).not.toBe(await personOf('slack', ANN));

    expect(await sandbox('rep-ann', `link ${code}`)).toContain('Linked: your account `rep-ann` on the sandbox');
    const ann = await personOf('slack', ANN);
    expect(await personOf('sandbox', 'rep-ann')).toBe(ann);
    expect(await t.prisma.user.findUnique({ where: { id: separate } })).toBeNull();
    expect(await sandbox('rep-ann', 'customer list mine')).toContain('Acme Trading');
    expect(await t.prisma.auditEvent.count({ where: { action: 'account.link', entityId: String(ann) } })).toBe(1);

    // `/crm link` on either side now lists both accounts.
    const both = await sandbox('rep-ann', 'link');
    expect(both).toContain(ANN);
    expect(both).toContain('rep-ann');

    // Work done in the sandbox changes the person's Slack Home too: the router asks Slack to republish
    // it. (Refreshes the Slack commands above asked for are let through first: they are debounced 1.5 s.)
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const publishedFor: string[] = [];
    nock(SLACK_ORIGIN).persist().post('/api/views.publish').reply(200, (_uri, body) => (publishedFor.push(String(parseSlackApiBody(body).user_id)), { ok: true }));
    await sandbox('rep-ann', 'customer add "Sandbox Born Ltd"');
    await expect.poll(() => publishedFor, { timeout: 5000 }).toContain(ANN);

    // The code worked once: typed again from another account it is refused, and nothing changes.
    await sandbox('rep-tom', 'help');
    const before = await snapshot();
    expect(await sandbox('rep-tom', `link ${code}`)).toContain('was used already');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a wrong, expired or same-platform code, in the reader’s language, and changes nothing', async () => {
    const code = codeIn(await slack(ANN, 'link'));
    await sandbox('rep-sam', 'help');
    const before = await snapshot();
    expect(await slack(BOB, `link ${code}`)).toContain('That code was made on this app');
    expect(await sandbox('rep-sam', 'link ABCDE-FGHJK')).toContain('That link code is not right');
    expect(await slack(LI, 'link ABCDE-FGHJK')).toContain('关联验证码不正确');
    app.clock.set(new Date(NOW.getTime() + 10 * MINUTE + 1000));
    expect(await sandbox('rep-sam', `link ${code}`)).toContain('has expired');
    expect(await slack(ANN, 'link not-a-code')).toContain('link');
    expect(await snapshot()).toEqual(before);
  });

  it('limits wrong attempts per account', async () => {
    await sandbox('rep-sam', 'help');
    for (let i = 0; i < 5; i++) expect(await sandbox('rep-sam', 'link ABCDE-FGHJK')).toContain('not right');
    const code = codeIn(await slack(ANN, 'link'));
    // Even the right code waits now.
    expect(await sandbox('rep-sam', `link ${code}`)).toContain('Too many wrong link codes');
    expect(await personOf('sandbox', 'rep-sam')).not.toBe(await personOf('slack', ANN));
    app.clock.set(new Date(NOW.getTime() + 16 * MINUTE));
    const fresh = codeIn(await slack(ANN, 'link'));
    expect(await sandbox('rep-sam', `link ${fresh}`)).toContain('Linked');
  });
});

describe('two people who both own data', () => {
  it('are not joined by a code; an admin merges them with the button, everything moving to one person', async () => {
    await sandbox('rep-sam', 'customer add Beta');
    await sandbox('rep-sam', 'remind Beta tomorrow');
    const sam = await personOf('sandbox', 'rep-sam');
    const ann = await personOf('slack', ANN);
    const code = codeIn(await slack(ANN, 'link'));
    const before = await snapshot();
    expect(await sandbox('rep-sam', `link ${code}`)).toContain('Both accounts already have customers or callbacks');
    expect(await snapshot()).toEqual({ ...before, codes: before.codes });

    // A rep cannot link others.
    expect(await slack(BOB, `link <@${ANN}> sandbox:rep-sam`)).toContain('your role does not allow it');
    const asked = await app.command(ADMIN, `link <@${ANN}> sandbox:rep-sam`);
    expect(messageText(asked)).toContain('both already own customers or callbacks');
    expect(await personOf('sandbox', 'rep-sam')).toBe(sam);
    expect(await click(ADMIN, findButton(asked, 'cmd.run', 'Merge'))).toContain('Merged');

    expect(await personOf('sandbox', 'rep-sam')).toBe(ann);
    expect(await t.prisma.user.findUnique({ where: { id: sam } })).toBeNull();
    expect((await t.prisma.customer.findMany()).every((c) => c.ownerId === ann)).toBe(true);
    expect(await t.prisma.callback.count({ where: { assigneeId: sam } })).toBe(0);
    expect(await t.prisma.callback.count({ where: { assigneeId: ann } })).toBeGreaterThan(0);
    expect(await t.prisma.auditEvent.count({ where: { actorId: sam } })).toBe(0);
    expect(await t.prisma.auditEvent.findFirstOrThrow({ where: { action: 'account.merge' } })).toMatchObject({ entityId: String(ann), actorId: await personOf('slack', ADMIN) });
    // An account already linked elsewhere is refused.
    await sandbox('rep-tom', 'help');
    expect(await slack(ADMIN, `link <@${BOB}> sandbox:rep-ann`)).not.toContain('Merged');
    const again = codeIn(await slack(BOB, 'link'));
    expect(await sandbox('rep-sam', `link ${again}`)).toContain('already linked to another person');
  });
});

describe('unlink and where notifications go', () => {
  it('unlinks one platform, never the last account, and sends notifications where the person chose', async () => {
    const code = codeIn(await slack(ANN, 'link'));
    expect(await sandbox('rep-ann', `link ${code}`)).toContain('Linked');
    const ann = await personOf('slack', ANN);
    const person = async () => (await app.rapport.domain.users.byId(ann))!;
    // Default: the account used most recently (the sandbox, a few minutes later).
    app.clock.set(new Date(NOW.getTime() + 6 * MINUTE));
    await sandbox('rep-ann', 'help');
    expect(notifyAccountOf(await person())?.platform).toBe('sandbox');

    expect(await slack(ANN, 'settings notify slack')).toContain('now reach you on Slack');
    expect(notifyAccountOf(await person())?.platform).toBe('slack');
    expect(await slack(ANN, 'settings notify wecom')).toContain('There is no account on wecom linked');
    expect(await slack(ANN, 'settings notify teams')).toContain('There is no account on teams linked');
    expect((await person()).notifyPlatform).toBe('slack');

    expect(await slack(ANN, 'link remove slack')).toContain('Unlinked your account on Slack');
    expect((await person()).accounts.map((a) => a.platform)).toEqual(['sandbox']);
    expect((await person()).notifyPlatform).toBeNull();
    expect(await sandbox('rep-ann', 'link remove sandbox')).toContain('your only account');
    expect(await t.prisma.auditEvent.count({ where: { action: 'account.unlink' } })).toBe(1);
  });
});

describe('ADMIN_USER_IDS with platforms', () => {
  const member = { facts: { kind: 'member' as const, workspace: { id: 'T0TEAM0001' } }, home: { id: 'T0TEAM0001' } };

  it('a bare id is the Slack account (and the sandbox person) of that id, never a WeCom account', async () => {
    const admit = async (platform: string) => {
      const admitted = await app.rapport.domain.users.admit({ platform, externalId: ADMIN }, member);
      return 'user' in admitted ? admitted.user.role : admitted.refused;
    };
    expect(await admit('slack')).toBe('admin');
    expect(await admit('wecom')).toBe('rep');
    expect(await admit('sandbox')).toBe('admin');
  });
});
