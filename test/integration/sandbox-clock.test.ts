// The sandbox clock drives the same scheduled jobs as production: a week's jump runs the weekly
// report exactly once (and the nightly work), and what the bot stamps afterwards — audit entries,
// contact logs, callbacks, poll answers, the sandbox's messages — carries the simulated time, not the database's.
import { beforeEach, describe, expect, it } from 'vitest';
import { replayTimes } from '../../src/jobs/scheduler.js';
import { useTestDatabase } from '../helpers/database.js';
import { useSandboxApp } from './harness.js';

const t = useTestDatabase();
const HOUR = 60 * 60 * 1000;
const REPORT_CRON = '0 9 * * 1';

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${sandbox.base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
};
const reportsInManagers = () => t.prisma.sandboxMessage.count({ where: { conversation: 'sandbox:managers', reply: { contains: 'Weekly report' } } });
const chartsInManagers = () => t.prisma.sandboxMessage.count({ where: { conversation: 'sandbox:managers', fileType: 'image/png' } });

const sandbox = useSandboxApp(t, { REPORT_CRON });
beforeEach(async () => {
  await sandbox.rapport.bot.command({ platform: 'sandbox', externalId: 'rep-ann', displayName: 'Ann Lee' }, 'help');
});

describe('the sandbox clock', () => {
  it('runs the weekly report once when a week is skipped, and again only when its time comes', async () => {
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm customer add Acme' });
    expect(await reportsInManagers()).toBe(0);
    await post('clock', { hours: 168 });
    // Any seven days hold exactly one Monday 09:00: one report and its chart, not one per sweep.
    expect(await reportsInManagers()).toBe(1);
    expect(await chartsInManagers()).toBe(1);
    // The nightly recompute ran once for each of the seven nights (it claims its night in JobRun).
    expect(await t.prisma.jobRun.count({ where: { key: { startsWith: 'recompute:' } } })).toBe(7);

    // An hour more runs the report only if that hour holds Monday 09:00 (the same cron decides).
    const from = sandbox.rapport.domain.clock.now();
    await post('clock', { hours: 1 });
    const expected = 1 + replayTimes({ name: 'weekly-report', cron: REPORT_CRON, run: async () => undefined }, from, new Date(from.getTime() + HOUR)).length;
    expect(await reportsInManagers()).toBe(expected);
  });

  it('stamps audit entries, contact logs, callbacks and poll answers with the simulated time', async () => {
    await post('clock', { hours: 24 * 30 });
    const simulated = sandbox.rapport.domain.clock.now().getTime();
    expect(simulated - Date.now()).toBeGreaterThan(29 * 24 * HOUR);
    // What the jump itself posted (the weekly reports) carries its replayed time (issue11-review-sandbox-replay.test.ts).
    const postedByJump = (await t.prisma.sandboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0;
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm customer add Acme' });
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm log Acme call discussed the renewal' });
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm remind Acme tomorrow send the contract' });
    // A poll answered by the customer's contact (reports count answers by their time).
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm customer edit Acme channel=<#sandbox:acme|acme-shared>' });
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm poll csat Acme' });
    const pollMessage = await t.prisma.sandboxMessage.findFirstOrThrow({ where: { conversation: 'sandbox:acme', reply: { contains: 'poll.vote' } } });
    const blocks = (JSON.parse(pollMessage.reply) as { blocks: Array<{ type: string; elements?: Array<{ action: string; label: string; value: string }> }> }).blocks;
    // A low score: its alert's bookkeeping writes to the answer too, and must keep its simulated time.
    const vote = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action === 'poll.vote' && e.label.startsWith('1'))!;
    await post('click', { as: 'guest-carol', conversation: 'sandbox:acme', messageId: pollMessage.id, action: vote.action, value: vote.value });
    const answer = await t.prisma.pollAnswer.findFirstOrThrow();
    expect(answer.alertClaimedAt).not.toBeNull();

    const audit = await t.prisma.auditEvent.findMany({ where: { action: { in: ['customer.create', 'callback.remind', 'poll.create'] } } });
    expect(audit.map((a) => a.action).sort()).toEqual(['callback.remind', 'customer.create', 'poll.create']);
    const stamps = [
      ...audit.map((a) => a.at),
      (await t.prisma.contactLog.findFirstOrThrow()).createdAt,
      ...(await t.prisma.callback.findMany()).map((c) => c.createdAt),
      answer.createdAt,
      answer.updatedAt,
      // The sandbox's own messages: the page shows their time.
      ...(await t.prisma.sandboxMessage.findMany({ where: { id: { gt: postedByJump } } })).map((m) => m.createdAt),
    ];
    expect(stamps.length).toBeGreaterThanOrEqual(14);
    for (const at of stamps) expect(Math.abs(at.getTime() - simulated)).toBeLessThan(60_000);
  });
});
