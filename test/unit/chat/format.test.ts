// The one way figures are written: CSAT named (average and satisfied share), amounts with their
// currency, in English and Chinese.
import { describe, expect, it } from 'vitest';
import { viewIn } from '../../../src/chat/context.js';
import { csatAverageLabel, csatLabels, csatSatisfiedLabel, formatMoney } from '../../../src/chat/format.js';
import { resultsMaths } from '../../../src/chat/views/polls.js';
import { distributionOf, pollResults } from '../../../src/domain/poll-math.js';

const en = viewIn('en', 'UTC', { tierNames: {} });
const zh = viewIn('zh', 'Asia/Shanghai', { tierNames: {} });

describe('CSAT labels', () => {
  it('names the average and the share of 4–5, rounded half away from zero', () => {
    // 13 / 3 = 4.333… → 4.33; 26 of 30 = 86.666…% → 86.7%.
    expect(csatAverageLabel(en, 13 / 3)).toBe('CSAT avg 4.33 / 5');
    expect(csatSatisfiedLabel(en, (100 * 26) / 30)).toBe('CSAT satisfied 86.7% (4–5)');
    expect(csatLabels(en, { average: 13 / 3, percent: (100 * 26) / 30 })).toBe('CSAT satisfied 86.7% (4–5) · CSAT avg 4.33 / 5');
    expect(csatLabels(zh, { average: 13 / 3, percent: (100 * 26) / 30 })).toBe('CSAT 满意率 86.7%（4–5 分） · CSAT 平均 4.33 / 5 分');
    expect(csatLabels(en, { average: null, percent: null })).toBe('CSAT satisfied — (4–5) · CSAT avg — / 5');
  });

  it('poll results use the same two names', () => {
    // Scores 5, 5, 4, 3: average 17 / 4 = 4.25; 3 of 4 satisfied = 75%.
    const results = pollResults(distributionOf('csat', [{ score: 5, count: 2 }, { score: 4, count: 1 }, { score: 3, count: 1 }]));
    expect(resultsMaths(en, results)).toEqual(['**4** responses · **CSAT avg 4.25 / 5**', '**CSAT satisfied 75% (4–5)** = 3 of 4 answered 4 or 5']);
    expect(resultsMaths(zh, results)).toEqual(['共 **4** 份回答 · **CSAT 平均 4.25 / 5 分**', '**CSAT 满意率 75%（4–5 分）** = 4 份回答中 3 份为 4 或 5 分']);
  });
});

describe('amounts', () => {
  it('carry the currency as readers of each language expect, in the configured one by default', () => {
    expect(formatMoney(en, 12800)).toBe('CN¥12,800');
    expect(formatMoney(zh, 12800)).toBe('¥12,800');
    expect(formatMoney(en, 12800, 'USD')).toBe('$12,800');
    expect(formatMoney(zh, 12800, 'USD')).toBe('US$12,800');
    // Fractions with the currency's usual digits.
    expect(formatMoney(en, 1200.5, 'USD')).toBe('$1,200.50');
    expect(formatMoney(zh, 99.999, 'EUR')).toBe('€100.00');
    const usd = viewIn('en', 'UTC', { tierNames: {}, currency: 'USD' });
    expect(usd.currency).toBe('USD');
    expect(formatMoney(usd, 5)).toBe('$5');
  });
});
