// Poll results: the counts behind CSAT and NPS, kept exact (counts) with the percentages derived
// once here, so every renderer shows the same figures.
import { POLL_SCALES, type PollKind } from './types.js';

/** How many answers gave each score: `counts[i]` is the count of score `min + i`. */
export interface Distribution {
  kind: PollKind;
  min: number;
  counts: number[];
}

export interface PollResults {
  kind: PollKind;
  responses: number;
  distribution: Distribution;
  /** Mean score; null without answers. */
  average: number | null;
  /** CSAT: share of 4–5 answers, in percent. */
  csat?: { satisfied: number; percent: number | null };
  /** NPS: % promoters (9–10) − % detractors (0–6), from −100 to 100. */
  nps?: { promoters: number; passives: number; detractors: number; promoterPercent: number | null; detractorPercent: number | null; score: number | null };
}

/** Which group an NPS score falls in. */
export function npsGroup(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

export const CSAT_SATISFIED_FROM = 4;

export function emptyDistribution(kind: PollKind): Distribution {
  const { min, max } = POLL_SCALES[kind];
  return { kind, min, counts: new Array<number>(max - min + 1).fill(0) };
}

/** Builds a distribution from (score, count) rows, ignoring scores outside the scale. */
export function distributionOf(kind: PollKind, rows: ReadonlyArray<{ score: number; count: number }>): Distribution {
  const distribution = emptyDistribution(kind);
  for (const { score, count } of rows) {
    const index = score - distribution.min;
    if (index >= 0 && index < distribution.counts.length) distribution.counts[index]! += count;
  }
  return distribution;
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : (100 * part) / whole);

export function pollResults(distribution: Distribution): PollResults {
  const { kind, min, counts } = distribution;
  const responses = counts.reduce((a, b) => a + b, 0);
  const total = counts.reduce((sum, count, i) => sum + count * (min + i), 0);
  const countWhere = (test: (score: number) => boolean) => counts.reduce((sum, count, i) => (test(min + i) ? sum + count : sum), 0);
  const results: PollResults = { kind, responses, distribution, average: responses === 0 ? null : total / responses };
  if (kind === 'csat') {
    const satisfied = countWhere((s) => s >= CSAT_SATISFIED_FROM);
    results.csat = { satisfied, percent: percent(satisfied, responses) };
  } else {
    const promoters = countWhere((s) => npsGroup(s) === 'promoter');
    const detractors = countWhere((s) => npsGroup(s) === 'detractor');
    const passives = responses - promoters - detractors;
    const promoterPercent = percent(promoters, responses);
    const detractorPercent = percent(detractors, responses);
    const score = promoterPercent === null || detractorPercent === null ? null : promoterPercent - detractorPercent;
    results.nps = { promoters, passives, detractors, promoterPercent, detractorPercent, score };
  }
  return results;
}

/** Rounds half away from zero, to `digits` decimals (NPS −12.5 → −13, as it is usually reported). */
export function roundHalfAway(value: number, digits = 0): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(value) * factor;
  // Guard against binary noise (66.66500000001): round at 9 significant decimals first.
  const rounded = Math.floor(Number(scaled.toFixed(9)) + 0.5) / factor;
  return value < 0 ? -rounded : rounded;
}
