// The callback store's semantics, method by method, on SQLite and on PostgreSQL: idempotent
// scheduling, claims and their tokens, escalation leases, complete-once, snoozes, reassignment.
import { describe, expect, it, beforeEach } from 'vitest';
import { parseEncryptionKey } from '../../src/config/env.js';
import type { CallbackStore, NewCallback } from '../../src/domain/ports.js';
import type { CallbackReason } from '../../src/domain/types.js';
import { createCallbackStore, LAST_ERROR_MAX_LENGTH } from '../../src/store/callback-store.js';
import { createFieldCipher, generateKeyText } from '../../src/store/field-cipher.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';
import { useTestDatabase } from '../helpers/database.js';

const t = useTestDatabase();

const NOW = new Date('2026-03-02T09:00:00.000Z');
const at = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);
const lease = (token: string, minutes = 5) => ({ token, until: at(minutes) });

let store: CallbackStore;
let rep1: number;
let rep2: number;
let customerA: number;
let customerB: number;
let keys = 0;

function callback(overrides: Partial<NewCallback> = {}): NewCallback {
  keys += 1;
  return { customerId: customerA, assigneeId: rep1, reason: 'one_off', note: null, dueAt: at(-60), deliverAt: at(-60), occurrenceKey: `k${keys}`, ...overrides };
}

beforeEach(async () => {
  store = createCallbackStore(t.prisma, t.provider);
  const u1 = await t.prisma.user.create({ data: { accounts: { create: { platform: 'slack', externalId: 'U1' } } } });
  const u2 = await t.prisma.user.create({ data: { accounts: { create: { platform: 'slack', externalId: 'U2' } } } });
  const a = await t.prisma.customer.create({ data: { name: 'A', nameKey: 'a', ownerId: u1.id } });
  const b = await t.prisma.customer.create({ data: { name: 'B', nameKey: 'b', ownerId: u1.id } });
  [rep1, rep2, customerA, customerB] = [u1.id, u2.id, a.id, b.id];
});

describe('schedule / findById', () => {
  it('creates a pending callback with nothing claimed, sent or escalated', async () => {
    const created = await store.schedule(callback({ reason: 'cadence', note: 'ask about the Q2 order', dueAt: at(60), deliverAt: at(90) }));
    expect(created).toEqual({
      id: expect.any(Number),
      customerId: customerA,
      assigneeId: rep1,
      reason: 'cadence',
      note: 'ask about the Q2 order',
      dueAt: at(60),
      deliverAt: at(90),
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
      messageRef: null,
      escalatedAt: null,
      completedAt: null,
      completedById: null,
    });
    expect(await store.findById(created.id)).toEqual(created);
    expect(await store.findById(created.id + 1000)).toBeNull();
  });

  it('is idempotent on the occurrence key: the second call returns the first row unchanged', async () => {
    const first = await store.schedule(callback({ occurrenceKey: 'cust:1:cadence:2026-03-02', note: 'first' }));
    const second = await store.schedule(callback({ occurrenceKey: 'cust:1:cadence:2026-03-02', note: 'second', dueAt: at(999) }));
    expect(second).toEqual(first);
    expect(await t.prisma.callback.count()).toBe(1);
  });

  it('opens a cancelled occurrence afresh when the schedule comes back to it; a done one stays done', async () => {
    const first = await store.schedule(callback({ occurrenceKey: 'cust:1:next_date:fri', reason: 'next_date', dueAt: at(60), deliverAt: at(60) }));
    await store.claimDue(at(60), lease('t', 65), 10);
    await store.cancelOpen(customerA, ['next_date']);
    const again = await store.schedule(callback({ occurrenceKey: 'cust:1:next_date:fri', reason: 'next_date', assigneeId: rep2, dueAt: at(60), deliverAt: at(75) }));
    expect(again).toMatchObject({ id: first.id, status: 'pending', assigneeId: rep2, deliverAt: at(75), attempts: 0, sentAt: null });
    expect((await store.listOpen({ customerId: customerA, offset: 0, limit: 5 })).total).toBe(1);
    await store.complete(first.id, rep2, at(80));
    expect(await store.schedule(callback({ occurrenceKey: 'cust:1:next_date:fri', reason: 'next_date' }))).toMatchObject({ id: first.id, status: 'done' });
  });

  it('stays idempotent when the same occurrence is scheduled concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => store.schedule(callback({ occurrenceKey: 'same' }))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await t.prisma.callback.count()).toBe(1);
  });

  it('does not break the surrounding transaction when the occurrence already exists', async () => {
    const existing = await store.schedule(callback({ occurrenceKey: 'tx' }));
    const inside = await t.prisma.$transaction(async (tx) => {
      const txStore = createCallbackStore(tx, t.provider);
      const again = await txStore.schedule(callback({ occurrenceKey: 'tx' }));
      // A failed INSERT would have aborted a PostgreSQL transaction: this statement would fail.
      const other = await txStore.schedule(callback({ occurrenceKey: 'tx-2' }));
      return { again, other };
    });
    expect(inside.again.id).toBe(existing.id);
    expect(await t.prisma.callback.count()).toBe(2);
  });

  it('is reachable through createPrismaStores, in and out of a transaction', async () => {
    const stores = createPrismaStores(t.prisma, { cipher: createFieldCipher(parseEncryptionKey(generateKeyText('a'))!), provider: t.provider });
    const created = await stores.transaction((tx) => tx.callbacks.schedule(callback()));
    expect(await stores.callbacks.findById(created.id)).toEqual(created);
  });
});

describe('cancelOpen', () => {
  it("cancels the customer's open callbacks of the given reasons only", async () => {
    const cadence = await store.schedule(callback({ reason: 'cadence' }));
    const winBack = await store.schedule(callback({ reason: 'win_back' }));
    const oneOff = await store.schedule(callback({ reason: 'one_off' }));
    const otherCustomer = await store.schedule(callback({ reason: 'cadence', customerId: customerB }));
    const sent = await store.schedule(callback({ reason: 'cadence' }));
    const done = await store.schedule(callback({ reason: 'cadence' }));
    const [claimed] = await store.claimDue(NOW, lease('t'), 100).then((all) => all.filter((c) => c.id === sent.id));
    expect(await store.markSent(claimed!.id, 't', NOW, 'ts1')).toBe(true);
    await store.complete(done.id, rep1, NOW);

    const reasons: readonly CallbackReason[] = ['cadence', 'win_back'];
    expect(await store.cancelOpen(customerA, reasons)).toBe(3); // cadence, win_back, the sent one
    expect((await store.findById(cadence.id))?.status).toBe('cancelled');
    expect((await store.findById(winBack.id))?.status).toBe('cancelled');
    expect((await store.findById(sent.id))?.status).toBe('cancelled');
    expect((await store.findById(oneOff.id))?.status).toBe('pending');
    expect((await store.findById(otherCustomer.id))?.status).toBe('pending');
    expect((await store.findById(done.id))?.status).toBe('done');
    expect(await store.cancelOpen(customerA, reasons)).toBe(0);
    expect(await store.cancelOpen(customerA, [])).toBe(0);
  });
});

describe('listOpen', () => {
  it('lists pending and sent callbacks by due time then id, with the total, filtered and paged', async () => {
    const late = await store.schedule(callback({ dueAt: at(120) }));
    const tieA = await store.schedule(callback({ dueAt: at(-30) }));
    const tieB = await store.schedule(callback({ dueAt: at(-30), assigneeId: rep2 }));
    const early = await store.schedule(callback({ dueAt: at(-90), deliverAt: at(-90) }));
    const done = await store.schedule(callback({ dueAt: at(-200) }));
    const cancelled = await store.schedule(callback({ dueAt: at(-200), reason: 'win_back' }));
    await store.complete(done.id, rep1, NOW);
    await store.cancelOpen(customerA, ['win_back']);
    const [claimed] = await store.claimDue(NOW, lease('t'), 1);
    expect(claimed?.id).toBe(early.id);
    await store.markSent(early.id, 't', NOW, null);

    const all = await store.listOpen({ offset: 0, limit: 10 });
    expect(all.items.map((c) => c.id)).toEqual([early.id, tieA.id, tieB.id, late.id]);
    expect(all.total).toBe(4);
    expect(all.items[0]?.status).toBe('sent');
    expect(all.items.some((c) => c.id === cancelled.id)).toBe(false);

    const page = await store.listOpen({ offset: 1, limit: 2 });
    expect(page.items.map((c) => c.id)).toEqual([tieA.id, tieB.id]);
    expect(page.total).toBe(4);

    const overdueOfRep1 = await store.listOpen({ assigneeIds: [rep1], dueBefore: NOW, offset: 0, limit: 10 });
    expect(overdueOfRep1.items.map((c) => c.id)).toEqual([early.id, tieA.id]);
    expect(overdueOfRep1.total).toBe(2);

    expect(await store.listOpen({ assigneeIds: [], offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
  });
});

describe('claimDue / markSent / release', () => {
  it('claims pending callbacks due by now, oldest first, up to the limit, counting the attempt', async () => {
    const second = await store.schedule(callback({ deliverAt: at(-10) }));
    const first = await store.schedule(callback({ deliverAt: at(-20) }));
    const exactlyNow = await store.schedule(callback({ deliverAt: NOW }));
    await store.schedule(callback({ deliverAt: at(0.001) })); // 60 ms in the future: not yet

    const claimed = await store.claimDue(NOW, lease('a'), 2);
    expect(claimed.map((c) => c.id)).toEqual([first.id, second.id]);
    expect(claimed.every((c) => c.attempts === 1 && c.status === 'pending')).toBe(true);

    const rest = await store.claimDue(NOW, lease('b'), 10);
    expect(rest.map((c) => c.id)).toEqual([exactlyNow.id]);
    expect(await store.claimDue(NOW, lease('c'), 10)).toEqual([]);
    expect(await store.claimDue(NOW, lease('d'), 0)).toEqual([]);
  });

  it('marks sent only with the claim token, once', async () => {
    const created = await store.schedule(callback());
    const [claimed] = await store.claimDue(NOW, lease('tok'), 10);
    expect(claimed?.id).toBe(created.id);

    expect(await store.markSent(created.id, 'not-the-token', NOW, 'x')).toBe(false);
    expect(await store.markSent(created.id, 'tok', at(1), 'C1/1700000000.000100')).toBe(true);
    expect(await store.markSent(created.id, 'tok', at(2), 'again')).toBe(false);

    const sent = await store.findById(created.id);
    expect(sent).toMatchObject({ status: 'sent', sentAt: at(1), messageRef: 'C1/1700000000.000100', attempts: 1 });
    // Sent is not pending: no claim picks it up again.
    expect(await store.claimDue(at(60), lease('later', 120), 10)).toEqual([]);
  });

  it('release gives the callback back for a later try and drops the token', async () => {
    const created = await store.schedule(callback());
    await store.claimDue(NOW, lease('tok'), 10);

    await store.release(created.id, 'wrong', at(30), 'ignored');
    expect((await store.findById(created.id))?.lastError).toBeNull();

    await store.release(created.id, 'tok', at(30), `slack.rate_limited ${'x'.repeat(600)}`);
    const released = await store.findById(created.id);
    expect(released?.status).toBe('pending');
    expect(released?.lastError).toHaveLength(LAST_ERROR_MAX_LENGTH);
    expect(released?.lastError?.startsWith('slack.rate_limited')).toBe(true);
    expect(await store.markSent(created.id, 'tok', NOW, null)).toBe(false);

    expect(await store.claimDue(at(29), lease('early', 40), 10)).toEqual([]);
    const retried = await store.claimDue(at(31), lease('retry', 40), 10);
    expect(retried.map((c) => [c.id, c.attempts])).toEqual([[created.id, 2]]);
    expect(await store.markSent(created.id, 'retry', at(31), null)).toBe(true);
    expect((await store.findById(created.id))?.lastError).toBeNull();
  });
});

describe('claimEscalations / markEscalated', () => {
  it('claims open callbacks due before the cut-off, not yet escalated, under a lease of their own', async () => {
    const pending = await store.schedule(callback({ dueAt: at(-300), deliverAt: at(-300) }));
    const sent = await store.schedule(callback({ dueAt: at(-200), deliverAt: at(-200) }));
    await store.schedule(callback({ dueAt: at(-10), deliverAt: at(-10) })); // overdue, but after the cut-off
    const done = await store.schedule(callback({ dueAt: at(-400), deliverAt: at(-400) }));
    await store.complete(done.id, rep1, NOW);
    // Delivered: the delivery claim's token must survive the escalation claim.
    await store.claimDue(at(-200), { token: 'deliver', until: at(-195) }, 10);
    expect(await store.markSent(sent.id, 'deliver', at(-199), 'ref')).toBe(true);
    // The pending one is being delivered right now.
    const [inFlight] = await store.claimDue(NOW, lease('deliver-2'), 10).then((all) => all.filter((c) => c.id === pending.id));
    expect(inFlight).toBeDefined();

    const cutOff = at(-60);
    const claimed = await store.claimEscalations(NOW, cutOff, lease('esc'), 10);
    expect(claimed.map((c) => c.id)).toEqual([pending.id, sent.id]);
    expect(claimed.map((c) => c.status)).toEqual(['pending', 'sent']);
    // Leased: no second claim until it runs out.
    expect(await store.claimEscalations(at(1), cutOff, lease('esc-2'), 10)).toEqual([]);
    // The delivery claim of the pending one is untouched.
    expect(await store.markSent(pending.id, 'deliver-2', at(1), 'ref-2')).toBe(true);

    expect(await store.markEscalated(sent.id, 'esc', at(2))).toBe(true);
    expect(await store.markEscalated(sent.id, 'esc', at(3))).toBe(false);
    expect((await store.findById(sent.id))?.escalatedAt).toEqual(at(2));

    // The lease of the unmarked one runs out: claimable again, the escalated one never.
    const again = await store.claimEscalations(at(6), cutOff, lease('esc-3', 10), 10);
    expect(again.map((c) => c.id)).toEqual([pending.id]);
  });

  it('does not escalate a callback completed meanwhile', async () => {
    const created = await store.schedule(callback({ dueAt: at(-300) }));
    await store.claimEscalations(NOW, at(-60), lease('esc'), 10);
    await store.complete(created.id, rep1, NOW);
    expect(await store.markEscalated(created.id, 'esc', at(1))).toBe(false);
    expect(await store.claimEscalations(at(10), at(-60), lease('esc-2', 20), 10)).toEqual([]);
  });
});

describe('complete', () => {
  it('moves an open callback to done once', async () => {
    const created = await store.schedule(callback());
    const done = await store.complete(created.id, rep2, at(5));
    expect(done).toMatchObject({ id: created.id, status: 'done', completedAt: at(5), completedById: rep2 });
    expect(await store.complete(created.id, rep1, at(6))).toBeNull();
    expect(await store.findById(created.id)).toEqual(done);
  });

  it('completes a sent callback, not a cancelled one, and a claim of a completed one cannot mark it sent', async () => {
    const sent = await store.schedule(callback());
    await store.claimDue(NOW, lease('t'), 10);
    await store.markSent(sent.id, 't', NOW, null);
    expect((await store.complete(sent.id, rep1, at(1)))?.status).toBe('done');

    const inFlight = await store.schedule(callback());
    await store.claimDue(NOW, lease('t2'), 10);
    await store.complete(inFlight.id, rep1, at(1));
    expect(await store.markSent(inFlight.id, 't2', at(2), null)).toBe(false);
    expect((await store.findById(inFlight.id))?.status).toBe('done');

    const cancelled = await store.schedule(callback({ reason: 'win_back' }));
    await store.cancelOpen(customerA, ['win_back']);
    expect(await store.complete(cancelled.id, rep1, at(1))).toBeNull();
    expect(await store.complete(999_999, rep1, at(1))).toBeNull();
  });
});

describe('reschedule', () => {
  it('puts an open callback back to pending at the new time and clears claim, delivery and escalation', async () => {
    const created = await store.schedule(callback({ dueAt: at(-300), deliverAt: at(-300) }));
    await store.claimDue(NOW, lease('t'), 10);
    await store.markSent(created.id, 't', NOW, 'ref');
    await store.claimEscalations(NOW, at(-60), lease('esc'), 10);
    await store.markEscalated(created.id, 'esc', NOW);

    const snoozed = await store.reschedule(created.id, at(24 * 60), at(24 * 60 + 30));
    expect(snoozed).toEqual({
      ...created,
      dueAt: at(24 * 60),
      deliverAt: at(24 * 60 + 30),
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
      messageRef: null,
      escalatedAt: null,
    });
    const row = await t.prisma.callback.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ claimToken: null, claimedUntil: null, escalationClaimedUntil: null });

    expect(await store.claimDue(at(24 * 60), lease('early'), 10)).toEqual([]);
    const [redelivered] = await store.claimDue(at(24 * 60 + 30), lease('new'), 10);
    expect(redelivered?.id).toBe(created.id);
  });

  it('voids a claim in flight, and leaves finished callbacks alone', async () => {
    const created = await store.schedule(callback());
    await store.claimDue(NOW, { token: 'old', until: at(60) }, 10);
    await store.reschedule(created.id, at(10), at(10));
    expect(await store.markSent(created.id, 'old', NOW, null)).toBe(false);
    // The old lease no longer holds it back at its new time.
    expect((await store.claimDue(at(10), lease('new', 20), 10)).map((c) => c.id)).toEqual([created.id]);

    await store.complete(created.id, rep1, at(11));
    expect(await store.reschedule(created.id, at(100), at(100))).toBeNull();
    expect((await store.findById(created.id))?.status).toBe('done');
  });
});

describe('reassign', () => {
  it('moves the open callbacks of one customer, or of one user, to another assignee', async () => {
    const a1 = await store.schedule(callback());
    const a2 = await store.schedule(callback());
    const aDone = await store.schedule(callback());
    const b1 = await store.schedule(callback({ customerId: customerB }));
    await store.complete(aDone.id, rep1, NOW);

    expect(await store.reassignOpenOfCustomer(customerA, rep2)).toBe(2);
    expect((await store.findById(a1.id))?.assigneeId).toBe(rep2);
    expect((await store.findById(a2.id))?.assigneeId).toBe(rep2);
    expect((await store.findById(aDone.id))?.assigneeId).toBe(rep1);
    expect((await store.findById(b1.id))?.assigneeId).toBe(rep1);

    expect(await store.reassignOpenOfUser(rep2, rep1)).toBe(2);
    expect((await store.findById(a1.id))?.assigneeId).toBe(rep1);
    expect(await store.reassignOpenOfUser(rep2, rep1)).toBe(0);
  });
});
