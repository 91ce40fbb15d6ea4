// One truth for "next follow-up" (issue 11 §3): the customer's first open callback — the one the
// reminder fires for — on the card, in lists, in `tier` and in the privacy export alike; the card
// also lists the open callbacks. A new customer shows its first (new-customer) callback.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Outcome, Speaker } from '../../src/chat/bot-types.js';
import { useTestDatabase } from '../helpers/database.js';
import { useSlackApp } from './harness.js';

const ADMIN = 'U0ADMIN001';
const ANN = 'U0ANN00001'; // rep, Asia/Shanghai
// Tuesday 24 Nov 2026, 10:00 in Shanghai.
const NOW = new Date('2026-11-24T02:00:00Z');

const t = useTestDatabase();
const as = (id: string): Speaker => ({ platform: 'slack', externalId: id });
const run = (user: string, command: string) => app.rapport.bot.command(as(user), command);
const plain = (o: Outcome) => o.reply?.text ?? '';
const card = async () => plain(await run(ANN, 'customer show Acme'));

const app = useSlackApp(t, NOW);
beforeEach(async () => {
  for (const id of [ADMIN, ANN]) await run(id, 'help');
});

describe('the next follow-up is the open callback', () => {
  it('a new customer shows its first callback, on the created card and after', async () => {
    // The new-customer callback: 7 days after creation (Tue 1 Dec). The old column stayed empty here.
    const created = plain(await run(ANN, 'customer add Acme'));
    expect(created).toContain('Next follow-up: Tue 1 Dec 2026');
    expect(created).toContain('Open callbacks** (1)');
    expect(created).toContain('Tue 1 Dec 2026 10:00 · Ann · first follow-up of a new customer');
    expect(await card()).toContain('Next follow-up: Tue 1 Dec 2026');
    expect(plain(await run(ANN, 'customer list'))).toContain('Next follow-up: Tue 1 Dec 2026');
    expect(plain(await run(ANN, 'tier Acme'))).toContain('Next callback: Tue 1 Dec 2026');
  });

  it('follows reminders, snoozes and Done, everywhere at once', async () => {
    await run(ANN, 'customer add Acme');
    // An earlier one-off becomes the next follow-up (the old column only knew contacts' dates).
    await run(ANN, 'remind Acme tomorrow 3pm bring the samples');
    const withOneOff = await card();
    expect(withOneOff).toContain('Next follow-up: Wed 25 Nov 2026');
    expect(withOneOff).toContain('Open callbacks** (2)');
    expect(withOneOff).toContain('Wed 25 Nov 2026 15:00 · Ann · a reminder: bring the samples');
    expect(withOneOff.indexOf('bring the samples')).toBeLessThan(withOneOff.indexOf('first follow-up of a new customer'));
    expect(plain(await run(ANN, 'customer list'))).toContain('Next follow-up: Wed 25 Nov 2026');
    expect(plain(await run(ANN, 'tier Acme'))).toContain('Next callback: Wed 25 Nov 2026');

    // Snoozed a week: the new-customer callback (1 Dec) is next again.
    const oneOff = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    await app.rapport.bot.action(as(ANN), 'callback.snooze', `${oneOff.id}:1w`);
    expect(await card()).toContain('Next follow-up: Tue 1 Dec 2026');
    expect(plain(await run(ANN, 'tier Acme'))).toContain('Next callback: Tue 1 Dec 2026');

    // Both done: nothing is next.
    for (const c of await t.prisma.callback.findMany({ where: { status: 'pending' } })) await app.rapport.bot.action(as(ANN), 'callback.done', String(c.id));
    const none = await card();
    expect(none).toContain('Next follow-up: —');
    expect(none).toContain('No open callback.');
    expect(plain(await run(ANN, 'customer list'))).toContain('Next follow-up: —');
    expect(plain(await run(ANN, 'tier Acme'))).toContain('No callback scheduled.');
  });

  it('a logged contact moves it to the cadence; a `next` date to that date; the log’s answer says the same', async () => {
    await run(ANN, 'customer add Acme');
    // No date given: the general tier's 90-day cadence, which the old column (and answer) never showed.
    expect(plain(await run(ANN, 'log Acme call intro call'))).toContain('Next follow-up: Mon 22 Feb 2027');
    expect(await card()).toContain('Next follow-up: Mon 22 Feb 2027');
    expect(plain(await run(ANN, 'log Acme call sent the quote next friday'))).toContain('Next follow-up: Fri 4 Dec 2026');
    expect(await card()).toContain('Next follow-up: Fri 4 Dec 2026');
    expect(await t.prisma.callback.count({ where: { status: 'pending' } })).toBe(1);

    // An earlier one-off stays the next follow-up, whatever date the contact set.
    await run(ANN, 'remind Acme tomorrow 3pm bring the samples');
    expect(plain(await run(ANN, 'log Acme call quick check next friday'))).toContain('Next follow-up: Wed 25 Nov 2026');
    // Log call on that one-off's reminder completes it: the answer names what is next after it.
    const oneOff = await t.prisma.callback.findFirstOrThrow({ where: { reason: 'one_off' } });
    const form = await app.rapport.bot.action(as(ANN), 'callback.log', String(oneOff.id));
    const logged = await app.rapport.bot.submitForm(as(ANN), 'contact.log', form.form!.state, { customer: String(oneOff.customerId), channel: 'call', summary: 'samples brought' });
    expect(plain(logged)).toContain('Next follow-up: Mon 22 Feb 2027');
    expect(await card()).toContain('Next follow-up: Mon 22 Feb 2027');
  });

  it('a follow-up date changed and changed back is still the next follow-up', async () => {
    await run(ANN, 'customer add Acme');
    for (const when of ['2026-12-04', '2026-12-07', '2026-12-04']) await run(ANN, `log Acme call talked next ${when}`);
    // The Friday callback was cancelled for the Monday one; coming back to it reopens it.
    expect(await card()).toContain('Next follow-up: Fri 4 Dec 2026');
    expect(await t.prisma.callback.count({ where: { status: 'pending' } })).toBe(1);
  });

  it('the card lists a bounded number of open callbacks, in the reader’s language and timezone', async () => {
    await run(ANN, 'customer add Acme');
    for (let day = 25; day <= 30; day++) await run(ANN, `remind Acme 2026-11-${day} 11:00 note ${day}`);
    const full = await card();
    expect(full).toContain('Open callbacks** (7)');
    expect(full).toContain('note 29');
    expect(full).not.toContain('note 30');
    expect(full).toContain('… and 2 more');
    // The same card read in Chinese from Berlin.
    await t.prisma.user.updateMany({ where: { accounts: { some: { platform: 'slack', externalId: ANN } } }, data: { locale: 'zh', timezone: 'Europe/Berlin' } });
    const zh = await card();
    expect(zh).toContain('待办回访**（7）');
    expect(zh).toContain('下次跟进');
    // 11:00 Shanghai = 04:00 Berlin.
    expect(zh).toContain('04:00');
  });

  it('the privacy export carries the same next follow-up', async () => {
    await run(ANN, 'customer add Acme');
    const callback = await t.prisma.callback.findFirstOrThrow({ where: { status: 'pending' } });
    const admin = await app.rapport.domain.users.find('slack', ADMIN);
    const dossier = await app.rapport.domain.privacy.export(admin!, callback.customerId);
    expect(dossier.nextCallback?.dueAt.toISOString()).toBe(callback.dueAt.toISOString());
  });
});
