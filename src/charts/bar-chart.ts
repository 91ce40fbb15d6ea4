// Server-side bar charts: a neutral description becomes an SVG string, which resvg turns into a
// PNG. No browser, no network, no fontconfig: fonts come from charts/fonts.ts. A chart always
// accompanies a text message saying the same thing, so when a font is missing the chart degrades
// (CJK text dropped, or no text at all) instead of failing or drawing tofu boxes.
import { Resvg, type RenderedImage } from '@resvg/resvg-js';
import { chartFonts, hasCjkText, stripCjk, type ChartFonts } from './fonts.js';

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

export interface RenderOptions {
  /** Defaults to the machine's fonts (chartFonts()); tests inject a restricted set. */
  fonts?: ChartFonts;
  /** Pixel density: 2 for sharp images on high-DPI screens. */
  scale?: number;
}

/** Colours for score groups: NPS detractors/passives/promoters, CSAT low/mid/high. */
export const CHART_COLORS = {
  negative: '#d9534f',
  neutral: '#f0ad4e',
  positive: '#5cb85c',
  default: '#4e79a7',
} as const;

const PAD = 20;
const INK = '#333333';
const MUTED = '#666666';
const COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\([\d\s.,%]+\))$/;

/** The chart as a PNG. Same spec and fonts, same bytes. */
export function renderBarChart(spec: BarChartSpec, options: RenderOptions = {}): Uint8Array {
  return render(spec, options).asPng();
}

/** Raw RGBA pixels (row-major, 4 bytes each): lets tests look at what was drawn. */
export function renderBarChartPixels(
  spec: BarChartSpec,
  options: RenderOptions = {},
): { width: number; height: number; pixels: Uint8Array } {
  const image = render(spec, options);
  return { width: image.width, height: image.height, pixels: image.pixels };
}

function render(spec: BarChartSpec, options: RenderOptions): RenderedImage {
  const fonts = options.fonts ?? chartFonts();
  const scale = clamp(options.scale ?? 1, 1, 4);
  const labels = [...spec.bars, ...(spec.legend ?? [])].map((b) => b.label);
  const texts = [spec.title, spec.subtitle, spec.valueSuffix, ...labels];
  // CJK collections are large (Noto's is 20 MB) and resvg reads its files on every render:
  // hand over only the preferred CJK family's files, and only when some text needs them.
  const needCjk = fonts.hasCjk && texts.some((t) => t && hasCjkText(t));
  const latin = fonts.faces.filter((f) => !f.cjk);
  const cjk = fonts.faces.filter((f) => f.family === fonts.cjkFamilies[0]);
  const faces = latin.length === 0 ? cjk : needCjk ? [...latin, ...cjk] : latin;
  const files = [...new Set(faces.map((f) => f.file))];
  const first = faces[0]?.family;
  const resvg = new Resvg(barChartSvg(spec, fonts), {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: files,
      ...(first ? { defaultFontFamily: first, sansSerifFamily: first } : {}),
    },
  });
  return resvg.render();
}

/** The SVG source of the chart; text the fonts cannot draw is already left out. */
export function barChartSvg(spec: BarChartSpec, fonts: ChartFonts): string {
  const width = Math.round(clamp(spec.width ?? 640, 200, 2000));
  const height = Math.round(clamp(spec.height ?? 360, 150, 2000));
  const out: string[] = [`<rect width="${width}" height="${height}" fill="#ffffff"/>`];
  const text = textWriter(fonts);
  // What of a text the fonts can draw: without a CJK font, "核心 (Core)" shows as "Core".
  const shown = (s: string) =>
    fonts.files.length === 0 ? '' : hasCjkText(s) && !fonts.hasCjk ? stripCjk(s) : s;
  const inner = width - 2 * PAD;

  // Header: title, subtitle, legend rows. A title with CJK but no CJK font is left out whole:
  // its Latin leftovers ("Q3") would mislead more than help.
  let y = PAD;
  for (const [line, size, weight, fill] of [
    [spec.title, 18, 'bold', INK],
    [spec.subtitle, 13, 'normal', MUTED],
  ] as const) {
    if (!line || !shown(line) || (hasCjkText(line) && !fonts.hasCjk)) continue;
    out.push(text(PAD, y + size, fit(line, size, inner), size, { weight, fill, anchor: 'start' }));
    y += size + 8;
  }
  let x = PAD;
  let rowUsed = false;
  for (const item of spec.legend ?? []) {
    const label = shown(item.label);
    if (!label) continue; // a swatch alone says nothing
    const w = 12 + 6 + textWidth(label, 12) + 16;
    if (rowUsed && x + w > width - PAD) [x, y] = [PAD, y + 18];
    out.push(`<rect x="${round(x)}" y="${y + 2}" width="12" height="12" fill="${color(item.color)}"/>`);
    out.push(text(x + 18, y + 12, fit(label, 12, inner - 18), 12, { fill: INK, anchor: 'start' }));
    [x, rowUsed] = [x + w, true];
  }
  if (rowUsed) y += 18 + 4;

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
  out.push(`<rect x="${PAD}" y="${baseline}" width="${inner}" height="1" fill="#999999"/>`);

  const size = `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" ${size}>`,
    ...out.filter(Boolean),
    '</svg>',
  ].join('\n');
}

type TextStyle = { fill: string; anchor: 'start' | 'middle'; weight?: 'bold' | 'normal' };
type TextFn = (x: number, y: number, s: string, size: number, style: TextStyle) => string;

/** Draws text with a font stack that can show it: CJK families first for CJK text. */
function textWriter(fonts: ChartFonts): TextFn {
  const stack = (families: string[]) => families.map((f) => `'${f.replace(/'/g, '')}'`).join(', ');
  const latin = stack(fonts.families);
  const cjk = stack([...fonts.cjkFamilies, ...fonts.families.filter((f) => !fonts.cjkFamilies.includes(f))]);
  return (x, y, s, size, style) => {
    if (!s.trim()) return '';
    const family = hasCjkText(s) ? cjk : latin;
    const weight = style.weight === 'bold' ? ' font-weight="bold"' : '';
    return (
      `<text x="${round(x)}" y="${round(y)}" font-family="${escapeXml(family)}" font-size="${size}"${weight}` +
      ` fill="${style.fill}" text-anchor="${style.anchor}">${escapeXml(s)}</text>`
    );
  };
}

/** Rough advance widths (DejaVu is wide; CJK glyphs are square): good enough to avoid overlap. */
function textWidth(s: string, size: number): number {
  let em = 0;
  for (const ch of s) em += hasCjkText(ch) ? 1 : /[A-Z@%MW]/.test(ch) ? 0.75 : ch === ' ' ? 0.32 : 0.6;
  return em * size;
}

/** The largest size from `base` down to 9 at which the text fits. */
function fitSize(s: string, base: number, maxWidth: number): number {
  let size = base;
  while (size > 9 && textWidth(s, size) > maxWidth) size--;
  return size;
}

/** Cuts the text with an ellipsis so it fits. */
function fit(s: string, size: number, maxWidth: number): string {
  if (textWidth(s, size) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(chars.join('') + '…', size) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/** Integers as is, others to one decimal; no locale, so output never depends on the machine. */
function formatValue(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '–';
}

function positive(v: number): number {
  return Number.isFinite(v) && v > 0 ? v : 0;
}

function color(c: string | undefined): string {
  return c && COLOR.test(c.trim()) ? c.trim() : CHART_COLORS.default;
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

// Characters XML 1.0 forbids, and unpaired surrogates, would make the whole SVG unparseable.
const INVALID_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
