// /crm report over the real database: whose figures `report` alone shows, and the NPS trend on the
// reader's calendar days.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_TEAM_ID } from '../helpers/slack.js';
import { useSlackApp } from './harness.js';

const ANN = 'U0ANN00001'; // rep, Asia/Shanghai
const BOB = 'U0BOB00001'; // manager of Ann, Europe/London
const ADMIN = 'U0ADMIN001'; // UTC
// Tuesday 2026-11-24 02:00 UTC = 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id, workspaceId: TEST_TEAM_ID });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const text = (o: Outcome) => `${o.reply?.text ?? ''}\n${JSON.stringify(o.reply?.blocks ?? [])}`;

const app = useSlackApp(t, NOW);
beforeEach(async () => {
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
  await run(ADMIN, `role <@${BOB}> manager`);
  await run(ADMIN, `team <@${BOB}> add <@${ANN}>`);
  await run(ANN, 'customer add Acme');
  await run(ADMIN, 'customer add Initech');
});

describe('report without a scope', () => {
  it('is the team for a manager, the company for an admin, their own for a rep; mine/team/@rep unchanged', async () => {
    await run(ANN, 'log Acme call renewal');
    await run(ADMIN, 'log Initech call intro');
    const manager = text(await run(BOB, 'report'));
    expect(manager).toContain('Weekly report — your team');
    expect(manager).toContain('**Ann**: 1 contact');
    expect(manager).not.toContain('**Ada**');
    expect(manager).not.toContain('Team figures are for managers');
    expect(text(await run(ADMIN, 'report'))).toContain('Weekly report — all customers');
    expect(text(await run(ADMIN, 'report'))).toContain('**Ada**: 1 contact');
    const rep = text(await run(ANN, 'report'));
    expect(rep).toContain('Weekly report — your customers');
    expect(rep).not.toContain('Team figures are for managers'); // not narrowed: nothing more was asked
    expect(text(await run(BOB, 'report mine'))).toContain('Weekly report — your customers');
    expect(text(await run(BOB, 'report team'))).toContain('Weekly report — your team');
    expect(text(await run(BOB, `report <@${ANN}>`))).toContain('Weekly report — Ann’s customers');
    expect(text(await run(ANN, 'report team'))).toContain('Team figures are for managers');
  });
});

describe('the NPS trend', () => {
  it('puts answers on the reader’s calendar day: Shanghai and UTC differ near midnight', async () => {
    const acme = await t.prisma.customer.findFirstOrThrow({ where: { name: 'Acme' } });
    const poll = await t.prisma.poll.create({ data: { customerId: acme.id, kind: 'nps', question: 'q', locale: 'en', platform: 'slack', channelId: 'C1', closesAt: NOW } });
    // 23 Nov 23:30 in Shanghai (15:30 UTC): a promoter. 24 Nov 00:30 in Shanghai (16:30 UTC on the 23rd): a detractor.
    await t.prisma.pollAnswer.create({ data: { pollId: poll.id, respondentKey: 'late', score: 10, updatedAt: new Date('2026-11-23T15:30:00Z') } });
    await t.prisma.pollAnswer.create({ data: { pollId: poll.id, respondentKey: 'after-midnight', score: 2, updatedAt: new Date('2026-11-23T16:30:00Z') } });
    const admin = await app.rapport.domain.users.ensure(as(ADMIN));
    const shanghai = await app.rapport.domain.reports.report(admin, 'week', { kind: 'team' }, 'Asia/Shanghai', NOW);
    const utc = await app.rapport.domain.reports.report(admin, 'week', { kind: 'team' }, 'UTC', NOW);
    const points = (r: typeof utc) => r.team.npsTrend.map((p) => [p.from.toISOString().slice(0, 13), p.answers, p.nps]);
    // Shanghai: 23 Nov has the promoter (NPS 100), 24 Nov (today) the detractor (−100).
    expect(points(shanghai).slice(-2)).toEqual([['2026-11-22T16', 1, 100], ['2026-11-23T16', 1, -100]]);
    // UTC: both on 23 Nov (1 promoter, 1 detractor of 2 → 0); today has none.
    expect(points(utc).slice(-2)).toEqual([['2026-11-23T00', 2, 0], ['2026-11-24T00', 0, null]]);
    // The trend covers the period exactly: its answers add up to the period's.
    for (const report of [shanghai, utc]) {
      expect(report.team.npsTrend).toHaveLength(7);
      expect(report.team.npsTrend.reduce((n, p) => n + p.answers, 0)).toBe(report.team.npsAnswers);
    }
  });
});
