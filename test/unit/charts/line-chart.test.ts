import { describe, expect, it } from 'vitest';
import { CHART_COLORS } from '../../../src/charts/bar-chart.js';
import { hasCjkText } from '../../../src/charts/fonts.js';
import {
  lineChartSvg,
  renderLineChart,
  renderLineChartPixels,
  TARGET_COLOR,
  type LineChartSpec,
} from '../../../src/charts/line-chart.js';
import { textWidth } from '../../../src/charts/svg.js';
import { cjkFonts, countColor, hasCjk, hasDejaVu, latinOnly, noFonts, pngSize, svgTexts } from './chart-helpers.js';

const LINE = '#1f77b4';

/** NPS by week, −100…100, W3 and W7–W8 without responses. */
function npsTrend(extra: Partial<LineChartSpec> = {}): LineChartSpec {
  const values = [12, 20, null, 35, 41, 38, null, null, 55, 60, -48, 70, 72];
  return {
    title: 'NPS by week',
    points: values.map((value, i) => ({ label: `W${i + 1}`, value })),
    min: -100,
    max: 100,
    color: LINE,
    ...extra,
  };
}

const circles = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('renderLineChart', () => {
  it('produces a PNG of the requested size, times the scale', () => {
    const spec = npsTrend({ width: 480, height: 270 });
    expect(pngSize(renderLineChart(spec, { fonts: latinOnly }))).toEqual({ width: 480, height: 270 });
    expect(pngSize(renderLineChart(spec, { fonts: latinOnly, scale: 2 }))).toEqual({ width: 960, height: 540 });
    expect(pngSize(renderLineChart(npsTrend()))).toEqual({ width: 640, height: 360 });
  });

  it('is deterministic: the same spec gives the same bytes, other values other bytes', () => {
    const spec = npsTrend({ target: { value: 50, label: 'target 50' } });
    const a = renderLineChart(spec, { fonts: latinOnly });
    const b = renderLineChart(structuredClone(spec), { fonts: latinOnly });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const other = structuredClone(spec);
    other.points[0] = { label: 'W1', value: 13 };
    expect(Buffer.from(a).equals(Buffer.from(renderLineChart(other, { fonts: latinOnly })))).toBe(false);
  });

  it('joins consecutive points and leaves gaps at null points', () => {
    const svg = lineChartSvg(npsTrend(), latinOnly);
    // Runs: W1–W2, W4–W6, W9–W13; a dot for each of the 10 values.
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(circles(svg)).toHaveLength(10);
    // A point alone between gaps is a dot, not a line.
    const lone = lineChartSvg({ points: [1, null, 2, null, 3].map((value) => ({ label: '', value })) }, latinOnly);
    expect(lone).not.toContain('<polyline');
    expect(circles(lone)).toHaveLength(3);

    // In pixels: nothing of the line's colour in the W7–W8 gap, plenty around it.
    const image = renderLineChartPixels(npsTrend(), { fonts: noFonts });
    const xs = circles(lineChartSvg(npsTrend(), noFonts)).map(([x]) => x ?? 0);
    const [w6, w9] = [xs[4] ?? 0, xs[5] ?? 0]; // the 5th and 6th dots: W6 and W9
    expect(countColor(image, LINE, Math.ceil(w6 + 5), Math.floor(w9 - 5))).toBe(0);
    expect(countColor(image, LINE)).toBeGreaterThan(500);
    // The control: with W7 and W8 filled in, the line crosses that stretch.
    const filled = npsTrend();
    filled.points[6] = { label: 'W7', value: 45 };
    filled.points[7] = { label: 'W8', value: 50 };
    const joined = renderLineChartPixels(filled, { fonts: noFonts });
    expect(countColor(joined, LINE, Math.ceil(w6 + 5), Math.floor(w9 - 5))).toBeGreaterThan(20);
  });

  it('places higher values higher, within −100…100', () => {
    const ys = circles(lineChartSvg(npsTrend(), latinOnly)).map(([, y]) => y ?? 0);
    // Values 12, 20, 35, 41, 38, 55, 60, -48, 70, 72: 20 above 12, -48 the lowest, 72 the highest.
    expect(ys[1]).toBeLessThan(ys[0] ?? 0);
    expect(Math.max(...ys)).toBe(ys[7]);
    expect(Math.min(...ys)).toBe(ys[9]);
    // Out-of-range values are drawn at the edge rather than outside the plot.
    const clamped = circles(lineChartSvg(npsTrend({ min: 0, max: 50 }), latinOnly)).map(([, y]) => y ?? 0);
    expect(clamped[9]).toBe(clamped[8]); // 70 and 72 both at the top
  });

  it.skipIf(!hasDejaVu)('labels the y axis ends (and 0) and the value at each point', () => {
    const texts = svgTexts(lineChartSvg(npsTrend(), latinOnly)).map((t) => t.text);
    for (const s of ['-100', '100', '0']) expect(texts).toContain(s);
    for (const v of [12, 20, 35, 41, 38, 55, 60, -48, 70, 72]) expect(texts).toContain(String(v));
    for (const w of ['W1', 'W7', 'W13']) expect(texts).toContain(w);
    const pct = svgTexts(
      lineChartSvg({ points: [{ label: 'Jan', value: 88.25 }, { label: 'Feb', value: 91 }], valueSuffix: '%' }, latinOnly),
    ).map((t) => t.text);
    expect(pct).toContain('88.3%');
    expect(pct).toContain('91%');
  });

  it('draws a dashed target line in its own colour, with its label', () => {
    const withTarget = renderLineChartPixels(npsTrend({ target: { value: 50, label: 'target 50' } }), { fonts: noFonts });
    const without = renderLineChartPixels(npsTrend(), { fonts: noFonts });
    expect(countColor(without, TARGET_COLOR)).toBe(0);
    // 2 px high, dashed 6 on 4 off across ~560 px: several hundred pixels, less than a solid line.
    const target = countColor(withTarget, TARGET_COLOR);
    expect(target).toBeGreaterThan(400);
    expect(target).toBeLessThan(2 * 640);
    const svg = lineChartSvg(npsTrend({ target: { value: 90, label: 'target 90%' } }), latinOnly);
    expect(svg).toContain('stroke-dasharray');
    expect(svgTexts(svg).find((t) => t.text === 'target 90%')?.fill).toBe(TARGET_COLOR);
  });

  it('fits its range to the values and target when no min/max is given', () => {
    const spec: LineChartSpec = {
      points: [88, 91, 93.5, null, 87, 95].map((value, i) => ({ label: `M${i + 1}`, value })),
      valueSuffix: '%',
      target: { value: 97, label: 'target 97%' },
    };
    const texts = svgTexts(lineChartSvg(spec, latinOnly));
    const axis = texts.filter((t) => t.fill === '#666666').map((t) => parseFloat(t.text));
    expect(axis).toHaveLength(2);
    expect(Math.min(...axis)).toBeLessThanOrEqual(87);
    expect(Math.min(...axis)).toBeGreaterThan(50); // fitted, not from 0
    expect(Math.max(...axis)).toBeGreaterThanOrEqual(97);
    pngSize(renderLineChart(spec, { fonts: latinOnly }));
    // Positive data gets no negative axis; degenerate series do not throw.
    const low = svgTexts(lineChartSvg({ points: [{ label: 'a', value: 0 }, { label: 'b', value: 1 }] }, latinOnly));
    expect(low.some((t) => t.text.startsWith('-'))).toBe(false);
    for (const points of [[], [{ label: 'a', value: null }], [{ label: 'a', value: 5 }, { label: 'b', value: 5 }]]) {
      pngSize(renderLineChart({ points }, { fonts: latinOnly }));
      pngSize(renderLineChart({ points, min: 10, max: 10, target: { value: Number.NaN, label: 'x' } }, { fonts: latinOnly }));
    }
  });

  it.skipIf(!hasDejaVu)('thins out point labels that cannot all fit, never overlapping them', () => {
    const points = Array.from({ length: 13 }, (_, i) => ({ label: `2024-${String(i + 1).padStart(2, '0')}-01`, value: i }));
    const spec: LineChartSpec = { points, width: 360, height: 240 };
    const labels = svgTexts(lineChartSvg(spec, latinOnly)).filter((t) => t.text.startsWith('2024'));
    expect(labels.length).toBeGreaterThan(1);
    expect(labels.length).toBeLessThan(13);
    expect(labels[0]?.text).toBe('2024-01-01');
    const spans = labels.map((l) => [l.x - textWidth(l.text, l.size) / 2, l.x + textWidth(l.text, l.size) / 2]);
    spans.slice(1).forEach(([start], i) => expect(start).toBeGreaterThanOrEqual(spans[i]?.[1] ?? 0));
    pngSize(renderLineChart(spec, { fonts: latinOnly }));
  });

  it.skipIf(!hasDejaVu)('without a CJK font, drops CJK text instead of drawing tofu', () => {
    const spec = npsTrend({
      title: '每周 NPS',
      points: [{ label: '第一周', value: 10 }, { label: 'W2 (第二周)', value: 20 }],
      target: { value: 30, label: '目标 30' },
      valueSuffix: '分',
    });
    const svg = lineChartSvg(spec, latinOnly);
    expect(hasCjkText(svg)).toBe(false);
    const texts = svgTexts(svg).map((t) => t.text);
    expect(texts).toEqual(expect.arrayContaining(['W2', '10', '20']));
    expect(texts).not.toContain('NPS'); // a title is left out whole, not cut to its Latin part
    pngSize(renderLineChart(spec, { fonts: latinOnly }));
  });

  it('without any font, still draws the line and target, and no text', () => {
    const spec = npsTrend({ target: { value: 50, label: 'target' }, color: undefined });
    expect(lineChartSvg(spec, noFonts)).not.toContain('<text');
    const image = renderLineChartPixels(spec, { fonts: noFonts });
    expect(countColor(image, CHART_COLORS.default)).toBeGreaterThan(0);
    expect(countColor(image, TARGET_COLOR)).toBeGreaterThan(0);
  });

  it.skipIf(!hasCjk)('draws Chinese labels with the CJK font found on this machine', () => {
    const trend = (labels: string[]): LineChartSpec => ({
      title: '每周满意度',
      points: labels.map((label, i) => ({ label, value: 80 + i })),
      target: { value: 90, label: '目标 90%' },
    });
    const texts = svgTexts(lineChartSvg(trend(['第一周', '第二周', '第三周']), cjkFonts)).map((t) => t.text);
    for (const s of ['每周满意度', '第一周', '第三周', '目标 90%']) expect(texts).toContain(s);
    const a = renderLineChart(trend(['第一周', '第二周', '第三周']), { fonts: cjkFonts });
    const b = renderLineChart(trend(['第三周', '第一周', '第二周']), { fonts: cjkFonts });
    pngSize(a);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
