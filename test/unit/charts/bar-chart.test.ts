import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  barChartSvg,
  CHART_COLORS,
  renderBarChart,
  renderBarChartPixels,
  type BarChartSpec,
} from '../../../src/charts/bar-chart.js';
import { discoverChartFonts, hasCjkText, loadChartFonts, stripCjk } from '../../../src/charts/fonts.js';

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const hasDejaVu = existsSync(DEJAVU);
// The known Debian CJK fonts, plus whatever CHART_FONT_FILES names (to run the CJK test elsewhere).
const cjkPaths = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  ...(process.env.CHART_FONT_FILES ?? '').split(','),
].filter((p) => p && existsSync(p));
const cjkFonts = loadChartFonts([DEJAVU, ...cjkPaths]);
const hasCjk = cjkFonts.hasCjk;

const latinOnly = loadChartFonts([DEJAVU]);
const noFonts = loadChartFonts([]);

const RED = CHART_COLORS.negative;
const AMBER = CHART_COLORS.neutral;
const GREEN = CHART_COLORS.positive;

function npsSpec(counts: number[]): BarChartSpec {
  return {
    title: 'NPS: how likely are you to recommend us?',
    subtitle: `${counts.reduce((a, b) => a + b, 0)} responses`,
    bars: counts.map((value, score) => ({
      label: String(score),
      value,
      color: score <= 6 ? RED : score <= 8 ? AMBER : GREEN,
    })),
    legend: [
      { label: 'Detractors 0–6', color: RED },
      { label: 'Passives 7–8', color: AMBER },
      { label: 'Promoters 9–10', color: GREEN },
    ],
  };
}

/** Width and height from the IHDR chunk, after checking the PNG signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  expect(view.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

/** Opaque pixels of exactly this #rrggbb colour: bar interiors are drawn without antialiasing. */
function countColor(image: { pixels: Uint8Array }, hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  const p = image.pixels;
  for (let i = 0; i < p.length; i += 4) {
    if (p[i] === r && p[i + 1] === g && p[i + 2] === b && p[i + 3] === 255) n++;
  }
  return n;
}

const twoBars = (red: number, blue = 10): BarChartSpec => ({
  bars: [
    { label: 'A', value: red, color: RED },
    { label: 'B', value: blue, color: CHART_COLORS.default },
  ],
});

describe('renderBarChart', () => {
  it('produces a PNG of the requested size, times the scale', () => {
    const spec = { ...twoBars(3), width: 500, height: 300 };
    expect(pngSize(renderBarChart(spec, { fonts: latinOnly }))).toEqual({ width: 500, height: 300 });
    expect(pngSize(renderBarChart(spec, { fonts: latinOnly, scale: 2 }))).toEqual({ width: 1000, height: 600 });
    expect(pngSize(renderBarChart(spec))).toEqual({ width: 500, height: 300 });
  });

  it('is deterministic: the same spec gives the same bytes', () => {
    const spec = npsSpec([2, 1, 0, 3, 4, 5, 8, 12, 15, 20, 9]);
    const a = renderBarChart(spec, { fonts: latinOnly });
    const b = renderBarChart(structuredClone(spec), { fonts: latinOnly });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('gives different output for different values', () => {
    const a = renderBarChart(twoBars(3), { fonts: latinOnly });
    const b = renderBarChart(twoBars(4), { fonts: latinOnly });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('draws a taller bar for a larger value, scaled to the largest', () => {
    const low = renderBarChartPixels(twoBars(3), { fonts: noFonts });
    const high = renderBarChartPixels(twoBars(8), { fonts: noFonts });
    expect(countColor(low, RED)).toBeGreaterThan(0);
    expect(countColor(high, RED)).toBeGreaterThan(countColor(low, RED) * 2);
    // The largest bar spans the plot in both: same area.
    expect(countColor(high, CHART_COLORS.default)).toBe(countColor(low, CHART_COLORS.default));
    // 3 of 10 is about 30% of the full bar (rounding to whole pixels).
    const ratio = countColor(low, RED) / countColor(low, CHART_COLORS.default);
    expect(ratio).toBeGreaterThan(0.27);
    expect(ratio).toBeLessThan(0.33);
  });

  it('shows a zero as an empty slot with "0" above the baseline', () => {
    const spec = twoBars(0);
    expect(countColor(renderBarChartPixels(spec, { fonts: latinOnly }), RED)).toBe(0);
    expect(barChartSvg(spec, latinOnly)).toMatch(/>0<\/text>/);
    // All zeros: nothing to scale to, and no crash.
    const zeros = renderBarChartPixels(twoBars(0, 0), { fonts: latinOnly });
    expect(countColor(zeros, CHART_COLORS.default)).toBe(0);
  });

  it('renders an 11-bar NPS chart with all three groups', () => {
    const image = renderBarChartPixels(npsSpec([2, 1, 0, 3, 4, 5, 8, 12, 15, 20, 9]));
    expect(image.width).toBe(640);
    for (const color of [RED, AMBER, GREEN]) expect(countColor(image, color)).toBeGreaterThan(100);
  });

  it.skipIf(!hasDejaVu)('escapes XML special characters in every text', () => {
    const nasty = `<b>&"'</b> ]]> <!-- \u0001 \ud800`;
    const spec: BarChartSpec = {
      title: nasty,
      subtitle: nasty,
      valueSuffix: '<%>',
      bars: [{ label: nasty, value: 5, color: '"/><script>' }],
      legend: [{ label: nasty, color: RED }],
    };
    const svg = barChartSvg(spec, latinOnly);
    expect(svg).toContain('&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt; ]]&gt; &lt;!--');
    expect(svg).toContain('5&lt;%&gt;');
    expect(svg).not.toContain('<script>');
    expect(svg).not.toMatch(/[\u0001\ud800]/);
    // The bad colour falls back to the default; the PNG renders.
    const image = renderBarChartPixels(spec, { fonts: latinOnly });
    expect(countColor(image, CHART_COLORS.default)).toBeGreaterThan(0);
  });

  it.skipIf(!hasDejaVu)('without a CJK font, drops CJK text instead of drawing tofu, and does not throw', () => {
    const spec: BarChartSpec = {
      title: '客户分层',
      subtitle: 'Q3 满意度',
      valueSuffix: '家',
      bars: [
        { label: '核心 (Core)', value: 12, color: GREEN },
        { label: '潜力', value: 30, color: AMBER },
      ],
      legend: [{ label: '核心', color: GREEN }],
    };
    const svg = barChartSvg(spec, latinOnly);
    expect(hasCjkText(svg)).toBe(false);
    expect(svg).toContain('>Core</text>');
    expect(svg).toContain('>30</text>');
    expect(svg).not.toContain('Q3'); // a title is left out whole, not cut to its Latin part
    const image = renderBarChartPixels(spec, { fonts: latinOnly });
    expect(countColor(image, GREEN)).toBeGreaterThan(0);
    expect(countColor(image, AMBER)).toBeGreaterThan(0);
    expect(pngSize(renderBarChart(spec, { fonts: latinOnly }))).toEqual({ width: 640, height: 360 });
  });

  it('without any font, still draws the bars and no text', () => {
    const spec = npsSpec([1, 0, 0, 0, 0, 0, 2, 3, 0, 4, 5]);
    expect(barChartSvg(spec, noFonts)).not.toContain('<text');
    const image = renderBarChartPixels(spec, { fonts: noFonts });
    for (const color of [RED, AMBER, GREEN]) expect(countColor(image, color)).toBeGreaterThan(0);
  });

  it.skipIf(!hasCjk)('draws Chinese tier labels 核心/潜力/一般 with the CJK font found on this machine', () => {
    const tiers = (labels: string[]): BarChartSpec => ({
      title: '客户分层',
      bars: labels.map((label, i) => ({ label, value: 10 + i })),
    });
    const svg = barChartSvg(tiers(['核心', '潜力', '一般']), cjkFonts);
    for (const label of ['客户分层', '核心', '潜力', '一般']) expect(svg).toContain(`>${label}</text>`);
    const a = renderBarChart(tiers(['核心', '潜力', '一般']), { fonts: cjkFonts });
    const b = renderBarChart(tiers(['一般', '核心', '潜力']), { fonts: cjkFonts });
    pngSize(a);
    // Tofu boxes look alike for any two characters: different pixels mean real glyphs.
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('chart fonts', () => {
  it.skipIf(!hasDejaVu)('reads family names and CJK coverage from the font files', () => {
    const fonts = loadChartFonts([DEJAVU, '/nonexistent/font.ttf', 'package.json']);
    expect(fonts.files).toEqual([DEJAVU]);
    expect(fonts.families).toEqual(['DejaVu Sans']);
    expect(fonts.hasCjk).toBe(false);
  });

  it.skipIf(!hasCjk)('recognises the machine’s CJK font as covering Chinese', () => {
    expect(cjkFonts.cjkFamilies.length).toBeGreaterThan(0);
    expect(cjkFonts.families[0]).toBe('DejaVu Sans');
  });

  it('lets CHART_FONT_FILES replace the known paths', () => {
    expect(discoverChartFonts({ CHART_FONT_FILES: ` ${DEJAVU} , /nonexistent.ttf` }).files).toEqual(
      hasDejaVu ? [DEJAVU] : [],
    );
    expect(discoverChartFonts({ CHART_FONT_FILES: '/nonexistent.ttf' }).files).toEqual([]);
  });

  it('recognises CJK text and strips it down to the rest', () => {
    for (const s of ['核心', 'カナ', '한글', '，', 'ＡＢＣ', '「x」']) expect(hasCjkText(s)).toBe(true);
    for (const s of ['Core', 'NPS 0–10', 'café', '→ ★']) expect(hasCjkText(s)).toBe(false);
    expect(stripCjk('核心 (Core)')).toBe('Core');
    expect(stripCjk('潜力（Potential）')).toBe('Potential');
    expect(stripCjk('一般 / General')).toBe('General');
    expect(stripCjk('核心')).toBe('');
    expect(stripCjk('Tier A')).toBe('Tier A');
  });
});
