// The tier advice never contradicts itself: over random customers (order records, and figures
// typed or imported by hand), what the explanation says about recency, frequency and spend agrees,
// and no hint names a target the customer already meets or a band that is already the best.
import { describe, expect, it } from 'vitest';
import { CallbackSchedule, DEFAULT_CALLBACK_SETTINGS } from '../../../src/domain/callbacks.js';
import type { CustomerFigures } from '../../../src/domain/ports.js';
import { DEFAULT_TIER_CONFIG } from '../../../src/domain/tiering/config.js';
import { TierService, type Assessment } from '../../../src/domain/tiers.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-10T08:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const config = DEFAULT_TIER_CONFIG;
const service = new TierService(null as never, null as never, null as never, config, new CallbackSchedule(DEFAULT_CALLBACK_SETTINGS));

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(0x5eed);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const DAYS = [0, 10, 30, 31, 90, 91, 180, 181, 364, 365, 366, 500, 900];

/** A customer as the database could hold one: order records that agree with each other, or figures typed or imported in any combination. */
function randomFigures(): CustomerFigures {
  const base: CustomerFigures = {
    customerId: 7, ownerId: 1, tier: 'general', cadenceDays: null, lifecycleStage: 'prospect', stageOverridden: false, riskScore: 0, riskLevel: 'ok', riskSince: null,
    createdAt: daysAgo(1000), lastContactAt: daysAgo(5), manual: { totalSpend: 0, orderCount: 0, lastOrderAt: null }, orders: null, overdueCallbacks: 0, lowScores: 0, scores: null,
  };
  const manual = {
    totalSpend: pick([0, 0, 1, 20000, 100000, 500000, Math.round(random() * 80_000_000) / 100]),
    orderCount: pick([0, 0, 1, 2, 3, 6, 12, int(40)]),
    lastOrderAt: random() < 0.3 ? null : daysAgo(pick(DAYS)),
  };
  if (random() < 0.5) return { ...base, manual };
  // Order records: the last one `last` days ago, `inWindow` of them within the window.
  const last = pick(DAYS);
  const count = 1 + int(30);
  const inWindow = last > config.windowDays ? 0 : 1 + int(count);
  const spendInWindow = inWindow === 0 ? 0 : pick([0, 1, 20000, 100000, 500000, Math.round(random() * 80_000_000) / 100]);
  // A last-order date typed by hand may still sit on the customer, later or earlier than the records.
  const typed = random() < 0.3 ? { ...manual, lastOrderAt: daysAgo(pick(DAYS)) } : { ...manual, lastOrderAt: null };
  return { ...base, manual: typed, orders: { count, firstAt: daysAgo(last + int(400)), lastAt: daysAgo(last), inWindow, spendInWindow } };
}

/** What the explanation would say that cannot all be true at once; empty when it is consistent. */
function contradictions(a: Assessment): string[] {
  const { recency, frequency, monetary } = a.rfm;
  const found: string[] = [];
  const inWindow = recency.value !== null && recency.value <= config.windowDays;
  if (inWindow && frequency.value === 0) found.push(`an order ${recency.value} days ago, yet 0 orders in the last ${config.windowDays} days`);
  if (!inWindow && frequency.value > 0) found.push(`${frequency.value} orders in the window, yet the last order ${recency.value ?? 'never'}`);
  if (frequency.value === 0 && monetary.value > 0) found.push(`0 orders in the window, yet ${monetary.value} spent in it`);
  if (recency.value === null && a.stage.rule !== 'no_orders' && !a.stage.overridden) found.push(`no order yet, yet the stage rule ${a.stage.rule}`);
  for (const hint of a.rfm.next?.hints ?? []) {
    if (hint.component === 'recency' && hint.withinDays === null && recency.value !== null) found.push('"an order now" although the customer has ordered');
    if (hint.component === 'recency' && hint.withinDays !== null && recency.value !== null && recency.value <= hint.withinDays) found.push(`"an order within ${hint.withinDays} days" already met (${recency.value})`);
    if (hint.component === 'frequency' && (hint.moreOrders < 1 || frequency.band === 0)) found.push(`"${hint.moreOrders} more orders" with frequency band ${frequency.band}`);
    if (hint.component === 'monetary' && (hint.moreSpend <= 0 || monetary.band === 0)) found.push(`"${hint.moreSpend} more spend" with monetary band ${monetary.band}`);
  }
  return found;
}

describe('tier advice over 2,000 random customers', () => {
  it('never contradicts itself', () => {
    const problems = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const f = randomFigures();
      for (const problem of contradictions(service.assess(f, NOW))) {
        const kind = problem.replace(/[\d.]+/g, 'N');
        if (!problems.has(kind)) console.log(problem, JSON.stringify({ manual: f.manual, orders: f.orders }));
        problems.set(kind, (problems.get(kind) ?? 0) + 1);
      }
    }
    expect(Object.fromEntries(problems)).toEqual({});
  });
});
