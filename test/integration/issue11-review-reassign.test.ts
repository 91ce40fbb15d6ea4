// Issue 11 §3 after the merge: a reminder is timed for the person who will get it. A customer moved
// to another rep — `customer assign`, `customer edit owner=`, a hand-over — kept its callbacks'
// delivery time computed for the old owner's working hours and timezone, so the new owner got it
// hours late (or at the old owner's morning). The "next follow-up" and the reminder must agree.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { parseSlackApiBody } from '../helpers/slack.js';
import { SLACK_API, useSlackApp } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep, Asia/Shanghai, 09:00–18:00
const BOB = 'U0BOB00001'; // rep, Europe/London, 09:00–18:00
// Tuesday 24 Nov 2026, 02:00 UTC: 10:00 in Shanghai, 02:00 in London.
const NOW = new Date('2026-11-24T02:00:00Z');
// Bob's new customer's first callback: 7 days on, 02:00 UTC — night for Bob, 10:00 for Ann.
const DUE = '2026-12-01T02:00:00.000Z';

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });
const run = async (user: string, command: string) => (await app.rapport.bot.command(as(user), command)).reply?.text ?? '';

function recordDirectMessages(): string[] {
  const to: string[] = [];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply(200, (_uri, body) => {
      const b = parseSlackApiBody(body) as { channel: string };
      to.push(b.channel);
      return { ok: true, channel: `D${b.channel}`, ts: `${Date.now()}.${to.length}` };
    });
  return to;
}

const app = useSlackApp(t, NOW);
beforeEach(async () => {
  for (const id of [ADMIN, ANN, BOB]) await run(id, 'help');
  await run(BOB, 'customer add Acme');
  const callback = await t.prisma.callback.findFirstOrThrow();
  expect(callback.dueAt.toISOString()).toBe(DUE);
  expect(callback.deliverAt.toISOString()).toBe('2026-12-01T09:00:00.000Z'); // Bob's 09:00
});

async function expectAnnRemindedAtHerTen() {
  const callback = await t.prisma.callback.findFirstOrThrow();
  expect(callback.deliverAt.toISOString()).toBe(DUE);
  const sent = recordDirectMessages();
  const at = new Date('2026-12-01T02:01:00Z');
  app.clock.set(at);
  expect((await app.rapport.sweep.run(at)).delivered).toBe(1);
  expect(sent).toEqual([ANN]);
  // The card and the reminder say the same.
  expect(await run(ANN, 'customer show Acme')).toContain('Next follow-up: Tue 1 Dec 2026');
}

describe('a moved customer’s reminder follows the new owner’s hours', () => {
  it('customer assign', async () => {
    await run(ADMIN, `customer assign Acme <@${ANN}>`);
    await expectAnnRemindedAtHerTen();
  });

  it('customer edit owner=', async () => {
    await run(ADMIN, `customer edit Acme owner=<@${ANN}>`);
    await expectAnnRemindedAtHerTen();
  });

  it('a hand-over of everything Bob had', async () => {
    await run(ADMIN, `handover <@${BOB}> <@${ANN}>`);
    await expectAnnRemindedAtHerTen();
  });
});
