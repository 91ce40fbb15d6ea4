import { describe, expect, it } from 'vitest';
import { CSAT_SATISFIED_FROM, distributionOf, emptyDistribution, npsGroup, pollResults, roundHalfAway, type PollResults } from '../../../src/domain/poll-math.js';
import type { PollKind } from '../../../src/domain/types.js';
import { viewIn, type ViewContext } from '../../../src/chat/context.js';
import { DEFAULT_TIER_CONFIG, tierNamesOf } from '../../../src/domain/tiering/config.js';
import { distributionLines, resultsMaths } from '../../../src/chat/views/polls.js';

/** Results of a poll whose answers were exactly `scores` (one row per answer, summed by distributionOf). */
function resultsOf(kind: PollKind, scores: number[]): PollResults {
  return pollResults(distributionOf(kind, scores.map((score) => ({ score, count: 1 }))));
}

const en: ViewContext = viewIn('en', 'UTC', { tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) });
const zh: ViewContext = viewIn('zh', 'UTC', { tierNames: tierNamesOf(DEFAULT_TIER_CONFIG) });

// CSAT fixture: [5,5,4,3,2,1,4]
//   counts by score 1..5: 1→1, 2→1, 3→1, 4→2, 5→2      (7 answers)
//   total = 1 + 2 + 3 + 4·2 + 5·2 = 24 → average 24/7 = 3.428571…
//   satisfied (4–5) = 2 + 2 = 4 → 4/7 = 57.142857…%
const CSAT_SCORES = [5, 5, 4, 3, 2, 1, 4];

// NPS fixture with ties on every border: [0,6,6,7,8,8,9,9,10,10]  (10 answers)
//   detractors (0–6): 0, 6, 6      = 3 → 30%
//   passives   (7–8): 7, 8, 8      = 3
//   promoters  (9–10): 9, 9, 10, 10 = 4 → 40%
//   NPS = 40 − 30 = 10
const NPS_SCORES = [0, 6, 6, 7, 8, 8, 9, 9, 10, 10];

describe('npsGroup', () => {
  it('puts the borders in the right group: 6 detractor, 7 and 8 passive, 9 promoter', () => {
    expect(npsGroup(0)).toBe('detractor');
    expect(npsGroup(6)).toBe('detractor');
    expect(npsGroup(7)).toBe('passive');
    expect(npsGroup(8)).toBe('passive');
    expect(npsGroup(9)).toBe('promoter');
    expect(npsGroup(10)).toBe('promoter');
  });
});

describe('distributionOf', () => {
  it('starts from zero counts over the whole scale', () => {
    expect(emptyDistribution('csat')).toEqual({ kind: 'csat', min: 1, counts: [0, 0, 0, 0, 0] });
    expect(emptyDistribution('nps')).toEqual({ kind: 'nps', min: 0, counts: new Array(11).fill(0) });
  });

  it('ignores scores outside the scale and sums repeated rows', () => {
    // CSAT is 1..5: 0, 6 and -1 are dropped; score 3 appears twice (2 + 5 = 7).
    const csat = distributionOf('csat', [
      { score: 0, count: 4 },
      { score: 3, count: 2 },
      { score: 6, count: 9 },
      { score: 3, count: 5 },
      { score: -1, count: 1 },
      { score: 5, count: 1 },
    ]);
    expect(csat).toEqual({ kind: 'csat', min: 1, counts: [0, 0, 7, 0, 1] });

    // NPS is 0..10: 11 and -1 are dropped; 0 and 10 (the ends of the scale) are kept.
    const nps = distributionOf('nps', [
      { score: -1, count: 3 },
      { score: 0, count: 1 },
      { score: 10, count: 2 },
      { score: 11, count: 8 },
      { score: 10, count: 1 },
    ]);
    expect(nps.counts).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
  });
});

describe('pollResults: CSAT', () => {
  it('counts, average and share of 4–5 answers', () => {
    const results = resultsOf('csat', CSAT_SCORES);
    expect(results.kind).toBe('csat');
    expect(results.responses).toBe(7);
    expect(results.distribution.counts).toEqual([1, 1, 1, 2, 2]);
    expect(results.average).toBeCloseTo(24 / 7, 12); // 3.428571…
    expect(results.csat).toEqual({ satisfied: 4, percent: expect.closeTo(400 / 7, 10) }); // 57.142857…%
    expect(results.nps).toBeUndefined();
    expect(CSAT_SATISFIED_FROM).toBe(4);
  });

  it('an empty poll has no average and no percentage', () => {
    const results = pollResults(emptyDistribution('csat'));
    expect(results.responses).toBe(0);
    expect(results.average).toBeNull();
    expect(results.csat).toEqual({ satisfied: 0, percent: null });
  });

  it('all 5s: average 5, 100% satisfied', () => {
    const results = resultsOf('csat', [5, 5, 5]);
    expect(results.average).toBe(5); // 15 / 3
    expect(results.csat).toEqual({ satisfied: 3, percent: 100 });
  });

  it('3s are not satisfied: [3,3,4,2] → 1 of 4 = 25%', () => {
    // total 3+3+4+2 = 12 → average 3
    const results = resultsOf('csat', [3, 3, 4, 2]);
    expect(results.average).toBe(3);
    expect(results.csat).toEqual({ satisfied: 1, percent: 25 });
  });
});

describe('pollResults: NPS', () => {
  it('ties exactly on the group borders 6/7/8/9', () => {
    const results = resultsOf('nps', NPS_SCORES);
    expect(results.responses).toBe(10);
    // total 0 + 6+6 + 7 + 8+8 + 9+9 + 10+10 = 73 → average 7.3
    expect(results.average).toBeCloseTo(7.3, 12);
    expect(results.nps).toEqual({ promoters: 4, passives: 3, detractors: 3, promoterPercent: 40, detractorPercent: 30, score: 10 });
    expect(results.csat).toBeUndefined();
  });

  it('negative score: 3 promoters, 5 detractors of 8 → 37.5 − 62.5 = −25', () => {
    // 9, 10, 10 promoters; 0, 1, 3, 5, 6 detractors
    const results = resultsOf('nps', [9, 10, 10, 0, 1, 3, 5, 6]);
    expect(results.nps).toEqual({ promoters: 3, passives: 0, detractors: 5, promoterPercent: 37.5, detractorPercent: 62.5, score: -25 });
  });

  it('negative, non-integer score: 1 promoter, 2 detractors of 3 → 33.33… − 66.67… = −33.33…', () => {
    const results = resultsOf('nps', [9, 6, 0]);
    const nps = results.nps!;
    expect([nps.promoters, nps.passives, nps.detractors]).toEqual([1, 0, 2]);
    expect(nps.promoterPercent).toBeCloseTo(100 / 3, 10); // 33.333…
    expect(nps.detractorPercent).toBeCloseTo(200 / 3, 10); // 66.666…
    expect(nps.score).toBeCloseTo(-100 / 3, 10); // −33.333…
    expect(roundHalfAway(nps.score!)).toBe(-33);
  });

  it('a score of exactly ±12.5 rounds away from zero even through binary noise', () => {
    // 10 promoters, 7 passives, 7 detractors of 24:
    //   41.666…% − 29.1666…% = 12.5 exactly on paper, 12.499999999999996 in doubles → reported 13.
    const up = pollResults(distributionOf('nps', [{ score: 10, count: 10 }, { score: 7, count: 7 }, { score: 0, count: 7 }]));
    expect(up.nps!.score).toBeCloseTo(12.5, 10);
    expect(roundHalfAway(up.nps!.score!)).toBe(13);
    // 1 promoter, 5 passives, 2 detractors of 8: 12.5 − 25 = −12.5 → −13
    const down = pollResults(distributionOf('nps', [{ score: 9, count: 1 }, { score: 8, count: 5 }, { score: 6, count: 2 }]));
    expect(down.nps!.score).toBe(-12.5);
    expect(roundHalfAway(down.nps!.score!)).toBe(-13);
  });

  it('only passives: NPS 0; no answers: every percentage null', () => {
    expect(resultsOf('nps', [7, 8]).nps).toEqual({ promoters: 0, passives: 2, detractors: 0, promoterPercent: 0, detractorPercent: 0, score: 0 });
    const empty = pollResults(emptyDistribution('nps'));
    expect(empty.average).toBeNull();
    expect(empty.nps).toEqual({ promoters: 0, passives: 0, detractors: 0, promoterPercent: null, detractorPercent: null, score: null });
  });
});

describe('roundHalfAway', () => {
  it('rounds halves away from zero', () => {
    expect(roundHalfAway(12.5)).toBe(13);
    expect(roundHalfAway(-12.5)).toBe(-13);
    expect(roundHalfAway(0.5)).toBe(1);
    expect(roundHalfAway(-0.5)).toBe(-1);
    expect(roundHalfAway(12.4999)).toBe(12);
    expect(roundHalfAway(-12.4999)).toBe(-12);
    expect(roundHalfAway(3.428571, 2)).toBe(3.43);
    expect(roundHalfAway(57.142857, 1)).toBe(57.1);
  });

  it('guards against binary noise at the half', () => {
    // 66.665 * 100 = 6666.500000000001 and 2.675 is stored as 2.67499999999999982236431605997495353221893310546875:
    // both are meant as halves and round up.
    expect(roundHalfAway(66.665, 2)).toBe(66.67);
    expect(roundHalfAway(2.675, 2)).toBe(2.68);
    expect(roundHalfAway(-2.675, 2)).toBe(-2.68);
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
  });
});

describe('resultsMaths', () => {
  it('NPS in English: the score and how it was computed', () => {
    const lines = resultsMaths(en, resultsOf('nps', NPS_SCORES));
    const text = lines.join('\n');
    expect(lines[0]).toContain('**10**'); // responses
    expect(lines[0]).toContain('7.3'); // average 73 / 10
    expect(text).toContain('NPS **10**');
    const maths = lines.find((line) => line.includes('promoters'))!;
    expect(maths).toContain('40%');
    expect(maths).toContain('30%');
    expect(maths).toMatch(/40% promoters.*\b4\b/);
    expect(maths).toMatch(/30% detractors.*\b3\b/);
    expect(maths).toContain('passives (7–8): 3');
  });

  it('a negative NPS is shown rounded half away from zero', () => {
    // 1 promoter, 2 detractors of 3 → −33.33… → −33; percentages to one decimal: 33.3% and 66.7%
    const text = resultsMaths(en, resultsOf('nps', [9, 6, 0])).join('\n');
    expect(text).toContain('NPS **-33**');
    expect(text).toContain('33.3%');
    expect(text).toContain('66.7%');
    // 1 promoter, 5 passives, 2 detractors of 8 → −12.5 → −13
    const half = resultsMaths(en, pollResults(distributionOf('nps', [{ score: 9, count: 1 }, { score: 8, count: 5 }, { score: 6, count: 2 }]))).join('\n');
    expect(half).toContain('NPS **-13**');
    expect(half).toContain('12.5%');
    expect(half).toContain('25%');
  });

  it('CSAT in English: 57.1%, 4 of 7, average 3.43', () => {
    const lines = resultsMaths(en, resultsOf('csat', CSAT_SCORES));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('**7**');
    expect(lines[0]).toContain('3.43'); // 24/7 = 3.428… → 3.43
    expect(lines[1]).toContain('57.1%');
    expect(lines[1]).toContain('4 of 7');
    expect(lines.join('\n')).not.toContain('NPS');
  });

  it('in Chinese: promoters and detractors are named', () => {
    const text = resultsMaths(zh, resultsOf('nps', NPS_SCORES)).join('\n');
    expect(text).toContain('NPS **10**');
    expect(text).toContain('推荐者');
    expect(text).toContain('贬损者');
    expect(text).toContain('40%');
    expect(text).toContain('30%');
    const csat = resultsMaths(zh, resultsOf('csat', CSAT_SCORES)).join('\n');
    expect(csat).toContain('57.1%');
  });

  it('no answers: one line saying so', () => {
    expect(resultsMaths(en, pollResults(emptyDistribution('nps')))).toEqual(['No answers.']);
    expect(resultsMaths(zh, pollResults(emptyDistribution('csat')))).toEqual(['没有回答。']);
  });
});

describe('distributionLines', () => {
  const barOf = (line: string) => line.match(/█+|·/)![0];
  const countOf = (line: string) => Number(line.match(/ (\d+) \(\d+%\)$/)![1]);

  it('NPS: one line per score 0..10, counts right, the top score has the full bar, zeros a dot', () => {
    const lines = distributionLines(resultsOf('nps', NPS_SCORES));
    expect(lines).toHaveLength(11);
    // counts: 0→1, 1..5→0, 6→2, 7→1, 8→2, 9→2, 10→2; top = 2
    expect(lines.map(countOf)).toEqual([1, 0, 0, 0, 0, 0, 2, 1, 2, 2, 2]);
    lines.forEach((line, score) => expect(line.startsWith(`\`${String(score).padStart(2, ' ')}\``)).toBe(true));
    expect(barOf(lines[6]!)).toBe('█'.repeat(20)); // 2 of top 2 → 20
    expect(barOf(lines[10]!)).toBe('█'.repeat(20));
    expect(barOf(lines[0]!)).toBe('█'.repeat(10)); // 1 of top 2 → 10
    expect(barOf(lines[3]!)).toBe('·');
    // shares: 1/10 = 10%, 2/10 = 20%
    expect(lines[0]).toBe('` 0` ██████████ 1 (10%)');
    expect(lines[3]).toBe('` 3` · 0 (0%)');
    expect(lines[10]).toBe(`\`10\` ${'█'.repeat(20)} 2 (20%)`);
  });

  it('CSAT: shares rounded to whole percent', () => {
    const lines = distributionLines(resultsOf('csat', CSAT_SCORES));
    expect(lines).toHaveLength(5);
    // counts 1,1,1,2,2 of 7: 1/7 = 14.28…% → 14%, 2/7 = 28.57…% → 29%
    expect(lines).toEqual([
      `\` 1\` ${'█'.repeat(10)} 1 (14%)`,
      `\` 2\` ${'█'.repeat(10)} 1 (14%)`,
      `\` 3\` ${'█'.repeat(10)} 1 (14%)`,
      `\` 4\` ${'█'.repeat(20)} 2 (29%)`,
      `\` 5\` ${'█'.repeat(20)} 2 (29%)`,
    ]);
  });

  it('bars scale to the top count: 1 of 3 → round(20/3) = 7', () => {
    const lines = distributionLines(resultsOf('csat', [5, 5, 5, 1]));
    expect(barOf(lines[4]!)).toHaveLength(20);
    expect(barOf(lines[0]!)).toHaveLength(7);
    expect(lines[0]).toContain('1 (25%)');
    expect(lines[4]).toContain('3 (75%)');
  });

  it('no answers: every line is a dot at 0%', () => {
    const lines = distributionLines(pollResults(emptyDistribution('csat')));
    expect(lines).toEqual(['` 1` · 0 (0%)', '` 2` · 0 (0%)', '` 3` · 0 (0%)', '` 4` · 0 (0%)', '` 5` · 0 (0%)']);
  });
});
