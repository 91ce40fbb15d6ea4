// Issue 11 §3 after the merge: the manager's escalation digest lists the team's overdue callbacks
// so they can be told apart — each line says why it is due, like the rep's own digest (four one-off
// reminders for one customer were four identical lines, each with its own Done button). In the
// manager's language (here Chinese) and timezone.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { parseSlackApiBody } from '../helpers/slack.js';
import { SLACK_API, useSlackApp } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep, en, Asia/Shanghai
const LI = 'U0LI000001'; // made a manager here, zh
const BOB = 'U0BOB00001'; // made a manager here, en, Europe/London
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });
const run = async (user: string, command: string) => (await app.rapport.bot.command(as(user), command)).reply?.text ?? '';

function recordPosts(): Array<{ channel: string; text: string }> {
  const posts: Array<{ channel: string; text: string }> = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const b = parseSlackApiBody(body) as { channel: string; text: string };
      posts.push({ channel: b.channel, text: b.text });
      return { ok: true, channel: `D${b.channel}`, ts: `${Date.now()}.${posts.length}` };
    });
  return posts;
}

const app = useSlackApp(t, NOW, { REMINDER_DIGEST_THRESHOLD: '3' });
beforeEach(async () => {
  for (const id of [ADMIN, ANN, LI, BOB]) await run(id, 'help');
  await run(ANN, 'customer add Acme');
  for (let i = 1; i <= 4; i++) await run(ANN, `remind Acme 2026-11-25 11:0${i} topic ${i}`);
});

async function digestTo(manager: string, at: string): Promise<string> {
  await run(ADMIN, `role <@${manager}> manager`);
  await run(ADMIN, `team <@${manager}> add <@${ANN}>`);
  const posts = recordPosts();
  const instant = new Date(at);
  app.clock.set(instant);
  await app.rapport.sweep.run(instant);
  const toManager = posts.filter((p) => p.channel === manager);
  expect(toManager).toHaveLength(1);
  return toManager[0]?.text ?? '';
}

describe('the escalation digest tells its callbacks apart', () => {
  it('in English: each line says why, as the rep’s digest does', async () => {
    const digest = await digestTo(BOB, '2026-11-30T09:00:00Z'); // Monday 09:00 London
    for (let i = 1; i <= 4; i++) expect(digest).toContain(`Acme · Ann · due Wed 25 Nov 2026 · 5 days overdue · a reminder: topic ${i}`);
  });

  it('in Chinese, for a Chinese manager', async () => {
    const digest = await digestTo(LI, '2026-11-30T02:00:00Z'); // Monday 10:00 Shanghai
    expect(digest).toContain('团队逾期回访 — 4 条');
    for (let i = 1; i <= 4; i++) expect(digest).toMatch(new RegExp(`Acme · Ann · 2026年11月25日 周三 到期 · 已逾期 4 天 · .*topic ${i}`));
    expect(digest).not.toMatch(/overdue|reminder/);
  });
});
