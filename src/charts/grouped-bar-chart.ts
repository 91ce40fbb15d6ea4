// Grouped (or stacked) bar charts: categories along the x axis (tiers, reps), one bar per series
// within each (last week / this week, moved up / moved down), a legend from the series names.
// Same rendering rules as bar-chart.ts: fonts from fonts.ts, CJK text dropped when no font can
// draw it, same spec and fonts give the same bytes.
import type { ChartFonts } from './fonts.js';
import {
  AXIS,
  INK,
  PAD,
  canvasSvg,
  color,
  createCanvas,
  drawHeader,
  fitLabel,
  fitNumber,
  formatValue,
  inkOn,
  positive,
  renderPixels,
  renderPng,
  type ChartPixels,
  type RenderOptions,
} from './svg.js';

export interface GroupedBarSeries {
  name: string;
  /** CSS colour (#rgb, #rrggbb, a name, rgb()); anything else falls back to the default. */
  color: string;
  /** One value per category, in the categories' order; missing, negative or NaN values are 0. */
  values: number[];
}

export interface GroupedBarChartSpec {
  title?: string;
  subtitle?: string;
  categories: string[];
  series: GroupedBarSeries[];
  /** Appended to each printed value, e.g. "%". */
  valueSuffix?: string;
  /** CSS pixels; the PNG is width×scale by height×scale. */
  width?: number;
  height?: number;
  /** One bar per category with the series stacked bottom-up in order; the total is printed above. */
  stacked?: boolean;
}

/** The chart as a PNG. Same spec and fonts, same bytes. */
export function renderGroupedBarChart(spec: GroupedBarChartSpec, options: RenderOptions = {}): Uint8Array {
  return renderPng(groupedBarChartSvg, spec, options);
}

/** Raw RGBA pixels (row-major, 4 bytes each): lets tests look at what was drawn. */
export function renderGroupedBarChartPixels(spec: GroupedBarChartSpec, options: RenderOptions = {}): ChartPixels {
  return renderPixels(groupedBarChartSvg, spec, options);
}

/** The SVG source of the chart; text the fonts cannot draw is already left out. */
export function groupedBarChartSvg(spec: GroupedBarChartSpec, fonts: ChartFonts): string {
  const canvas = createCanvas(fonts, spec.width, spec.height);
  const { out, text, shown, inner, height } = canvas;
  const series = spec.series.map((s) => ({
    fill: color(s.color),
    values: spec.categories.map((_, i) => positive(s.values[i])),
  }));
  const y = drawHeader(canvas, {
    title: spec.title,
    subtitle: spec.subtitle,
    legend: spec.series.map((s) => ({ label: s.name, color: s.color })),
  });
  const printed = (v: number) => shown(formatValue(v) + (spec.valueSuffix ?? ''));

  const plotTop = y + 20;
  const baseline = Math.max(height - PAD - 22, plotTop + 10);
  const plotHeight = baseline - plotTop;
  const n = spec.categories.length;
  const slot = inner / Math.max(n, 1);
  const totals = spec.categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(0, ...(spec.stacked ? totals : series.flatMap((s) => s.values)));
  // A positive value never looks like zero: at least 2 px (1 px for a stacked segment).
  const scaled = (v: number) => (v > 0 ? Math.max(2, Math.round((v / max) * plotHeight)) : 0);

  spec.categories.forEach((category, i) => {
    const cx = PAD + slot * (i + 0.5);
    if (spec.stacked) {
      const barWidth = Math.max(1, Math.round(Math.min(slot * 0.6, 72)));
      const left = Math.round(cx - barWidth / 2);
      let top = 0; // px above the baseline reached so far
      let sum = 0;
      for (const s of series) {
        const v = s.values[i] ?? 0;
        if (v <= 0) continue;
        sum += v;
        // Cumulative rounding: the stack's height is the total's, whatever the segments' rounding.
        const next = Math.max(top + 1, Math.round((sum / max) * plotHeight));
        const h = next - top;
        out.push(`<rect x="${left}" y="${baseline - next}" width="${barWidth}" height="${h}" fill="${s.fill}"/>`);
        const inside = fitNumber(printed(v), 11, barWidth - 4);
        if (inside.text && h >= inside.size + 4) {
          const ty = baseline - top - h / 2 + inside.size * 0.35;
          out.push(text(cx, ty, inside.text, inside.size, { fill: inkOn(s.fill), anchor: 'middle' }));
        }
        top = next;
      }
      const total = fitNumber(printed(totals[i] ?? 0), 12, slot - 2);
      out.push(text(cx, baseline - top - 5, total.text, total.size, { fill: INK, anchor: 'middle' }));
    } else if (series.length > 0) {
      const barSlot = Math.min((slot * 0.85) / series.length, 56);
      const gap = barSlot >= 8 ? Math.max(2, Math.round(barSlot * 0.12)) : 0;
      const barWidth = Math.max(1, Math.round(barSlot - gap));
      const groupLeft = cx - (barSlot * series.length) / 2;
      series.forEach((s, j) => {
        const v = s.values[i] ?? 0;
        const h = scaled(v);
        const left = Math.round(groupLeft + j * barSlot + gap / 2);
        if (h > 0) {
          out.push(`<rect x="${left}" y="${baseline - h}" width="${barWidth}" height="${h}" fill="${s.fill}"/>`);
        }
        // Neighbouring values must not run into each other: shrink, or leave the value out.
        const value = fitNumber(printed(v), 11, barSlot - 1);
        out.push(text(left + barWidth / 2, baseline - h - 5, value.text, value.size, { fill: INK, anchor: 'middle' }));
      });
    }
    const label = fitLabel(shown(category), 12, slot - 4);
    out.push(text(cx, baseline + 6 + label.size, label.text, label.size, { fill: INK, anchor: 'middle' }));
  });
  out.push(`<rect x="${PAD}" y="${baseline}" width="${inner}" height="1" fill="${AXIS}"/>`);
  return canvasSvg(canvas);
}
