// The value rules: RFM bands and weights, the tiers they lead to, lifecycle and churn-warning rules,
// and the report targets. Read from a JSON file (TIER_CONFIG_FILE, default config/tiers.json) and
// validated once at start-up: an impossible rule stops the app with a message naming it.
import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';

const score = z.number().min(0).max(5);
const days = z.number().int().min(1).max(3650);
const weight = z.number().min(0).max(100);

const tierSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,19}$/, 'a tier id is lower-case letters, digits and _ (e.g. "core")'),
  name: z.strictObject({ en: z.string().trim().min(1).max(30), zh: z.string().trim().min(1).max(30) }),
  minScore: score,
  cadenceDays: days.optional(),
});

export const tierConfigSchema = z.strictObject({
  windowDays: days,
  weights: z.strictObject({ recency: weight, frequency: weight, monetary: weight }),
  /** Days since the last order → score; first band that holds wins; `withinDays: null` = any age. */
  recency: z.array(z.strictObject({ withinDays: days.nullable(), score })).min(1),
  /** Orders in the window → score; first band whose `atLeast` is reached wins. */
  frequency: z.array(z.strictObject({ atLeast: z.number().int().min(0), score })).min(1),
  /** Spend in the window → score. */
  monetary: z.array(z.strictObject({ atLeast: z.number().min(0), score })).min(1),
  /** Best first; a customer gets the first tier whose minScore its total reaches. */
  tiers: z.array(tierSchema).min(1).max(8),
  lifecycle: z.strictObject({
    newWithinDays: days,
    loyalMinOrders: z.number().int().min(1),
    atRiskAfterDays: days,
    churnedAfterDays: days,
  }),
  churn: z.strictObject({
    /** A risk score (0–100) at or above this is a warning. */
    threshold: z.number().min(1).max(100),
    weights: z.strictObject({ noContact: weight, overdueCallbacks: weight, lowSatisfaction: weight, orderSlowdown: weight }),
    /** Low poll answers count for this long. */
    lowScoreLookbackDays: days,
    /** An order later than this many times the customer's usual interval is a slowdown. */
    slowdownFactor: z.number().min(1).max(10),
  }),
  targets: z.strictObject({ satisfactionPercent: z.number().min(0).max(100), churnRatePercent: z.number().min(0).max(100) }),
});

export type TierConfig = z.infer<typeof tierConfigSchema>;
export type TierRule = TierConfig['tiers'][number];

export const DEFAULT_TIER_CONFIG: TierConfig = {
  windowDays: 365,
  weights: { recency: 35, frequency: 30, monetary: 35 },
  recency: [
    { withinDays: 30, score: 5 },
    { withinDays: 90, score: 4 },
    { withinDays: 180, score: 3 },
    { withinDays: 365, score: 2 },
    { withinDays: null, score: 1 },
  ],
  frequency: [
    { atLeast: 12, score: 5 },
    { atLeast: 6, score: 4 },
    { atLeast: 3, score: 3 },
    { atLeast: 1, score: 2 },
    { atLeast: 0, score: 0 },
  ],
  monetary: [
    { atLeast: 500000, score: 5 },
    { atLeast: 100000, score: 4 },
    { atLeast: 20000, score: 3 },
    { atLeast: 1, score: 2 },
    { atLeast: 0, score: 0 },
  ],
  tiers: [
    // Cadences of these three come from CALLBACK_CADENCE_DAYS; a tier may set its own `cadenceDays`.
    { id: 'core', name: { en: 'Core', zh: '核心' }, minScore: 4 },
    { id: 'potential', name: { en: 'Potential', zh: '潜力' }, minScore: 2.5 },
    { id: 'general', name: { en: 'General', zh: '一般' }, minScore: 0 },
  ],
  lifecycle: { newWithinDays: 60, loyalMinOrders: 6, atRiskAfterDays: 120, churnedAfterDays: 270 },
  churn: { threshold: 50, weights: { noContact: 30, overdueCallbacks: 20, lowSatisfaction: 35, orderSlowdown: 25 }, lowScoreLookbackDays: 90, slowdownFactor: 2 },
  targets: { satisfactionPercent: 90, churnRatePercent: 5 },
};

/** Rules that are each valid but impossible together, named so an operator can fix the file. */
function impossibleRules(config: TierConfig): string[] {
  const problems: string[] = [];
  const { weights, recency, frequency, monetary, tiers, lifecycle, churn } = config;
  const totalWeight = weights.recency + weights.frequency + weights.monetary;
  if (totalWeight <= 0) problems.push('weights: at least one of recency, frequency, monetary must be above 0');
  recency.forEach((band, i) => {
    const previous = recency[i - 1];
    if (previous && (previous.withinDays === null || (band.withinDays !== null && band.withinDays <= previous.withinDays))) {
      problems.push(`recency[${i}]: withinDays must grow from band to band (and null, "any age", can only be the last band)`);
    }
  });
  for (const [name, bands] of [['frequency', frequency], ['monetary', monetary]] as const) {
    bands.forEach((band, i) => {
      const previous = bands[i - 1];
      if (previous && band.atLeast >= previous.atLeast) problems.push(`${name}[${i}]: atLeast must fall from band to band (best band first)`);
    });
    if (bands[bands.length - 1]?.atLeast !== 0) problems.push(`${name}: the last band must have atLeast 0, so that every customer gets a score`);
  }
  const ids = new Set<string>();
  tiers.forEach((tier, i) => {
    if (ids.has(tier.id)) problems.push(`tiers[${i}]: the id "${tier.id}" is used twice`);
    ids.add(tier.id);
    const previous = tiers[i - 1];
    if (previous && tier.minScore >= previous.minScore) problems.push(`tiers[${i}] "${tier.id}": minScore must be lower than the tier before it ("${previous.id}")`);
  });
  if (tiers[tiers.length - 1]?.minScore !== 0) problems.push(`tiers: the last tier ("${tiers[tiers.length - 1]?.id}") must have minScore 0, so that every customer has a tier`);
  if (totalWeight > 0) {
    const best = (weights.recency * Math.max(...recency.map((b) => b.score)) + weights.frequency * Math.max(...frequency.map((b) => b.score)) + weights.monetary * Math.max(...monetary.map((b) => b.score))) / totalWeight;
    // Tiers are decided on the total rounded to 2 decimals (rfm.ts), so compare with that.
    const bestRounded = Math.round(best * 100) / 100;
    for (const tier of tiers) {
      if (tier.minScore > bestRounded) problems.push(`tiers "${tier.id}": minScore ${tier.minScore} can never be reached: the best possible score with these bands and weights is ${bestRounded}`);
    }
  }
  if (!(lifecycle.atRiskAfterDays < lifecycle.churnedAfterDays)) problems.push('lifecycle: atRiskAfterDays must be lower than churnedAfterDays');
  if (!(lifecycle.newWithinDays < lifecycle.atRiskAfterDays)) problems.push('lifecycle: newWithinDays must be lower than atRiskAfterDays');
  const maxRisk = Object.values(churn.weights).reduce((a, b) => a + b, 0);
  if (churn.threshold > maxRisk) problems.push(`churn: threshold ${churn.threshold} can never be reached: the signals' weights add up to ${maxRisk}`);
  return problems;
}

export type TierConfigResult = { ok: true; config: TierConfig } | { ok: false; problems: string[] };

export function parseTierConfig(value: unknown): TierConfigResult {
  const parsed = tierConfigSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`) };
  const problems = impossibleRules(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

export class TierConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The tier rules in ${file} cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TierConfigError';
  }
}

/** The rules from `file` when it exists (else the defaults); throws TierConfigError naming each problem. */
export function loadTierConfig(file: string, options: { required?: boolean } = {}): TierConfig {
  if (!existsSync(file)) {
    if (options.required) throw new TierConfigError(file, ['the file does not exist']);
    return DEFAULT_TIER_CONFIG;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TierConfigError(file, [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  // A "$comment" key documents the file; it is not a rule.
  if (json && typeof json === 'object') delete (json as Record<string, unknown>)['$comment'];
  const result = parseTierConfig(json);
  if (!result.ok) throw new TierConfigError(file, result.problems);
  return result.config;
}

/** Each tier's display names by id, for the views. */
export function tierNamesOf(config: TierConfig): Record<string, { en: string; zh: string }> {
  return Object.fromEntries(config.tiers.map((tier) => [tier.id, tier.name]));
}
