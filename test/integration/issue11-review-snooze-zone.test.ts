// Issue 11 §3 after the merge: a snooze moves the callback to 09:00 of the day chosen *for the
// person it belongs to*. A manager in London snoozing a Shanghai rep's overdue callback (from the
// escalation card) set it to 09:00 London — 17:00 for the rep — for each choice and for a picked date.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { fakeSlackDirectory, startApp, type AppUnderTest } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep, Asia/Shanghai
const BOB = 'U0BOB00001'; // Ann's manager, Europe/London
// Monday 30 Nov 2026, 09:00 in London, 17:00 in Shanghai.
const NOW = new Date('2026-11-30T09:00:00Z');

const t = useTestDatabase();
let app: AppUnderTest;
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });
const run = async (user: string, command: string) => (await app.rapport.bot.command(as(user), command)).reply?.text ?? '';

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  app = await startApp(t.url, NOW);
});
beforeEach(async () => {
  fakeSlackDirectory();
  app.clock.set(new Date('2026-11-24T02:00:00Z'));
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
  await run(ADMIN, `role <@${BOB}> manager`);
  await run(ADMIN, `team <@${BOB}> add <@${ANN}>`);
  await run(ANN, 'customer add Acme');
  await run(ANN, 'remind Acme 2026-11-25 11:00 bring the samples');
  app.clock.set(NOW);
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await app?.stop();
  nock.enableNetConnect();
});

const oneOff = () => t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });

describe('a manager snoozes a rep’s callback', () => {
  for (const [choice, day, shown] of [['1d', '2026-12-01', 'Tue 1 Dec 2026'], ['3d', '2026-12-03', 'Thu 3 Dec 2026'], ['1w', '2026-12-07', 'Mon 7 Dec 2026']] as const) {
    it(`${choice}: 09:00 on ${day} in the rep’s timezone`, async () => {
      const { id } = await oneOff();
      const answer = await app.rapport.bot.action(as(BOB), 'callback.snooze', `${id}:${choice}`);
      // 09:00 Shanghai = 01:00 UTC; Bob reads it in London time.
      expect((await oneOff()).dueAt.toISOString()).toBe(`${day}T01:00:00.000Z`);
      expect(answer.reply?.text).toContain('01:00');
      // The rep's card lists it at 09:00 of that day, their time.
      expect(await run(ANN, 'customer show Acme')).toContain(`${shown} 09:00 · Ann · a reminder: bring the samples`);
    });
  }

  it('a picked date: 09:00 that day for the rep', async () => {
    const { id } = await oneOff();
    const opened = await app.rapport.bot.action(as(BOB), 'callback.snooze', `${id}:pick`);
    await app.rapport.bot.submitForm(as(BOB), 'callback.snooze', opened.form!.state, { until: '2026-12-10' });
    expect((await oneOff()).dueAt.toISOString()).toBe('2026-12-10T01:00:00.000Z');
  });

  it('the rep snoozing their own: unchanged, 09:00 their time', async () => {
    const { id } = await oneOff();
    await app.rapport.bot.action(as(ANN), 'callback.snooze', `${id}:1d`);
    expect((await oneOff()).dueAt.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });
});
