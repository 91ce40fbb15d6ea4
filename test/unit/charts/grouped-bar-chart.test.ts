import { describe, expect, it } from 'vitest';
import {
  groupedBarChartSvg,
  renderGroupedBarChart,
  renderGroupedBarChartPixels,
  type GroupedBarChartSpec,
} from '../../../src/charts/grouped-bar-chart.js';
import { hasCjkText } from '../../../src/charts/fonts.js';
import { PAD, textWidth } from '../../../src/charts/svg.js';
import {
  cjkFonts,
  countColor,
  hasCjk,
  hasDejaVu,
  latinOnly,
  noFonts,
  pngSize,
  svgTexts,
  type Image,
} from './chart-helpers.js';

const LAST = '#9ecae9';
const THIS = '#4e79a7';
const UP = '#5cb85c';
const DOWN = '#d9534f';

function weeks(last: number[], current: number[], extra: Partial<GroupedBarChartSpec> = {}): GroupedBarChartSpec {
  return {
    title: 'Customers by tier',
    subtitle: 'last week vs this week',
    categories: ['Core', 'Potential', 'General'],
    series: [
      { name: 'Last week', color: LAST, values: last },
      { name: 'This week', color: THIS, values: current },
    ],
    ...extra,
  };
}

/** Pixels of either colour in one pixel column: a stacked bar's height there. */
function columnHeight(image: Image, x: number, colors: string[]): number {
  return colors.reduce((sum, c) => sum + countColor(image, c, x, x + 1), 0);
}

describe('renderGroupedBarChart', () => {
  it('produces a PNG of the requested size, times the scale', () => {
    const spec = weeks([12, 30, 7], [15, 26, 9], { width: 500, height: 300 });
    expect(pngSize(renderGroupedBarChart(spec, { fonts: latinOnly }))).toEqual({ width: 500, height: 300 });
    expect(pngSize(renderGroupedBarChart(spec, { fonts: latinOnly, scale: 2 }))).toEqual({ width: 1000, height: 600 });
    expect(pngSize(renderGroupedBarChart({ ...spec, stacked: true }))).toEqual({ width: 500, height: 300 });
    expect(pngSize(renderGroupedBarChart(weeks([1], [2])))).toEqual({ width: 640, height: 360 });
  });

  it('is deterministic: the same spec gives the same bytes, other values other bytes', () => {
    const spec = weeks([12, 30, 7], [15, 26, 9]);
    const a = renderGroupedBarChart(spec, { fonts: latinOnly });
    const b = renderGroupedBarChart(structuredClone(spec), { fonts: latinOnly });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = renderGroupedBarChart(weeks([12, 30, 7], [15, 26, 10]), { fonts: latinOnly });
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });

  it('draws every series in its colour, the one with bigger values over more pixels', () => {
    const image = renderGroupedBarChartPixels(weeks([10, 20, 30], [5, 10, 15]), { fonts: noFonts });
    const last = countColor(image, LAST);
    const current = countColor(image, THIS);
    expect(current).toBeGreaterThan(100);
    // Twice the values, twice the area (up to whole-pixel rounding).
    expect(last / current).toBeGreaterThan(1.9);
    expect(last / current).toBeLessThan(2.1);
    // Bars of one category stand side by side, inside its slot: "Last week" left of "This week".
    const slot = (640 - 2 * PAD) / 3;
    const left = countColor(image, LAST, PAD, Math.round(PAD + slot / 2));
    expect(left).toBe(countColor(image, LAST, PAD, Math.round(PAD + slot)));
    expect(countColor(image, THIS, PAD, Math.round(PAD + slot / 2))).toBe(0);
  });

  it('prints each value above its bar and names the series in a legend', () => {
    const texts = svgTexts(groupedBarChartSvg(weeks([12, 30, 7], [15, 26, 9], { valueSuffix: '%' }), latinOnly));
    const shown = texts.map((t) => t.text);
    for (const v of ['12%', '30%', '7%', '15%', '26%', '9%']) expect(shown).toContain(v);
    for (const s of ['Last week', 'This week', 'Core', 'Potential', 'General']) expect(shown).toContain(s);
  });

  it('stacks the series with the total above and the segment values inside when they fit', () => {
    const spec: GroupedBarChartSpec = {
      categories: ['Core', 'Potential', 'General'],
      series: [
        { name: 'moved up', color: UP, values: [6, 30, 1] },
        { name: 'moved down', color: DOWN, values: [4, 10, 0] },
      ],
      stacked: true,
    };
    const texts = svgTexts(groupedBarChartSvg(spec, latinOnly));
    const shown = texts.map((t) => t.text);
    for (const total of ['10', '40', '1']) expect(shown).toContain(total);
    // Inside: white on the green and red segments.
    expect(texts.filter((t) => t.fill === '#ffffff').map((t) => t.text).sort()).toEqual(['10', '30', '4', '6']);
    // A 1-high segment in a 40-high plot is too thin for its value: only the total "1" shows.
    expect(shown.filter((s) => s === '1')).toHaveLength(1);

    const image = renderGroupedBarChartPixels(spec, { fonts: noFonts });
    expect(countColor(image, UP)).toBeGreaterThan(countColor(image, DOWN));
    // One bar per category, its height the total's: 10 of 40 is a quarter of the tallest.
    const slot = (640 - 2 * PAD) / 3;
    const at = (i: number) => Math.round(PAD + slot * (i + 0.5)) - 10;
    const tallest = columnHeight(image, at(1), [UP, DOWN]);
    expect(tallest).toBeGreaterThan(150);
    expect(Math.abs(columnHeight(image, at(0), [UP, DOWN]) - tallest / 4)).toBeLessThanOrEqual(1);
    expect(columnHeight(image, at(0), [DOWN]) / columnHeight(image, at(0), [UP])).toBeCloseTo(2 / 3, 1);
  });

  it('treats zero, negative and missing values as 0: no bar, "0" printed', () => {
    const spec = weeks([0, -5, Number.NaN], [4, 2], { valueSuffix: '%' });
    // No fonts, so no legend swatches: only bars have the series' colours.
    const image = renderGroupedBarChartPixels(spec, { fonts: noFonts });
    expect(countColor(image, LAST)).toBe(0);
    expect(countColor(image, THIS)).toBeGreaterThan(0);
    const shown = svgTexts(groupedBarChartSvg(spec, latinOnly)).map((t) => t.text);
    expect(shown.filter((s) => s === '0%')).toHaveLength(4); // three "last week", the missing "this week"
    expect(shown.some((s) => s.includes('-'))).toBe(false);
    // All zeros, grouped or stacked: nothing to scale to, and no crash.
    for (const stacked of [false, true]) {
      const zeros = renderGroupedBarChartPixels(weeks([0, 0, 0], [0, -1, 0], { stacked }), { fonts: noFonts });
      expect(countColor(zeros, LAST) + countColor(zeros, THIS)).toBe(0);
      expect(svgTexts(groupedBarChartSvg(weeks([0, 0, 0], [0, 0, 0], { stacked }), latinOnly)).map((t) => t.text)).toContain('0');
    }
  });

  it('renders without categories or series', () => {
    pngSize(renderGroupedBarChart({ categories: [], series: [] }, { fonts: latinOnly }));
    pngSize(renderGroupedBarChart({ categories: ['A', 'B'], series: [] }, { fonts: latinOnly }));
    pngSize(renderGroupedBarChart({ categories: [], series: [{ name: 'x', color: UP, values: [1] }], stacked: true }));
  });

  const reps = [
    '欧阳娜娜（华东区大客户经理）',
    'Alexandra Konstantinopoulou',
    '李雷',
    'Bob',
    'Christopher Montgomery-Smith',
    '韩梅梅 Han Meimei',
    'Zoë',
    '司马相如司马相如司马相如司马相如',
    'Jean-Baptiste Poquelin',
    'WWWWWWWWWWWWWWWWWWWW',
  ];
  const repSpec = (width: number): GroupedBarChartSpec => ({
    title: 'Customers moved by rep',
    categories: reps,
    series: [
      { name: 'moved up', color: UP, values: reps.map((_, i) => i * 3) },
      { name: 'moved down', color: DOWN, values: reps.map((_, i) => 100 - i * 7) },
    ],
    width,
  });

  for (const [name, fonts] of [
    ['Latin fonts', latinOnly],
    ['CJK fonts', cjkFonts],
  ] as const) {
    it.skipIf(!hasDejaVu)(`fits long rep names into their slots (${name})`, () => {
      for (const width of [640, 300]) {
        const spec = repSpec(width);
        expect(pngSize(renderGroupedBarChart(spec, { fonts }))).toEqual({ width, height: 360 });
        const svg = groupedBarChartSvg(spec, fonts);
        const slot = (width - 2 * PAD) / reps.length;
        const baseline = 360 - PAD - 22;
        const labels = svgTexts(svg).filter((t) => t.y > baseline);
        expect(labels.length).toBeGreaterThan(0);
        for (const l of labels) expect(textWidth(l.text, l.size)).toBeLessThanOrEqual(slot - 4);
        // Neighbours never overlap, by the same estimate.
        const spans = labels.map((l) => [l.x - textWidth(l.text, l.size) / 2, l.x + textWidth(l.text, l.size) / 2]);
        spans.slice(1).forEach(([start], i) => expect(start).toBeGreaterThanOrEqual(spans[i]?.[1] ?? 0));
        if (width === 640) {
          expect(labels.map((l) => l.text)).toContain('Bob');
          expect(labels.some((l) => l.text.startsWith('Alexandra') && l.text.endsWith('…'))).toBe(true);
        }
        // Values above bars too: those that do not fit whole are left out, never cut.
        const values = svgTexts(svg).filter((t) => t.y < baseline && /^\d+$/.test(t.text));
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) expect(textWidth(v.text, v.size)).toBeLessThanOrEqual(slot / 2);
      }
    });
  }

  it.skipIf(!hasDejaVu)('without a CJK font, drops CJK text instead of drawing tofu', () => {
    const spec: GroupedBarChartSpec = {
      title: '客户分层',
      categories: ['核心 (Core)', '潜力', '一般'],
      series: [
        { name: '上周', color: LAST, values: [12, 30, 7] },
        { name: 'This week 本周', color: THIS, values: [15, 26, 9] },
      ],
      valueSuffix: '家',
    };
    const svg = groupedBarChartSvg(spec, latinOnly);
    expect(hasCjkText(svg)).toBe(false);
    const shown = svgTexts(svg).map((t) => t.text);
    expect(shown).toContain('Core');
    expect(shown).toContain('This week');
    expect(shown).toContain('30');
    const image = renderGroupedBarChartPixels(spec, { fonts: latinOnly });
    expect(countColor(image, LAST)).toBeGreaterThan(0);
    expect(countColor(image, THIS)).toBeGreaterThan(0);
  });

  it('without any font, still draws the bars and no text', () => {
    const spec = weeks([12, 30, 7], [15, 26, 9]);
    expect(groupedBarChartSvg(spec, noFonts)).not.toContain('<text');
    const image = renderGroupedBarChartPixels(spec, { fonts: noFonts });
    for (const c of [LAST, THIS]) expect(countColor(image, c)).toBeGreaterThan(0);
  });

  it.skipIf(!hasDejaVu)('escapes XML special characters and rejects bad colours', () => {
    const nasty = `<b>&"'</b> \u0001`;
    const spec: GroupedBarChartSpec = {
      title: nasty,
      categories: [nasty],
      series: [{ name: nasty, color: '"/><script>', values: [3] }],
      valueSuffix: '<%>',
    };
    const svg = groupedBarChartSvg(spec, latinOnly);
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).toContain('3&lt;%&gt;');
    expect(svg).not.toContain('<script>');
    pngSize(renderGroupedBarChart(spec, { fonts: latinOnly }));
  });

  it.skipIf(!hasCjk)('draws Chinese tiers and series names with the CJK font found on this machine', () => {
    const tiers = (categories: string[]): GroupedBarChartSpec => ({
      title: '客户分层',
      categories,
      series: [
        { name: '上周', color: LAST, values: [12, 30, 7] },
        { name: '本周', color: THIS, values: [15, 26, 9] },
      ],
    });
    const shown = svgTexts(groupedBarChartSvg(tiers(['核心', '潜力', '一般']), cjkFonts)).map((t) => t.text);
    for (const label of ['客户分层', '核心', '潜力', '一般', '上周', '本周']) expect(shown).toContain(label);
    const a = renderGroupedBarChart(tiers(['核心', '潜力', '一般']), { fonts: cjkFonts });
    const b = renderGroupedBarChart(tiers(['一般', '核心', '潜力']), { fonts: cjkFonts });
    pngSize(a);
    // Tofu boxes look alike for any two characters: different pixels mean real glyphs.
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
