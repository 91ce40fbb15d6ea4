import { describe, expect, it } from 'vitest';
import { DEFAULT_TIER_CONFIG, type TierConfig } from '../../../src/domain/tiering/config.js';
import { churnRisk, lifecycleStage, type ChurnInput, type LifecycleInput } from '../../../src/domain/tiering/lifecycle.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-10T08:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

// DEFAULT lifecycle: newWithinDays 60, loyalMinOrders 6, atRiskAfterDays 120, churnedAfterDays 270
// DEFAULT churn: threshold 50; weights noContact 30, overdueCallbacks 20, lowSatisfaction 35, orderSlowdown 25; slowdownFactor 2

/** An ordinary customer: first order 300 days ago, last 10 days ago, 3 in the window, no warning → active. */
const base: LifecycleInput = { orderCount: 5, firstOrderAt: daysAgo(300), lastOrderAt: daysAgo(10), ordersInWindow: 3, atRisk: false };
const stage = (input: Partial<LifecycleInput>, config: TierConfig = DEFAULT_TIER_CONFIG) => lifecycleStage(config, { ...base, ...input }, NOW);

describe('lifecycleStage: the first rule that holds, in order', () => {
  it('the base fixture is active', () => {
    expect(stage({})).toEqual({ stage: 'active', rule: 'active' });
  });

  it('no orders → prospect (whatever else is set)', () => {
    expect(stage({ orderCount: 0, firstOrderAt: null, lastOrderAt: null, ordersInWindow: 0 })).toEqual({ stage: 'prospect', rule: 'no_orders' });
    // orderCount 0 wins even with a stale date and the warning on
    expect(stage({ orderCount: 0, atRisk: true })).toEqual({ stage: 'prospect', rule: 'no_orders' });
    // orders counted but no date known → no "since last" → prospect
    expect(stage({ orderCount: 3, lastOrderAt: null })).toEqual({ stage: 'prospect', rule: 'no_orders' });
  });

  it('more than 270 days since the last order → churned; exactly 270 is not (→ at_risk by the 120-day rule)', () => {
    expect(stage({ lastOrderAt: daysAgo(271), ordersInWindow: 0 })).toEqual({ stage: 'churned', rule: 'churned_after' });
    expect(stage({ lastOrderAt: daysAgo(270), ordersInWindow: 0 })).toEqual({ stage: 'at_risk', rule: 'at_risk_after' });
    // churned comes before the churn warning
    expect(stage({ lastOrderAt: daysAgo(1000), ordersInWindow: 0, atRisk: true })).toEqual({ stage: 'churned', rule: 'churned_after' });
  });

  it('more than 120 days → at_risk; exactly 120 is not', () => {
    expect(stage({ lastOrderAt: daysAgo(121) })).toEqual({ stage: 'at_risk', rule: 'at_risk_after' });
    expect(stage({ lastOrderAt: daysAgo(120) })).toEqual({ stage: 'active', rule: 'active' });
    // at_risk_after comes before churn_warning (same stage, the rule named is the days one)
    expect(stage({ lastOrderAt: daysAgo(121), atRisk: true })).toEqual({ stage: 'at_risk', rule: 'at_risk_after' });
  });

  it('the churn warning → at_risk even with recent orders, a recent first order and many orders', () => {
    expect(stage({ firstOrderAt: daysAgo(10), lastOrderAt: daysAgo(1), ordersInWindow: 20, orderCount: 20, atRisk: true })).toEqual({ stage: 'at_risk', rule: 'churn_warning' });
  });

  it('first order within 60 days → new, even with many orders; 60 exactly is new, 61 is not', () => {
    expect(stage({ firstOrderAt: daysAgo(60), lastOrderAt: daysAgo(2), orderCount: 9, ordersInWindow: 9 })).toEqual({ stage: 'new', rule: 'new_within' });
    expect(stage({ firstOrderAt: daysAgo(61), lastOrderAt: daysAgo(2), orderCount: 9, ordersInWindow: 9 })).toEqual({ stage: 'loyal', rule: 'loyal_orders' });
    expect(stage({ firstOrderAt: daysAgo(0), lastOrderAt: daysAgo(0), orderCount: 1, ordersInWindow: 1 })).toEqual({ stage: 'new', rule: 'new_within' });
  });

  it('an unknown first order (null) is never "new"', () => {
    expect(stage({ firstOrderAt: null, lastOrderAt: daysAgo(2), ordersInWindow: 2 })).toEqual({ stage: 'active', rule: 'active' });
  });

  it('≥ 6 orders in the window → loyal; 5 → active', () => {
    expect(stage({ ordersInWindow: 6 })).toEqual({ stage: 'loyal', rule: 'loyal_orders' });
    expect(stage({ ordersInWindow: 5 })).toEqual({ stage: 'active', rule: 'active' });
  });

  it('follows the configured limits', () => {
    const config: TierConfig = { ...DEFAULT_TIER_CONFIG, lifecycle: { newWithinDays: 10, loyalMinOrders: 2, atRiskAfterDays: 30, churnedAfterDays: 60 } };
    expect(stage({ lastOrderAt: daysAgo(61) }, config)).toEqual({ stage: 'churned', rule: 'churned_after' });
    expect(stage({ lastOrderAt: daysAgo(60) }, config)).toEqual({ stage: 'at_risk', rule: 'at_risk_after' });
    expect(stage({ lastOrderAt: daysAgo(30), ordersInWindow: 1 }, config)).toEqual({ stage: 'active', rule: 'active' });
    expect(stage({ lastOrderAt: daysAgo(30), ordersInWindow: 2 }, config)).toEqual({ stage: 'loyal', rule: 'loyal_orders' });
    expect(stage({ firstOrderAt: daysAgo(10), lastOrderAt: daysAgo(3) }, config)).toEqual({ stage: 'new', rule: 'new_within' });
  });
});

/** No signal at all: contacted yesterday, cadence 30, nothing overdue, no low scores, two orders. */
const quiet: ChurnInput = {
  lastContactAt: daysAgo(1),
  createdAt: daysAgo(400),
  cadenceDays: 30,
  overdueCallbacks: 0,
  lowScores: 0,
  orderCount: 2,
  firstOrderAt: daysAgo(300),
  lastOrderAt: daysAgo(200),
};
const risk = (input: Partial<ChurnInput>, config: TierConfig = DEFAULT_TIER_CONFIG) => churnRisk(config, { ...quiet, ...input }, NOW);

describe('churnRisk: each signal alone', () => {
  it('the quiet fixture has none: 0, no warning', () => {
    expect(risk({})).toEqual({ score: 0, atRisk: false, signals: [] });
  });

  it('noContact (30): more than 2 × cadence days without contact; exactly 2 × cadence is not', () => {
    // cadence 30 → limit 60 days
    expect(risk({ lastContactAt: daysAgo(60) })).toEqual({ score: 0, atRisk: false, signals: [] });
    expect(risk({ lastContactAt: daysAgo(61) })).toEqual({ score: 30, atRisk: false, signals: [{ kind: 'noContact', weight: 30, detail: { days: 61, cadence: 30 } }] });
    // cadence 14 → limit 28
    expect(risk({ lastContactAt: daysAgo(28), cadenceDays: 14 }).signals).toEqual([]);
    expect(risk({ lastContactAt: daysAgo(29), cadenceDays: 14 }).signals).toEqual([{ kind: 'noContact', weight: 30, detail: { days: 29, cadence: 14 } }]);
  });

  it('noContact for a customer never contacted counts from createdAt', () => {
    expect(risk({ lastContactAt: null, createdAt: daysAgo(60) }).signals).toEqual([]);
    expect(risk({ lastContactAt: null, createdAt: daysAgo(61) }).signals).toEqual([{ kind: 'noContact', weight: 30, detail: { days: 61, cadence: 30 } }]);
    // a contact, however old the customer, resets it
    expect(risk({ lastContactAt: daysAgo(3), createdAt: daysAgo(3000) }).signals).toEqual([]);
  });

  it('overdueCallbacks (20): any overdue callback, the weight does not grow with the count', () => {
    expect(risk({ overdueCallbacks: 1 })).toEqual({ score: 20, atRisk: false, signals: [{ kind: 'overdueCallbacks', weight: 20, detail: { count: 1 } }] });
    expect(risk({ overdueCallbacks: 7 })).toEqual({ score: 20, atRisk: false, signals: [{ kind: 'overdueCallbacks', weight: 20, detail: { count: 7 } }] });
  });

  it('lowSatisfaction (35): any low score', () => {
    expect(risk({ lowScores: 2 })).toEqual({ score: 35, atRisk: false, signals: [{ kind: 'lowSatisfaction', weight: 35, detail: { count: 2 } }] });
  });

  it('orderSlowdown (25): usual = (last − first) / (count − 1); a signal when since > 2 × usual', () => {
    // 3 orders, first 121 days ago, last 61 days ago: usual = 60 / 2 = 30 → limit 60; since 61 > 60 ✓
    expect(risk({ orderCount: 3, firstOrderAt: daysAgo(121), lastOrderAt: daysAgo(61) })).toEqual({
      score: 25,
      atRisk: false,
      signals: [{ kind: 'orderSlowdown', weight: 25, detail: { days: 61, usual: 30 } }],
    });
    // first 120, last 60: usual 30, since 60 = 2 × 30 → not more → no signal
    expect(risk({ orderCount: 3, firstOrderAt: daysAgo(120), lastOrderAt: daysAgo(60) }).signals).toEqual([]);
    // 4 orders, first 100, last 50: usual = 50 / 3 = 16.67 → limit 33.3; since 50 ✓; usual shown rounded: 17
    expect(risk({ orderCount: 4, firstOrderAt: daysAgo(100), lastOrderAt: daysAgo(50) }).signals).toEqual([{ kind: 'orderSlowdown', weight: 25, detail: { days: 50, usual: 17 } }]);
  });

  it('orderSlowdown needs at least three orders and both dates', () => {
    // 2 orders 10 days apart, last 190 days ago: 190 > 2 × 10 but no usual interval with two orders
    expect(risk({ orderCount: 2, firstOrderAt: daysAgo(200), lastOrderAt: daysAgo(190) }).signals).toEqual([]);
    expect(risk({ orderCount: 5, firstOrderAt: null, lastOrderAt: daysAgo(190) }).signals).toEqual([]);
    // all orders the same day: usual 0 < 1 → no signal
    expect(risk({ orderCount: 5, firstOrderAt: daysAgo(190), lastOrderAt: daysAgo(190) }).signals).toEqual([]);
  });

  it('orderSlowdown follows slowdownFactor', () => {
    const config: TierConfig = { ...DEFAULT_TIER_CONFIG, churn: { ...DEFAULT_TIER_CONFIG.churn, slowdownFactor: 3 } };
    // usual 30, factor 3 → limit 90: since 61 is not a slowdown, 91 is
    expect(risk({ orderCount: 3, firstOrderAt: daysAgo(121), lastOrderAt: daysAgo(61) }, config).signals).toEqual([]);
    expect(risk({ orderCount: 3, firstOrderAt: daysAgo(151), lastOrderAt: daysAgo(91) }, config).signals.map((s) => s.kind)).toEqual(['orderSlowdown']);
  });
});

describe('churnRisk: combinations add up; the warning starts at 50 exactly', () => {
  const noContact = { lastContactAt: daysAgo(61) };
  const overdue = { overdueCallbacks: 1 };
  const low = { lowScores: 1 };
  const slowdown = { orderCount: 3, firstOrderAt: daysAgo(121), lastOrderAt: daysAgo(61) };

  it('noContact + overdue = 30 + 20 = 50 → at risk (threshold inclusive)', () => {
    const r = risk({ ...noContact, ...overdue });
    expect(r.score).toBe(50);
    expect(r.atRisk).toBe(true);
    expect(r.signals.map((s) => s.kind)).toEqual(['noContact', 'overdueCallbacks']);
  });

  it('overdue + slowdown = 20 + 25 = 45 → not at risk', () => {
    const r = risk({ ...overdue, ...slowdown });
    expect(r).toMatchObject({ score: 45, atRisk: false });
  });

  it('low + overdue = 35 + 20 = 55; noContact + slowdown = 30 + 25 = 55; low + slowdown = 60 → at risk', () => {
    expect(risk({ ...low, ...overdue })).toMatchObject({ score: 55, atRisk: true });
    expect(risk({ ...noContact, ...slowdown })).toMatchObject({ score: 55, atRisk: true });
    expect(risk({ ...low, ...slowdown })).toMatchObject({ score: 60, atRisk: true });
  });

  it('all four = 30 + 20 + 35 + 25 = 110 → capped at 100', () => {
    const r = risk({ ...noContact, ...overdue, ...low, ...slowdown });
    expect(r.score).toBe(100);
    expect(r.atRisk).toBe(true);
    expect(r.signals.map((s) => [s.kind, s.weight])).toEqual([
      ['noContact', 30],
      ['overdueCallbacks', 20],
      ['lowSatisfaction', 35],
      ['orderSlowdown', 25],
    ]);
  });

  it('the score is the sum of the weights of the signals present, for every subset', () => {
    const parts = [noContact, overdue, low, slowdown] as const;
    const weights = [30, 20, 35, 25];
    for (let mask = 0; mask < 16; mask++) {
      const input = Object.assign({}, ...parts.filter((_, i) => mask & (1 << i))) as Partial<ChurnInput>;
      const sum = weights.reduce((n, w, i) => (mask & (1 << i) ? n + w : n), 0);
      const r = risk(input);
      expect(r.score, `mask ${mask}`).toBe(Math.min(100, sum));
      expect(r.atRisk, `mask ${mask}`).toBe(sum >= 50);
      expect(r.signals.reduce((n, s) => n + s.weight, 0)).toBe(sum);
    }
  });

  it('a threshold of 51 moves the line: 50 is no longer a warning', () => {
    const config: TierConfig = { ...DEFAULT_TIER_CONFIG, churn: { ...DEFAULT_TIER_CONFIG.churn, threshold: 51 } };
    expect(risk({ ...noContact, ...overdue }, config)).toMatchObject({ score: 50, atRisk: false });
    expect(risk({ ...low, ...overdue }, config)).toMatchObject({ score: 55, atRisk: true });
  });
});
