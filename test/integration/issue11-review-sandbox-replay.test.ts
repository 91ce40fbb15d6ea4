// Issue 11 §3/§5 after the merge: a clock jump replays the skipped time job by job, and what those
// jobs stamp follows the replayed time — a reminder delivered at Wednesday 10:00 shows as sent then,
// inside the rep's working hours, not at the (possibly night) moment the jump ended; the same for
// the weekly report in the managers' channel and the audit trail of the nightly work.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRapport, type Rapport } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/logging.js';
import { useTestDatabase } from '../helpers/database.js';
import { TEST_ENCRYPTION_KEY } from './harness.js';

const t = useTestDatabase();
const HOUR = 60 * 60 * 1000;
let rapport: Rapport;
let base: string;
const REPORT_CRON = '0 9 * * 1';

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${base}/sandbox/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
};

beforeAll(async () => {
  const config = loadConfig({ DATABASE_URL: t.url, SANDBOX: '1', PORT: '0', HOST: '127.0.0.1', ENCRYPTION_KEY: TEST_ENCRYPTION_KEY, DEFAULT_TIMEZONE: 'UTC', LOG_LEVEL: 'silent', REPORT_CRON });
  rapport = await createRapport({ config, logger: createLogger('silent'), migrate: false, schedule: false, seedSandbox: false });
  base = `http://127.0.0.1:${(await rapport.start()).port}`;
});
beforeEach(async () => {
  await rapport.bot.command({ platform: 'sandbox', externalId: 'rep-ann', displayName: 'Ann Lee' }, 'help');
});
afterAll(async () => {
  await rapport?.stop();
});

describe('a clock jump stamps what its jobs do at their replayed time', () => {
  it('a reminder shows as sent in the hour it was delivered; the weekly report at its Monday 09:00', async () => {
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm customer add Acme' });
    await post('type', { as: 'rep-ann', conversation: 'dm:rep-ann', text: '/crm remind Acme in 2 days 11:00 bring the samples' });
    const callback = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    const jumpedAt = rapport.domain.clock.now().getTime();
    await post('clock', { hours: 168 });
    const end = rapport.domain.clock.now().getTime();
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
    expect(Math.abs(latest.createdAt.getTime() - rapport.domain.clock.now().getTime())).toBeLessThan(60_000);
  });
});
