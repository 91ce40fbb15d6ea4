// Review of issue 11 §1 after the merge: a user Slack now calls a guest sees the refusal in every
// path, the App Home too. Real signed HTTP into the real app and database; nock plays Slack.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';
import { appHomeOpenedPayload, messageImEventPayload, parseSlackApiBody } from '../helpers/slack.js';
import { messageText, SLACK_API, useSlackApp } from './harness.js';

const ANN = 'U0ANN00001';
const NOW = new Date('2026-11-24T02:00:00Z');
const REFUSED = 'Rapport is for our company’s own staff only';

const t = useTestDatabase();
const app = useSlackApp(t, NOW);

function nextHome(): Promise<string> {
  return new Promise((resolve) => {
    nock(SLACK_API)
      .post('/api/views.publish')
      .reply(200, (_uri, body) => {
        resolve(JSON.stringify(parseSlackApiBody(body).view));
        return { ok: true };
      });
  });
}

async function openHome(user: string): Promise<string> {
  const published = nextHome();
  expect((await app.send('event', appHomeOpenedPayload({ userId: user }))).status).toBe(200);
  return published;
}

describe('a user Slack now calls a guest', () => {
  it('is refused on their App Home at the daily re-check, not their own page', async () => {
    expect(messageText(await app.command(ANN, 'customer add "Secret Buyer Ltd"'))).toContain('Secret Buyer Ltd');
    expect(await openHome(ANN)).toContain('Rapport — Ann'); // her own page

    nock.cleanAll();
    nock(SLACK_API)
      .persist()
      .post('/api/users.info')
      .reply(200, { ok: true, user: { id: ANN, name: 'ann', team_id: 'T0TEAM0001', is_restricted: true, locale: 'en-US', tz: 'Asia/Shanghai' } });
    app.clock.set(new Date(NOW.getTime() + 25 * 60 * 60 * 1000));
    const home = await openHome(ANN);
    expect(home).toContain(REFUSED);
    expect(home).not.toContain('Rapport — Ann');
    const refused = await t.prisma.auditEvent.findMany({ where: { action: 'user.refused' } });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.after).toContain('"reason":"guest"');
    // Asked again the same day (the refusal is remembered): still the refusal, no second entry.
    expect(await openHome(ANN)).toContain(REFUSED);
    expect(await t.prisma.auditEvent.count({ where: { action: 'user.refused' } })).toBe(1);
    expect(await t.prisma.customer.count()).toBe(1);
  });
});

describe('first contact by direct message, several at once', () => {
  it('every message is answered (no “Something went wrong”), one user and one first-contact entry', async () => {
    await app.command(ANN, 'customer add Acme');
    const replies: string[] = [];
    nock(SLACK_API)
      .persist()
      .post('/api/chat.postMessage')
      .reply(200, (_uri, body) => {
        replies.push(String(parseSlackApiBody(body).text));
        return { ok: true, ts: '1.2' };
      });
    const sent = await Promise.all([1, 2, 3].map((n) => app.send('event', messageImEventPayload({ text: `called Acme about order ${n}`, userId: 'U0BOB00001', eventId: `EvBOB${n}` }))));
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    await expect.poll(() => replies.length).toBe(3);
    expect(replies.join('\n')).not.toContain('Something went wrong');
    expect(await t.prisma.user.count({ where: { accounts: { some: { externalId: 'U0BOB00001' } } } })).toBe(1);
    expect(await t.prisma.auditEvent.count({ where: { action: 'user.first_contact' } })).toBe(2); // Ann and Bob
  });
});
