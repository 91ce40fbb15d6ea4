import { describe, expect, it } from 'vitest';
import { viewIn, type ViewContext } from '../../../src/chat/context.js';
import { tierExplainReply } from '../../../src/chat/views/tiers.js';
import { CallbackSchedule, DEFAULT_CALLBACK_SETTINGS } from '../../../src/domain/callbacks.js';
import type { CustomerFigures } from '../../../src/domain/ports.js';
import { DEFAULT_TIER_CONFIG, tierNamesOf, type TierConfig } from '../../../src/domain/tiering/config.js';
import { scoreRfm, tierFor } from '../../../src/domain/tiering/rfm.js';
import { TierService, type Assessment } from '../../../src/domain/tiers.js';
import type { Customer } from '../../../src/domain/types.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-10T08:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

const serviceFor = (config: TierConfig) => new TierService(null as never, null as never, null as never, config, new CallbackSchedule(DEFAULT_CALLBACK_SETTINGS));
const service = serviceFor(DEFAULT_TIER_CONFIG);

const en: ViewContext = viewIn('en', 'Asia/Shanghai', { tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) });
const zh: ViewContext = viewIn('zh', 'Asia/Shanghai', { tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) });

/** A customer created 400 days ago, contacted 5 days ago, nothing ordered, no signals. */
function figures(changes: Partial<CustomerFigures> = {}): CustomerFigures {
  return {
    customerId: 7,
    ownerId: 1,
    tier: 'general',
    cadenceDays: null,
    lifecycleStage: 'prospect',
    stageOverridden: false,
    riskScore: 0,
    riskLevel: 'ok',
    riskSince: null,
    createdAt: daysAgo(400),
    lastContactAt: daysAgo(5),
    manual: { totalSpend: 0, orderCount: 0, lastOrderAt: null },
    orders: null,
    overdueCallbacks: 0,
    lowScores: 0,
    scores: null,
    ...changes,
  };
}

function customer(changes: Partial<Customer> = {}): Customer {
  return {
    id: 7,
    name: 'Acme',
    ownerId: 1,
    lifecycleStage: 'prospect',
    tier: 'general',
    cadenceDays: null,
    totalSpend: 0,
    orderCount: 0,
    lastOrderAt: null,
    lastContactAt: null,
    channelId: null,
    channelName: null,
    channelPlatform: null,
    language: null,
    stageOverride: null,
    riskScore: 0,
    erasedAt: null,
    createdAt: daysAgo(400),
    updatedAt: daysAgo(1),
    company: null,
    phone: null,
    email: null,
    industry: null,
    region: null,
    tags: [],
    ...changes,
  };
}

const explain = (ctx: ViewContext, a: Assessment, c: Customer = customer(), config: TierConfig = DEFAULT_TIER_CONFIG) => tierExplainReply(ctx, config, c, a, null).text;

/** R5 F4 M3 from order records: 8 orders since 300 days ago, last 10 days ago; 6 in the window for 20000. */
const coreFigures = figures({
  manual: { totalSpend: 20000, orderCount: 8, lastOrderAt: daysAgo(10) },
  orders: { count: 8, firstAt: daysAgo(300), lastAt: daysAgo(10), inWindow: 6, spendInWindow: 20000 },
});

describe('TierService.assess: a customer with order records', () => {
  it('R5 F4 M3 = (175+120+105)/100 = 4.00 → core; loyal; no risk', () => {
    const a = service.assess(coreFigures, NOW);
    expect(a.metrics).toEqual({ lastOrderAt: daysAgo(10), ordersInWindow: 6, spendInWindow: 20000 });
    expect([a.rfm.recency.score, a.rfm.frequency.score, a.rfm.monetary.score]).toEqual([5, 4, 3]);
    expect(a.rfm.total).toBe(4);
    expect(a.rfm.tier.id).toBe('core');
    expect(a.rfm.next).toBeNull();
    // last order 10 ≤ 120 days; first 300 > 60 days; 6 in the window ≥ 6 → loyal
    expect(a.stage).toEqual({ stage: 'loyal', rule: 'loyal_orders', overridden: false });
    // contact 5 days ago ≤ 2×14 (core cadence); usual interval 290/7 = 41.4 days, since 10 → no slowdown
    expect(a.risk).toEqual({ score: 0, atRisk: false, signals: [] });
  });

  it('order figures win over the hand-entered ones, except a later hand-entered last order date', () => {
    const f = figures({
      manual: { totalSpend: 999999, orderCount: 50, lastOrderAt: daysAgo(10) },
      orders: { count: 3, firstAt: daysAgo(200), lastAt: daysAgo(40), inWindow: 3, spendInWindow: 1000 },
    });
    const a = service.assess(f, NOW);
    // lastOrderAt = the manual 10 days (later than 40); orders and spend from the records
    expect(a.metrics).toEqual({ lastOrderAt: daysAgo(10), ordersInWindow: 3, spendInWindow: 1000 });
    // R5 F3 M2: (175+90+70)/100 = 3.35 → potential
    expect(a.rfm.total).toBe(3.35);
    expect(a.rfm.tier.id).toBe('potential');
    // an earlier manual date does not override the records
    const earlier = service.assess(figures({ ...f, manual: { ...f.manual, lastOrderAt: daysAgo(100) } }), NOW);
    expect(earlier.metrics.lastOrderAt).toEqual(daysAgo(40));
  });

  it('the tier cadence feeds the no-contact signal: core 14 → 2×14 = 28 days', () => {
    expect(service.assess({ ...coreFigures, lastContactAt: daysAgo(28) }, NOW).risk.signals).toEqual([]);
    expect(service.assess({ ...coreFigures, lastContactAt: daysAgo(29) }, NOW).risk.signals).toEqual([{ kind: 'noContact', weight: 30, detail: { days: 29, cadence: 14 } }]);
    // the customer's own cadence wins: 7 → 14 days
    expect(service.assess({ ...coreFigures, cadenceDays: 7, lastContactAt: daysAgo(15) }, NOW).risk.signals.map((s) => s.detail)).toEqual([{ days: 15, cadence: 7 }]);
  });

  it('a churn warning (no contact 30 + overdue 20 = 50) makes a loyal customer at_risk', () => {
    const a = service.assess({ ...coreFigures, lastContactAt: daysAgo(29), overdueCallbacks: 2 }, NOW);
    expect(a.risk).toMatchObject({ score: 50, atRisk: true });
    expect(a.stage).toEqual({ stage: 'at_risk', rule: 'churn_warning', overridden: false });
    expect(a.rfm.tier.id).toBe('core');
  });

  it('a tier missing from the callback settings gets the longest cadence (90)', () => {
    const vip: TierConfig = {
      ...DEFAULT_TIER_CONFIG,
      tiers: [{ id: 'vip', name: { en: 'VIP', zh: '贵宾' }, minScore: 4.5 }, ...DEFAULT_TIER_CONFIG.tiers],
    };
    // R5 F5 M5 = 5.00 → vip
    const f = figures({ orders: { count: 20, firstAt: daysAgo(300), lastAt: daysAgo(1), inWindow: 12, spendInWindow: 500000 }, lastContactAt: daysAgo(180) });
    const a = serviceFor(vip).assess(f, NOW);
    expect(a.rfm.tier.id).toBe('vip');
    expect(a.risk.signals).toEqual([]); // 180 = 2×90
    expect(serviceFor(vip).assess({ ...f, lastContactAt: daysAgo(181) }, NOW).risk.signals.map((s) => s.detail)).toEqual([{ days: 181, cadence: 90 }]);
  });
});

describe('TierService.assess: a customer without order records (hand-entered figures)', () => {
  it('last order within the window: all its orders and spend count in the window', () => {
    const a = service.assess(figures({ manual: { totalSpend: 150000, orderCount: 4, lastOrderAt: daysAgo(100) } }), NOW);
    expect(a.metrics).toEqual({ lastOrderAt: daysAgo(100), ordersInWindow: 4, spendInWindow: 150000 });
    // R3 (100 ≤ 180) F3 (4 ≥ 3) M4 (150000 ≥ 100000): (105+90+140)/100 = 3.35 → potential, gap 0.65
    expect([a.rfm.recency.score, a.rfm.frequency.score, a.rfm.monetary.score]).toEqual([3, 3, 4]);
    expect(a.rfm.total).toBe(3.35);
    expect(a.rfm.tier.id).toBe('potential');
    expect(a.rfm.next?.gap).toBe(0.65);
    // R→5: (175+90+140)/100 = 4.05 ✓; R→4: 3.70 ✗; F→5: (105+150+140)/100 = 3.95 ✗; M→5: (105+90+175)/100 = 3.70 ✗
    expect(a.rfm.next?.hints).toEqual([{ component: 'recency', withinDays: 30 }]);
    // first order unknown with 4 orders → never "new"; 4 < 6 in the window → active
    expect(a.stage).toEqual({ stage: 'active', rule: 'active', overridden: false });
  });

  it('last order exactly windowDays (365) ago still counts in the window', () => {
    const a = service.assess(figures({ manual: { totalSpend: 150000, orderCount: 4, lastOrderAt: daysAgo(365) } }), NOW);
    expect(a.metrics).toEqual({ lastOrderAt: daysAgo(365), ordersInWindow: 4, spendInWindow: 150000 });
    // R2 F3 M4: (70+90+140)/100 = 3.00 → potential; 365 > 270 → churned
    expect(a.rfm.total).toBe(3);
    expect(a.rfm.tier.id).toBe('potential');
    expect(a.stage).toEqual({ stage: 'churned', rule: 'churned_after', overridden: false });
  });

  it('last order outside the window (366 days): nothing in the window', () => {
    const a = service.assess(figures({ manual: { totalSpend: 150000, orderCount: 4, lastOrderAt: daysAgo(366) } }), NOW);
    expect(a.metrics).toEqual({ lastOrderAt: daysAgo(366), ordersInWindow: 0, spendInWindow: 0 });
    // R1 F0 M0: 35/100 = 0.35 → general
    expect(a.rfm.total).toBe(0.35);
    expect(a.rfm.tier.id).toBe('general');
    expect(a.stage.stage).toBe('churned');
  });

  it('one order: its date is the first order → new', () => {
    const a = service.assess(figures({ manual: { totalSpend: 5000, orderCount: 1, lastOrderAt: daysAgo(20) } }), NOW);
    // R5 F2 M2: (175+60+70)/100 = 3.05 → potential
    expect(a.rfm.total).toBe(3.05);
    expect(a.rfm.tier.id).toBe('potential');
    expect(a.stage).toEqual({ stage: 'new', rule: 'new_within', overridden: false });
  });

  it('no orders: a stale date is ignored → prospect, R0 F0 M0 = 0 → general', () => {
    const a = service.assess(figures({ manual: { totalSpend: 0, orderCount: 0, lastOrderAt: daysAgo(3) } }), NOW);
    expect(a.metrics).toEqual({ lastOrderAt: null, ordersInWindow: 0, spendInWindow: 0 });
    expect(a.rfm.total).toBe(0);
    expect(a.rfm.tier.id).toBe('general');
    expect(a.stage).toEqual({ stage: 'prospect', rule: 'no_orders', overridden: false });
  });
});

describe('TierService.assess: a stage set by hand', () => {
  it('keeps the stage (overridden) and still names the rule the rules would have used', () => {
    const a = service.assess(figures({ stageOverridden: true, lifecycleStage: 'loyal' }), NOW);
    expect(a.stage).toEqual({ stage: 'loyal', rule: 'no_orders', overridden: true });
    const text = explain(en, a, customer({ stageOverride: 'VIP by contract', lifecycleStage: 'loyal' }));
    expect(text).toContain('Stage: **Loyal**, set by hand: “VIP by contract”');
    expect(explain(zh, a, customer({ stageOverride: 'VIP by contract' }))).toContain('阶段：**忠诚**（手动设置：“VIP by contract”）');
  });

  it('the tier and risk are still computed', () => {
    const a = service.assess({ ...coreFigures, stageOverridden: true, lifecycleStage: 'new', lastContactAt: daysAgo(29), overdueCallbacks: 1 }, NOW);
    expect(a.rfm.tier.id).toBe('core');
    expect(a.risk.atRisk).toBe(true);
    expect(a.stage).toEqual({ stage: 'new', rule: 'churn_warning', overridden: true });
  });
});

describe('tierExplainReply: the explanation of an assessment', () => {
  it('English, R5 F4 M3 → Core', () => {
    const lines = explain(en, service.assess(coreFigures, NOW)).split('\n');
    expect(lines).toEqual([
      'Acme: Core (score 4.00 of 5)',
      'Recency: last order 10 days ago (within 30 days) → 5',
      'Frequency: 6 orders in the last 365 days (at least 6) → 4',
      'Monetary: CN¥20,000 in the last 365 days (at least CN¥20,000) → 3',
      'Score = (35×5 + 30×4 + 35×3) ÷ 100 = **4.00** ≥ 4 → **Core**',
      'This is the top tier.',
      'Stage: **Loyal** (many orders in the window)',
      'Churn risk: **0**/100 (warning at 50)',
      'No callback scheduled.',
    ]);
  });

  it('Chinese, R5 F4 M3 → 核心', () => {
    const text = explain(zh, service.assess(coreFigures, NOW));
    expect(text).toContain('核心');
    expect(text.split('\n')).toEqual([
      'Acme：核心（得分 4.00 / 5）',
      '最近消费：10 天前下单（30 天内）→ 5',
      '消费频次：近 365 天 6 笔订单（至少 6 笔）→ 4',
      '消费金额：近 365 天 ¥20,000（至少 ¥20,000）→ 3',
      '得分 = (35×5 + 30×4 + 35×3) ÷ 100 = **4.00** ≥ 4 → **核心**',
      '已是最高层级。',
      '阶段：**忠诚**（统计期内订单多）',
      '流失风险：**0**/100（50 分预警）',
      '没有已安排的回访。',
    ]);
  });

  it('a potential customer: the gap and the hints, and the risk signals', () => {
    // R4 F4 M3 (last order 31 days ago): (140+120+105)/100 = 3.65 → potential; gap 0.35
    const f = figures({
      orders: { count: 8, firstAt: daysAgo(300), lastAt: daysAgo(31), inWindow: 6, spendInWindow: 20000 },
      lastContactAt: daysAgo(61), // potential cadence 30 → 61 > 60
      overdueCallbacks: 1,
    });
    const a = service.assess(f, NOW);
    const text = explain(en, a);
    expect(text).toContain('Acme: Potential (score 3.65 of 5)');
    expect(text).toContain('Recency: last order 31 days ago (within 90 days) → 4');
    expect(text).toContain('Score = (35×4 + 30×4 + 35×3) ÷ 100 = **3.65** ≥ 2.5 → **Potential**');
    expect(text).toContain('Next tier **Core** needs 4 (0.35 more). Any one of these would do it: an order within 30 days; or CN¥80,000 more spend in the window.');
    expect(text).toContain('Stage: **At risk** (the churn warning is on)');
    expect(text).toContain('Churn risk: **50**/100 (warning at 50)');
    expect(text).toContain('• no contact for 61 days (cadence 30 days)');
    expect(text).toContain('• 1 overdue callback');
    const zhText = explain(zh, a);
    expect(zhText).toContain('Acme：潜力（得分 3.65 / 5）');
    expect(zhText).toContain('升到 **核心** 需要 4 分（还差 0.35）。以下任意一项即可：30 天内下单；或 统计期内再消费 ¥80,000。');
  });

  it('never ordered, no single change enough, an old order with the catch-all band', () => {
    const none = explain(en, service.assess(figures(), NOW));
    expect(none).toContain('Recency: no order yet → 0');
    expect(none).toContain('Frequency: 0 orders in the last 365 days (at least 0) → 0');
    expect(none).toContain('Score = (35×0 + 30×0 + 35×0) ÷ 100 = **0.00** ≥ 0 → **General**');
    expect(none).toContain('Next tier **Potential** needs 2.5 (2.50 more). Any one of these would do it: more than one change at once.');
    // 400 days: the "any age" band
    const old = explain(en, service.assess(figures({ manual: { totalSpend: 10, orderCount: 2, lastOrderAt: daysAgo(400) } }), NOW));
    expect(old).toContain('Recency: last order 400 days ago (older) → 1');
  });
});

describe('the explanation and the tier cannot disagree (200 random customers)', () => {
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

  const random = mulberry32(0xc0ffee);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const BOUNDARY_DAYS = [0, 30, 31, 60, 61, 90, 91, 120, 121, 180, 181, 270, 271, 365, 366];

  function randomFigures(): CustomerFigures {
    const lastDays = random() < 0.5 ? pick(BOUNDARY_DAYS) : int(700);
    const count = random() < 0.3 ? pick([0, 1, 2, 3, 6, 12]) : int(40);
    const spend = random() < 0.4 ? pick([0, 1, 20000, 100000, 500000]) : Math.round(random() * 80_000_000) / 100;
    const withOrders = random() < 0.5 && count > 0;
    return figures({
      createdAt: daysAgo(lastDays + int(500)),
      lastContactAt: random() < 0.2 ? null : daysAgo(int(300)),
      cadenceDays: random() < 0.2 ? 1 + int(60) : null,
      overdueCallbacks: random() < 0.3 ? 1 + int(4) : 0,
      lowScores: random() < 0.2 ? 1 + int(3) : 0,
      manual: { totalSpend: spend, orderCount: count, lastOrderAt: random() < 0.1 ? null : daysAgo(lastDays) },
      orders: withOrders ? { count, firstAt: daysAgo(lastDays + int(400)), lastAt: daysAgo(lastDays), inWindow: Math.min(count, int(20)), spendInWindow: spend } : null,
    });
  }

  const names = new Map(Object.entries(tierNamesOf(DEFAULT_TIER_CONFIG)).flatMap(([id, n]) => [[n.en, id], [n.zh, id]] as const));

  it('title tier = rfm.tier, printed total = rfm.total, and the printed maths re-computes to both', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const f = randomFigures();
      const a = service.assess(f, NOW);
      seen.add(a.rfm.tier.id);
      // the assessment agrees with scoring its own metrics
      expect(a.rfm).toEqual(scoreRfm(DEFAULT_TIER_CONFIG, a.metrics, NOW));
      for (const ctx of [en, zh]) {
        const text = explain(ctx, a);
        const [title] = text.split('\n');
        const m = ctx === en ? /^Acme: (.+) \(score (\d+\.\d\d) of 5\)$/.exec(title!) : /^Acme：(.+)（得分 (\d+\.\d\d) \/ 5）$/.exec(title!);
        expect(m, title).not.toBeNull();
        expect(names.get(m![1]!), title).toBe(a.rfm.tier.id);
        expect(Number(m![2]), title).toBe(a.rfm.total);
        // the maths line, recomputed from what it prints
        const maths = /\((\d+)×([\d.]+) \+ (\d+)×([\d.]+) \+ (\d+)×([\d.]+)\) ÷ (\d+) = \*\*(\d+\.\d\d)\*\* ≥ ([\d.]+) → \*\*(.+)\*\*$/m.exec(text);
        expect(maths, text).not.toBeNull();
        const [wr, r, wf, fr, wm, mo, sum, total, min] = maths!.slice(1, 10).map(Number) as [number, number, number, number, number, number, number, number, number];
        expect(wr + wf + wm).toBe(sum);
        expect(Math.round(((wr * r + wf * fr + wm * mo) / sum) * 100) / 100).toBe(total);
        expect(total).toBe(a.rfm.total);
        expect(total).toBeGreaterThanOrEqual(min);
        expect(tierFor(DEFAULT_TIER_CONFIG, total).id).toBe(a.rfm.tier.id);
        expect(names.get(maths![10]!)).toBe(a.rfm.tier.id);
        expect([r, fr, mo]).toEqual([a.rfm.recency.score, a.rfm.frequency.score, a.rfm.monetary.score]);
      }
    }
    // the fixtures reach every tier
    expect([...seen].sort()).toEqual(['core', 'general', 'potential']);
  });
});
