// Issue 11 §3/§5 after the merge: a clock jump replays the skipped time job by job, and what those
// jobs stamp follows the replayed time — a reminder delivered at Wednesday 10:00 shows as sent then,
// inside the rep's working hours, not at the (possibly night) moment the jump ended; the same for
// the weekly report in the managers' channel and the audit trail of the nightly work.
import { beforeEach, describe, expect, it } from 'vitest';
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

const sandbox = useSandboxApp(t, { REPORT_CRON });
beforeEach(async () => {
  await sandbox.rapport.bot.command({ platform: 'sandbox', externalId: 'rep-ann', displayName: 'Ann Lee' }, 'help');
});

describe('a clock jump stamps what its jobs do at their replayed time', () => {
  it('a reminder shows as sent in the hour it was delivered; the weekly report at its Monday 09:00', async () => {
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm customer add Acme' });
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm remind Acme in 2 days 11:00 bring the samples' });
    const callback = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    const jumpedAt = sandbox.rapport.domain.clock.now().getTime();
    await post('clock', { hours: 168 });
    const end = sandbox.rapport.domain.clock.now().getTime();
    expect(end - jumpedAt).toBeGreaterThanOrEqual(168 * HOUR);

    const sent = await t.prisma.callback.findUniqueOrThrow({ where: { id: callback.id } });
    expect(sent.sentAt).not.toBeNull();
    const reminder = await t.prisma.sandboxMessage.findFirstOrThrow({ where: { conversation: 'dm:rep-ann', reply: { contains: 'bring the samples' }, author: 'bot', createdAt: { gt: new Date(jumpedAt) } } });
    // Shown at the hour it went out (the first replayed sweep at or after it was due), not at the jump's end.
    expect(reminder.createdAt.getTime()).toBe(sent.sentAt!.getTime());
    expect(reminder.createdAt.getTime()).toBeGreaterThanOrEqual(sent.deliverAt.getTime());
    expect(reminder.createdAt.getTime() - sent.deliverAt.getTime()).toBeLessThanOrEqual(HOUR);
    expect(end - reminder.createdAt.getTime()).toBeGreaterThan(HOUR);

    const report = await t.prisma.sandboxMessage.findFirstOrThrow({ where: { conversation: 'sandbox:managers', reply: { contains: 'Weekly report' } } });
    expect(report.createdAt.getUTCDay()).toBe(1);
    expect(report.createdAt.getUTCHours()).toBe(9);
    expect(report.createdAt.getUTCMinutes()).toBe(0);

    // After the jump the clock is the present again: a new message is stamped at the jump's end.
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm help' });
    const latest = await t.prisma.sandboxMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(Math.abs(latest.createdAt.getTime() - sandbox.rapport.domain.clock.now().getTime())).toBeLessThan(60_000);
  });
});
