import { describe, expect, it } from 'vitest';
import {
  CHART_COLORS,
  color,
  escapeXml,
  fitLabel,
  fitNumber,
  inkOn,
  textWidth,
} from '../../../src/charts/svg.js';

describe('chart text measuring and helpers', () => {
  it('estimates CJK glyphs as 1 em and Latin as about 0.6 em', () => {
    expect(textWidth('核心潜力', 10)).toBe(40);
    expect(textWidth('abcd', 10)).toBeCloseTo(24);
    expect(textWidth('', 10)).toBe(0);
  });

  it('shrinks, then cuts labels with an ellipsis, never wider than the slot', () => {
    expect(fitLabel('Bob', 12, 60)).toEqual({ text: 'Bob', size: 12 });
    expect(fitLabel('Alexandra', 12, 60).size).toBeLessThan(12);
    for (const s of ['欧阳娜娜（华东区大客户经理）', 'Christopher Montgomery-Smith', 'WWWWWWWWWWWWWWWWWWWW']) {
      for (const width of [4, 10, 25, 48, 100]) {
        const label = fitLabel(s, 12, width);
        expect(textWidth(label.text, label.size)).toBeLessThanOrEqual(width);
        expect(label.size).toBeGreaterThanOrEqual(9);
        if (label.text && label.text !== s) expect(label.text.endsWith('…')).toBe(true);
      }
    }
    expect(fitLabel('欧阳娜娜', 12, 30).text).toBe('欧阳…'); // 2 em + 0.6 em at 11 px
  });

  it('shows numbers whole or not at all', () => {
    expect(fitNumber('100%', 12, 40).text).toBe('100%');
    expect(fitNumber('100%', 12, 20).text).toBe('');
  });

  it('picks readable ink for a fill and falls back to the default colour', () => {
    expect(inkOn('#ffffff')).toBe('#333333');
    expect(inkOn('#fe0')).toBe('#333333');
    expect(inkOn('#4e79a7')).toBe('#ffffff');
    expect(inkOn('navy')).toBe('#ffffff');
    expect(color('"/><script>')).toBe(CHART_COLORS.default);
    expect(color(' #abc ')).toBe('#abc');
    expect(escapeXml(`<&>"'\u0000`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});
