// Server-side bar charts: a neutral description becomes an SVG string, which resvg turns into a
// PNG. No browser, no network, no fontconfig: fonts come from charts/fonts.ts. A chart always
// accompanies a text message saying the same thing, so when a font is missing the chart degrades
// (CJK text dropped, or no text at all) instead of failing or drawing tofu boxes.
// Shared drawing code lives in svg.ts; grouped/stacked bars in grouped-bar-chart.ts, trends in
// line-chart.ts.
import type { ChartFonts } from './fonts.js';
import {
  AXIS,
  INK,
  PAD,
  canvasSvg,
  color,
  createCanvas,
  drawHeader,
  fit,
  fitSize,
  formatValue,
  positive,
  renderPixels,
  renderPng,
  type ChartPixels,
  type RenderOptions,
} from './svg.js';

export { CHART_COLORS, escapeXml, type ChartPixels, type RenderOptions } from './svg.js';

export interface Bar {
  label: string;
  value: number;
  /** CSS colour (#rgb, #rrggbb, a name, rgb()); anything else falls back to the default. */
  color?: string;
}

export interface BarChartSpec {
  title?: string;
  subtitle?: string;
  bars: Bar[];
  /** Appended to each printed value, e.g. "%". */
  valueSuffix?: string;
  /** CSS pixels; the PNG is width×scale by height×scale. */
  width?: number;
  height?: number;
  legend?: Array<{ label: string; color: string }>;
}

/** The chart as a PNG. Same spec and fonts, same bytes. */
export function renderBarChart(spec: BarChartSpec, options: RenderOptions = {}): Uint8Array {
  return renderPng(barChartSvg, spec, options);
}

/** Raw RGBA pixels (row-major, 4 bytes each): lets tests look at what was drawn. */
export function renderBarChartPixels(spec: BarChartSpec, options: RenderOptions = {}): ChartPixels {
  return renderPixels(barChartSvg, spec, options);
}

/** The SVG source of the chart; text the fonts cannot draw is already left out. */
export function barChartSvg(spec: BarChartSpec, fonts: ChartFonts): string {
  const canvas = createCanvas(fonts, spec.width, spec.height);
  const { out, text, shown, inner, height } = canvas;
  const y = drawHeader(canvas, spec);

  // Plot: bars scaled to the largest value; values above, labels below the baseline.
  const plotTop = y + 20;
  const baseline = Math.max(height - PAD - 22, plotTop + 10);
  const plotHeight = baseline - plotTop;
  const n = spec.bars.length;
  const slot = inner / Math.max(n, 1);
  const barWidth = Math.max(1, Math.round(Math.min(slot * 0.7, 72)));
  const max = Math.max(0, ...spec.bars.map((b) => positive(b.value)));
  spec.bars.forEach((bar, i) => {
    const value = positive(bar.value);
    const cx = PAD + slot * (i + 0.5);
    // A positive value never looks like zero: at least 2 px. Zero leaves an empty slot.
    const h = value > 0 ? Math.max(2, Math.round((value / max) * plotHeight)) : 0;
    const left = Math.round(cx - barWidth / 2);
    if (h > 0) {
      const fill = color(bar.color);
      out.push(`<rect x="${left}" y="${baseline - h}" width="${barWidth}" height="${h}" fill="${fill}"/>`);
    }
    const printed = shown(formatValue(bar.value) + (spec.valueSuffix ?? ''));
    const valueSize = fitSize(printed, 12, slot - 2);
    out.push(text(cx, baseline - h - 5, printed, valueSize, { fill: INK, anchor: 'middle' }));
    const label = shown(bar.label);
    const size = fitSize(label, 12, slot - 4);
    out.push(text(cx, baseline + 6 + size, fit(label, size, slot - 4), size, { fill: INK, anchor: 'middle' }));
  });
  out.push(`<rect x="${PAD}" y="${baseline}" width="${inner}" height="1" fill="${AXIS}"/>`);
  return canvasSvg(canvas);
}
