// Customer value → tier, lifecycle stage and churn risk, for every customer (the nightly and
// after-import recompute) or one (`/crm tier`). The decisions are the pure functions of
// tiering/; this module gathers their inputs and records what changed.
import type { CallbackSchedule } from './callback-schedule.js';
import type { CustomerService } from './customers.js';
import { customerNameKey } from './customers.js';
import { FALLBACK_CURRENCY } from './currency.js';
import { DomainError } from './errors.js';
import type { OrderIngestOutcome, OrderInput } from './orders-types.js';
import type { Clock, CustomerFigures, ScoreWrite, Stores } from './ports.js';
import type { TierConfig } from './tiering/config.js';
import { churnRisk, lifecycleStage, type ChurnAssessment, type LifecycleDecision } from './tiering/lifecycle.js';
import { scoreRfm, type RfmResult, type ValueMetrics } from './tiering/rfm.js';
import { nextWorkingInstant } from './working-hours.js';
import type { Callback, Customer, LifecycleStage, User } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAGE = 2000;

export interface Assessment {
  metrics: ValueMetrics;
  rfm: RfmResult;
  risk: ChurnAssessment;
  /** What the rules say; `overridden` when a person set the stage and the rules leave it alone. */
  stage: LifecycleDecision & { overridden: boolean };
}

export interface RecomputeResult {
  customers: number;
  changed: number;
  tierChanges: number;
  stageChanges: number;
  /** Customers that crossed into "at risk" in this run (each alerted once). */
  newlyAtRisk: number;
}

export class TierService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
    readonly config: TierConfig,
    private readonly schedule: CallbackSchedule,
    /** The currency spend is counted in (DEFAULT_CURRENCY), and that of orders naming none. */
    readonly currency: string = FALLBACK_CURRENCY,
  ) {}

  /**
   * The figures scoring reads. Customers with order records are scored from them; customers
   * without are scored from their own figures (entered by hand or imported), which count as within
   * the window when their last order does.
   */
  metricsOf(f: CustomerFigures, now: Date): { metrics: ValueMetrics; orderCount: number; firstOrderAt: Date | null } {
    const windowStart = now.getTime() - this.config.windowDays * DAY_MS;
    if (f.orders) {
      const typedLater = f.manual.lastOrderAt !== null && f.orders.lastAt !== null && f.manual.lastOrderAt > f.orders.lastAt;
      const lastOrderAt = typedLater ? f.manual.lastOrderAt : f.orders.lastAt;
      // A later last order typed by hand, inside the window when no record is, is an order the records
      // lack: it counts, or the explanation would say "an order 10 days ago" and "0 orders this year".
      const extra = typedLater && f.orders.inWindow === 0 && f.manual.lastOrderAt!.getTime() >= windowStart ? 1 : 0;
      return { metrics: { lastOrderAt, ordersInWindow: f.orders.inWindow + extra, spendInWindow: f.orders.spendInWindow }, orderCount: f.orders.count + extra, firstOrderAt: f.orders.firstAt };
    }
    const { orderCount, totalSpend, lastOrderAt } = f.manual;
    // Without an order nothing was spent in the window either: spend alone would read "no order yet,
    // 500,000 spent" and advise "an order now" with the spend band already maxed.
    const recent = orderCount > 0 && lastOrderAt !== null && lastOrderAt.getTime() >= windowStart;
    return {
      metrics: { lastOrderAt: orderCount > 0 ? lastOrderAt : null, ordersInWindow: recent ? orderCount : 0, spendInWindow: recent ? totalSpend : 0 },
      orderCount,
      // With one order its date is the first order's; with more the first is not known.
      firstOrderAt: orderCount === 1 ? lastOrderAt : null,
    };
  }

  assess(f: CustomerFigures, now: Date): Assessment {
    const { metrics, orderCount, firstOrderAt } = this.metricsOf(f, now);
    const rfm = scoreRfm(this.config, metrics, now);
    const cadenceDays = this.schedule.cadenceFor({ tier: rfm.tier.id, cadenceDays: f.cadenceDays });
    const risk = churnRisk(this.config, { lastContactAt: f.lastContactAt, createdAt: f.createdAt, cadenceDays, overdueCallbacks: f.overdueCallbacks, lowScores: f.lowScores, orderCount, firstOrderAt, lastOrderAt: metrics.lastOrderAt }, now);
    const decided = lifecycleStage(this.config, { orderCount, firstOrderAt, lastOrderAt: metrics.lastOrderAt, ordersInWindow: metrics.ordersInWindow, atRisk: risk.atRisk }, now);
    const stage = f.stageOverridden ? { stage: f.lifecycleStage, rule: decided.rule, overridden: true } : { ...decided, overridden: false };
    return { metrics, rfm, risk, stage };
  }

  private figuresQuery(now: Date) {
    return { windowStart: new Date(now.getTime() - this.config.windowDays * DAY_MS), lowScoreSince: new Date(now.getTime() - this.config.churn.lowScoreLookbackDays * DAY_MS), now, spendCurrency: this.currency };
  }

  private async figuresOf(customerId: number, now: Date): Promise<CustomerFigures | undefined> {
    const [figures] = await this.stores.value.figuresPage({ afterId: 0, limit: 1, customerId, ...this.figuresQuery(now) });
    return figures;
  }

  /** Every customer, a page at a time; writes only what changed. Safe to run on several replicas. */
  async recompute(now = this.clock.now()): Promise<RecomputeResult> {
    const result: RecomputeResult = { customers: 0, changed: 0, tierChanges: 0, stageChanges: 0, newlyAtRisk: 0 };
    for (let afterId = 0; ; ) {
      const page = await this.stores.value.figuresPage({ afterId, limit: PAGE, ...this.figuresQuery(now) });
      if (page.length === 0) break;
      afterId = page[page.length - 1]!.customerId;
      result.customers += page.length;
      const writes: ScoreWrite[] = [];
      for (const figures of page) {
        const write = await this.decide(figures, now, result);
        if (write) writes.push(write);
      }
      await this.stores.value.writeScores(writes, now);
      result.changed += writes.length;
      if (page.length < PAGE) break;
    }
    return result;
  }

  private async decide(f: CustomerFigures, now: Date, result: RecomputeResult): Promise<ScoreWrite | null> {
    const a = this.assess(f, now);
    const tier = a.rfm.tier.id;
    const atRisk = a.risk.atRisk;
    const write: ScoreWrite = {
      customerId: f.customerId,
      tier,
      // The first scoring assigns a tier (history from null), it does not move the customer.
      previousTier: f.scores === null ? null : f.tier,
      tierChanged: tier !== f.tier,
      r: a.rfm.recency.score,
      f: a.rfm.frequency.score,
      m: a.rfm.monetary.score,
      total: a.rfm.total,
      stage: a.stage.stage,
      stageChange: a.stage.stage !== f.lifecycleStage ? { from: f.lifecycleStage, rule: a.stage.rule } : null,
      riskScore: a.risk.score,
      riskLevel: atRisk ? 'at_risk' : 'ok',
      riskSince: atRisk ? (f.riskSince ?? now) : null,
    };
    // A customer's first assessment sets where it stands; a warning is for a change since then (a
    // first deployment or an import must not warn about thousands of customers in one night).
    const assessedBefore = f.scores !== null;
    if (atRisk && assessedBefore && f.riskLevel === 'ok' && (await this.stores.value.claimRiskTransition(f.customerId, now))) {
      // Once per transition, whichever replica wins the claim: the warning and a win-back call.
      await this.stores.value.enqueueChurnAlert({ customerId: f.customerId, riskScore: a.risk.score, signals: a.risk.signals, at: now });
      await this.scheduleWinBack(f, a, now);
      result.newlyAtRisk++;
    }
    if (write.tierChanged) result.tierChanges++;
    if (write.stageChange) result.stageChanges++;
    const same =
      !write.tierChanged && !write.stageChange && f.riskScore === write.riskScore && f.riskLevel === write.riskLevel &&
      f.scores !== null && f.scores.r === write.r && f.scores.f === write.f && f.scores.m === write.m && f.scores.total === write.total;
    return same ? null : write;
  }

  private async scheduleWinBack(f: CustomerFigures, a: Assessment, now: Date): Promise<Callback | null> {
    const owner = await this.stores.users.findById(f.ownerId);
    if (!owner) return null;
    const kinds = a.risk.signals.map((s) => s.kind).join(', ');
    return this.stores.callbacks.schedule({
      customerId: f.customerId,
      assigneeId: owner.id,
      reason: 'win_back',
      note: `churn risk ${a.risk.score}: ${kinds}`,
      dueAt: now,
      deliverAt: nextWorkingInstant(now, owner.workingHours, this.schedule.timezoneOf(owner)),
      occurrenceKey: `${f.customerId}:win_back:${now.toISOString().slice(0, 10)}`,
    });
  }

  /** `/crm tier <customer>`: the assessment, made by the same code as the recompute. */
  async explain(actor: User, customerId: number): Promise<{ customer: Customer; assessment: Assessment; nextCallback: Callback | null }> {
    const customer = await this.customers.get(actor, customerId, 'tier.show');
    const now = this.clock.now();
    const figures = await this.figuresOf(customerId, now);
    if (!figures) throw new DomainError('customer.not_found', { query: `#${customerId}` });
    const nextCallback = (await this.stores.callbacks.nextOpenOf([customerId])).get(customerId) ?? null;
    return { customer, assessment: this.assess(figures, now), nextCallback };
  }

  /** A person sets the stage; the rules leave it until `auto` clears the override. Audited. */
  async setStage(actor: User, customerId: number, stage: LifecycleStage | 'auto', reason: string): Promise<Customer> {
    const customer = await this.customers.get(actor, customerId, 'customer.edit');
    const at = this.clock.now();
    if (stage === 'auto') {
      await this.stores.value.clearStageOverride(customerId);
    } else {
      if (reason.trim() === '') throw new DomainError('stage.reason_required');
      await this.stores.value.recordManualStage({ customerId, from: customer.lifecycleStage, to: stage, reason: reason.trim().slice(0, 500), actorId: actor.id, at });
    }
    await this.stores.audit.append({ actorId: actor.id, action: 'customer.stage', entityType: 'customer', entityId: String(customerId), before: { lifecycleStage: customer.lifecycleStage }, after: { lifecycleStage: stage, reason } });
    if (stage === 'auto') await this.recomputeOne(customerId, at);
    return (await this.stores.customers.findById(customerId)) ?? customer;
  }

  async recomputeOne(customerId: number, now = this.clock.now()): Promise<void> {
    const figures = await this.figuresOf(customerId, now);
    if (!figures) return;
    const write = await this.decide(figures, now, { customers: 0, changed: 0, tierChanges: 0, stageChanges: 0, newlyAtRisk: 0 });
    if (write) await this.stores.value.writeScores([write], now);
  }

  /**
   * Orders stored before they carried a currency were in the deployment's own: they get the
   * default, so changing DEFAULT_CURRENCY later does not re-read them. Idempotent; run at start-up.
   */
  assignDefaultCurrency(): Promise<number> {
    return this.stores.value.assignCurrency(this.currency);
  }

  /** Orders from outside (REST, CSV): each matched to a customer by `#id` or exact name, stored once. */
  async ingestOrders(orders: OrderInput[], source: 'api' | 'csv'): Promise<OrderIngestOutcome[]> {
    const outcomes: OrderIngestOutcome[] = [];
    for (const order of orders) {
      const customer = await this.findCustomer(order.customer);
      if (!customer) {
        outcomes.push({ orderId: order.orderId, status: 'rejected', code: 'customer_not_found', message: `no customer "${order.customer.slice(0, 100)}"` });
        continue;
      }
      const [stored] = await this.stores.value.insertOrders([{ orderId: order.orderId, customerId: customer.id, amount: order.amount, currency: order.currency ?? this.currency, orderedAt: order.orderedAt, source }], this.currency);
      if (!stored || stored.status === 'conflict') {
        outcomes.push({ orderId: order.orderId, status: 'rejected', code: 'conflict', message: 'this order id was stored before with other figures' });
      } else {
        outcomes.push({ orderId: order.orderId, status: stored.status, customerId: stored.customerId });
      }
    }
    return outcomes;
  }

  /** The customer an order or an import names: `#12` / `12`, else the exact name (normalised). */
  async findCustomer(ref: string): Promise<Customer | null> {
    const id = /^[#＃]?(\d{1,9})$/.exec(ref.trim());
    const customer = id ? await this.stores.customers.findById(Number(id[1])) : await this.stores.customers.findByNameKey(customerNameKey(ref));
    return customer && customer.erasedAt === null ? customer : null;
  }
}
