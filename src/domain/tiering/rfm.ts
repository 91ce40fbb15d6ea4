// RFM scoring: recency of the last order, frequency and monetary value over the window, each
// scored by the first band it falls in, weighted into a total from 0 to 5 that picks the tier.
// The result IS the explanation: `/crm tier` renders these same fields, so what it says can never
// disagree with the tier the customer got.
import type { TierConfig, TierRule } from './config.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What scoring needs to know about a customer's orders. */
export interface ValueMetrics {
  lastOrderAt: Date | null;
  /** Orders and spend within the window (the last `windowDays` days). */
  ordersInWindow: number;
  spendInWindow: number;
}

export interface ComponentScore<V> {
  value: V;
  score: number;
  /** Index of the band that matched; -1 when none could (no order yet, for recency). */
  band: number;
}

/** The smallest change in one component that alone would lift the customer to the next tier. */
export type UpgradeHint =
  | { component: 'recency'; withinDays: number | null }
  | { component: 'frequency'; moreOrders: number }
  | { component: 'monetary'; moreSpend: number };

export interface RfmResult {
  recency: ComponentScore<number | null>; // days since the last order; null = never ordered
  frequency: ComponentScore<number>;
  monetary: ComponentScore<number>;
  /** Weighted total, 0–5, rounded to 2 decimals (the tier is decided on this rounded figure). */
  total: number;
  tier: TierRule;
  /** The tier above, how far it is, and what would get there; null for the top tier. */
  next: { tier: TierRule; gap: number; hints: UpgradeHint[] } | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function daysSince(then: Date | null, now: Date): number | null {
  return then === null ? null : Math.max(0, Math.floor((now.getTime() - then.getTime()) / DAY_MS));
}

function scoreRecency(config: TierConfig, days: number | null): ComponentScore<number | null> {
  if (days === null) return { value: null, score: 0, band: -1 };
  const band = config.recency.findIndex((b) => b.withinDays === null || days <= b.withinDays);
  return { value: days, score: band === -1 ? 0 : config.recency[band]!.score, band };
}

function scoreAtLeast(bands: TierConfig['frequency'] | TierConfig['monetary'], value: number): ComponentScore<number> {
  const band = bands.findIndex((b) => value >= b.atLeast);
  return { value, score: band === -1 ? 0 : bands[band]!.score, band };
}

function weightedTotal(config: TierConfig, r: number, f: number, m: number): number {
  const { recency, frequency, monetary } = config.weights;
  return round2((recency * r + frequency * f + monetary * m) / (recency + frequency + monetary));
}

export function tierFor(config: TierConfig, total: number): TierRule {
  return config.tiers.find((t) => total >= t.minScore) ?? config.tiers[config.tiers.length - 1]!;
}

export function scoreRfm(config: TierConfig, metrics: ValueMetrics, now: Date): RfmResult {
  const recency = scoreRecency(config, daysSince(metrics.lastOrderAt, now));
  const frequency = scoreAtLeast(config.frequency, metrics.ordersInWindow);
  const monetary = scoreAtLeast(config.monetary, metrics.spendInWindow);
  const total = weightedTotal(config, recency.score, frequency.score, monetary.score);
  const tier = tierFor(config, total);
  const above = config.tiers[config.tiers.indexOf(tier) - 1];
  if (!above) return { recency, frequency, monetary, total, tier, next: null };

  const hints: UpgradeHint[] = [];
  const reaches = (r: number, f: number, m: number) => weightedTotal(config, r, f, m) >= above.minScore;
  // For each component, the nearest better band that alone closes the gap.
  const recencyBand = [...config.recency].reverse().find((b) => b.score > recency.score && reaches(b.score, frequency.score, monetary.score));
  if (recencyBand) hints.push({ component: 'recency', withinDays: recencyBand.withinDays });
  const frequencyBand = [...config.frequency].reverse().find((b) => b.score > frequency.score && reaches(recency.score, b.score, monetary.score));
  if (frequencyBand) hints.push({ component: 'frequency', moreOrders: frequencyBand.atLeast - frequency.value });
  const monetaryBand = [...config.monetary].reverse().find((b) => b.score > monetary.score && reaches(recency.score, frequency.score, b.score));
  // Up to the next cent: a hint rounded down would fall just short of the band.
  if (monetaryBand) hints.push({ component: 'monetary', moreSpend: Math.ceil((monetaryBand.atLeast - monetary.value) * 100 - 1e-9) / 100 });
  return { recency, frequency, monetary, total, tier, next: { tier: above, gap: round2(above.minScore - total), hints } };
}
