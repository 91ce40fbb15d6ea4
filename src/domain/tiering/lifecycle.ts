// Lifecycle stages (潜在 → 新 → 活跃 → 忠诚 → 流失风险 → 流失) and the churn early warning.
// Pure: the recompute job gathers the figures, these decide. Each answer carries the rule (or the
// signals) that produced it, so what the bot says is what decided.
import type { LifecycleStage } from '../types.js';
import type { TierConfig } from './config.js';
import { daysSince } from './rfm.js';

export interface LifecycleInput {
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  ordersInWindow: number;
  /** The churn warning is on (risk at or above the threshold). */
  atRisk: boolean;
}

export type LifecycleRule = 'no_orders' | 'churned_after' | 'at_risk_after' | 'churn_warning' | 'new_within' | 'loyal_orders' | 'active';

export interface LifecycleDecision {
  stage: LifecycleStage;
  rule: LifecycleRule;
}

/** The first rule that holds, in this order. */
export function lifecycleStage(config: TierConfig, input: LifecycleInput, now: Date): LifecycleDecision {
  const rules = config.lifecycle;
  const sinceLast = daysSince(input.lastOrderAt, now);
  const sinceFirst = daysSince(input.firstOrderAt, now);
  if (input.orderCount === 0 || sinceLast === null) return { stage: 'prospect', rule: 'no_orders' };
  if (sinceLast > rules.churnedAfterDays) return { stage: 'churned', rule: 'churned_after' };
  if (sinceLast > rules.atRiskAfterDays) return { stage: 'at_risk', rule: 'at_risk_after' };
  if (input.atRisk) return { stage: 'at_risk', rule: 'churn_warning' };
  if (sinceFirst !== null && sinceFirst <= rules.newWithinDays) return { stage: 'new', rule: 'new_within' };
  if (input.ordersInWindow >= rules.loyalMinOrders) return { stage: 'loyal', rule: 'loyal_orders' };
  return { stage: 'active', rule: 'active' };
}

export interface ChurnInput {
  lastContactAt: Date | null;
  createdAt: Date;
  /** The customer's callback cadence in days (tier or override). */
  cadenceDays: number;
  overdueCallbacks: number;
  /** Low CSAT / NPS detractor answers within the lookback. */
  lowScores: number;
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

export type ChurnSignalKind = 'noContact' | 'overdueCallbacks' | 'lowSatisfaction' | 'orderSlowdown';

export interface ChurnAssessment {
  /** 0–100: the weights of the signals present. */
  score: number;
  atRisk: boolean;
  signals: Array<{ kind: ChurnSignalKind; weight: number; detail: Record<string, number> }>;
}

export function churnRisk(config: TierConfig, input: ChurnInput, now: Date): ChurnAssessment {
  const { weights, threshold, slowdownFactor } = config.churn;
  const signals: ChurnAssessment['signals'] = [];
  // No contact for twice the cadence (counted from creation for a customer never contacted).
  const quietDays = daysSince(input.lastContactAt ?? input.createdAt, now) ?? 0;
  if (quietDays > 2 * input.cadenceDays) signals.push({ kind: 'noContact', weight: weights.noContact, detail: { days: quietDays, cadence: input.cadenceDays } });
  if (input.overdueCallbacks > 0) signals.push({ kind: 'overdueCallbacks', weight: weights.overdueCallbacks, detail: { count: input.overdueCallbacks } });
  if (input.lowScores > 0) signals.push({ kind: 'lowSatisfaction', weight: weights.lowSatisfaction, detail: { count: input.lowScores } });
  // Orders falling against the customer's own history: the gap since the last order is well past
  // their usual interval (needs three orders to know a usual interval).
  if (input.orderCount >= 3 && input.firstOrderAt && input.lastOrderAt) {
    const usual = (input.lastOrderAt.getTime() - input.firstOrderAt.getTime()) / (input.orderCount - 1) / (24 * 60 * 60 * 1000);
    const since = daysSince(input.lastOrderAt, now) ?? 0;
    if (usual >= 1 && since > slowdownFactor * usual) signals.push({ kind: 'orderSlowdown', weight: weights.orderSlowdown, detail: { days: since, usual: Math.round(usual) } });
  }
  const score = Math.min(100, signals.reduce((sum, s) => sum + s.weight, 0));
  return { score, atRisk: score >= threshold, signals };
}
