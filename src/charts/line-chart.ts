// Trend charts: one series of points (NPS by week, CSAT by month) joined by a line, null points
// leaving gaps, with an optional dashed target line. Same rendering rules as bar-chart.ts.
import type { ChartFonts } from './fonts.js';
import {
  AXIS,
  INK,
  MUTED,
  PAD,
  canvasSvg,
  color,
  createCanvas,
  drawHeader,
  fitLabel,
  fitNumber,
  fitSize,
  formatValue,
  renderPixels,
  renderPng,
  round,
  textWidth,
  type ChartPixels,
  type RenderOptions,
} from './svg.js';

export interface LinePoint {
  label: string;
  /** null: no data for this point; the line has a gap there. */
  value: number | null;
}

export interface LineChartSpec {
  title?: string;
  subtitle?: string;
  points: LinePoint[];
  /** The y axis range, e.g. −100…100 for NPS; by default it is fitted to the values and target. */
  min?: number;
  max?: number;
  /** Appended to each printed value, e.g. "%". */
  valueSuffix?: string;
  /** A dashed horizontal line, e.g. { value: 90, label: 'target 90%' }. */
  target?: { value: number; label: string };
  /** CSS pixels; the PNG is width×scale by height×scale. */
  width?: number;
  height?: number;
  /** The line's colour; defaults to CHART_COLORS.default. */
  color?: string;
}

/** The colour of the dashed target line and its label. */
export const TARGET_COLOR = '#e15759';
const GRID = '#e6e6e6';

/** The chart as a PNG. Same spec and fonts, same bytes. */
export function renderLineChart(spec: LineChartSpec, options: RenderOptions = {}): Uint8Array {
  return renderPng(lineChartSvg, spec, options);
}

/** Raw RGBA pixels (row-major, 4 bytes each): lets tests look at what was drawn. */
export function renderLineChartPixels(spec: LineChartSpec, options: RenderOptions = {}): ChartPixels {
  return renderPixels(lineChartSvg, spec, options);
}

type Box = { x0: number; x1: number; y0: number; y1: number };
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Whether a run of points (its dots, or the line between them) passes through the box. */
function crosses(run: Array<[number, number]>, box: Box): boolean {
  const near = (x: number, y: number) => x >= box.x0 - 4 && x <= box.x1 + 4 && y >= box.y0 - 4 && y <= box.y1 + 4;
  return run.some(([x, y], i) => {
    const [px, py] = run[i - 1] ?? [x, y];
    // Sampled every few pixels: plenty for deciding where a label goes.
    const steps = Math.max(1, Math.ceil(Math.hypot(x - px, y - py) / 3));
    for (let k = 0; k <= steps; k++) if (near(px + ((x - px) * k) / steps, py + ((y - py) * k) / steps)) return true;
    return false;
  });
}

/** The SVG source of the chart; text the fonts cannot draw is already left out. */
export function lineChartSvg(spec: LineChartSpec, fonts: ChartFonts): string {
  const canvas = createCanvas(fonts, spec.width, spec.height);
  const { out, text, shown, width, height } = canvas;
  const suffix = spec.valueSuffix ?? '';
  const printed = (v: number) => shown(formatValue(v) + suffix);
  const values = spec.points.map((p) => (typeof p.value === 'number' && Number.isFinite(p.value) ? p.value : null));
  const target = spec.target && Number.isFinite(spec.target.value) ? spec.target : undefined;
  const [lo, hi] = yRange(values, target?.value, spec.min, spec.max);
  const top = drawHeader(canvas, { title: spec.title, subtitle: spec.subtitle });

  // The y axis: min and max (and 0 when in between) on the left, with light grid lines.
  const axisLabels = [lo, hi, ...(lo < 0 && hi > 0 ? [0] : [])].map((v) => ({ v, s: printed(v) }));
  const axisWidth = Math.max(0, ...axisLabels.map((l) => textWidth(l.s, 11)));
  const plotLeft = Math.round(PAD + (axisWidth > 0 ? axisWidth + 8 : 0));
  const plotRight = width - PAD;
  const plotTop = Math.round(top + 22);
  const plotBottom = Math.max(height - PAD - 22, plotTop + 10);
  const yOf = (v: number) => plotBottom - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (plotBottom - plotTop);
  for (const { v, s } of axisLabels) {
    const gy = Math.round(yOf(v));
    const fill = v === lo ? AXIS : v === 0 ? '#cccccc' : GRID;
    out.push(`<rect x="${plotLeft}" y="${gy}" width="${plotRight - plotLeft}" height="1" fill="${fill}"/>`);
    out.push(text(plotLeft - 6, gy + 4, s, 11, { fill: MUTED, anchor: 'end' }));
  }

  const n = values.length;
  const slot = (plotRight - plotLeft) / Math.max(n, 1);
  const xOf = (i: number) => plotLeft + slot * (i + 0.5);

  // Values above their points, when they fit their slot whole; their boxes keep the target
  // label clear of them. Labels go on top of the lines, outlined in white.
  const labelBoxes: Box[] = [];
  const overlay: string[] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    const label = fitNumber(printed(v), 11, slot - 2);
    if (!label.text) return;
    const [x, y] = [xOf(i), yOf(v) - 7];
    const w = textWidth(label.text, label.size);
    labelBoxes.push({ x0: x - w / 2, x1: x + w / 2, y0: y - label.size, y1: y + 2 });
    overlay.push(text(x, y, label.text, label.size, { fill: INK, anchor: 'middle', halo: true }));
  });

  // The series' geometry: runs of consecutive values (null points are gaps).
  const runs: Array<Array<[number, number]>> = [[]];
  values.forEach((v, i) => {
    if (v === null) runs.push([]);
    else runs[runs.length - 1]?.push([round(xOf(i)), round(yOf(v))]);
  });

  // The target: dashed, under the series line; its label at an end where it hides nothing.
  if (target) {
    const ty = Math.round(yOf(target.value));
    out.push(
      `<line x1="${plotLeft}" y1="${ty}" x2="${plotRight}" y2="${ty}" stroke="${TARGET_COLOR}"` +
        ` stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    const label = fitLabel(shown(target.label), 11, (plotRight - plotLeft) / 2);
    if (label.text) {
      const w = textWidth(label.text, label.size);
      const spots = [
        { x: plotRight, y: ty - 5, anchor: 'end' as const },
        { x: plotRight, y: ty + 5 + label.size, anchor: 'end' as const },
        { x: plotLeft + 4, y: ty - 5, anchor: 'start' as const },
        { x: plotLeft + 4, y: ty + 5 + label.size, anchor: 'start' as const },
      ].filter((s) => s.y - label.size >= top && s.y <= height);
      const hits = (s: { x: number; y: number; anchor: 'start' | 'end' }) => {
        const x0 = s.anchor === 'end' ? s.x - w : s.x;
        const box = { x0, x1: x0 + w, y0: s.y - label.size, y1: s.y + 2 };
        return labelBoxes.filter((b) => overlaps(b, box)).length + runs.filter((r) => crosses(r, box)).length;
      };
      // The first spot that hides nothing, else the one that hides least.
      let spot: (typeof spots)[number] | undefined;
      let least = Infinity;
      for (const s of spots) {
        const n = hits(s);
        if (n < least) [spot, least] = [s, n];
        if (n === 0) break;
      }
      if (spot) {
        const style = { fill: TARGET_COLOR, anchor: spot.anchor, halo: true };
        overlay.push(text(spot.x, spot.y, label.text, label.size, style));
      }
    }
  }

  // The series: a polyline per run, a dot at each value so that a point between gaps still shows.
  const stroke = color(spec.color);
  for (const run of runs.filter((r) => r.length > 1)) {
    out.push(
      `<polyline points="${run.map(([x, y]) => `${x},${y}`).join(' ')}" fill="none" stroke="${stroke}"` +
        ` stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
  }
  for (const [x, y] of runs.flat()) out.push(`<circle cx="${x}" cy="${y}" r="3.5" fill="${stroke}"/>`);
  out.push(...overlay);

  // Point labels below the plot: shrunk to fit their slot, or only every k-th one when even the
  // smallest size would not fit (weeks and dates are sequential, so skipping some stays readable).
  const labels = spec.points.map((p) => shown(p.label));
  const widest = labels.reduce((a, b) => (textWidth(b, 9) > textWidth(a, 9) ? b : a), '');
  const size = fitSize(widest, 11, slot - 4);
  const every = Math.max(1, Math.min(n, Math.ceil((textWidth(widest, size) + 4) / slot)));
  labels.forEach((s, i) => {
    if (i % every !== 0) return;
    const label = fitLabel(s, size, slot * every - 4);
    out.push(text(xOf(i), plotBottom + 6 + label.size, label.text, label.size, { fill: INK, anchor: 'middle' }));
  });
  return canvasSvg(canvas);
}

/** The y range: the given bounds, or one fitted to the values and target with round ends. */
function yRange(
  values: Array<number | null>,
  target: number | undefined,
  min: number | undefined,
  max: number | undefined,
): [number, number] {
  const data = [...values.filter((v): v is number => v !== null), ...(target === undefined ? [] : [target])];
  const given = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : undefined);
  let lo = given(min);
  let hi = given(max);
  if (lo === undefined || hi === undefined) {
    const dataLo = data.length ? Math.min(...data) : 0;
    const dataHi = data.length ? Math.max(...data) : 1;
    const span = dataHi - dataLo || Math.max(1, Math.abs(dataHi));
    const step = niceStep(span / 4);
    // Values print with one decimal: so do computed ends, rounded outward (free of float noise).
    if (lo === undefined) {
      lo = Math.floor(Math.floor((dataLo - span * 0.1) / step) * step * 10 + 1e-9) / 10;
      if (dataLo >= 0 && lo < 0) lo = 0; // non-negative data gets no negative axis
    }
    hi ??= Math.ceil(Math.ceil((dataHi + span * 0.1) / step) * step * 10 - 1e-9) / 10;
  }
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) hi = lo + 1;
  return [lo, hi];
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
}
