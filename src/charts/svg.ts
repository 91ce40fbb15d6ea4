// What every chart shares: the SVG canvas and header (title, subtitle, legend), text drawing
// with fonts that can show it, rough text measuring, escaping, and rasterising with resvg.
// Chart modules (bar-chart.ts, grouped-bar-chart.ts, line-chart.ts) only lay out their plot.
import { Resvg, type RenderedImage } from '@resvg/resvg-js';
import { chartFonts, hasCjkText, stripCjk, type ChartFonts } from './fonts.js';

export interface RenderOptions {
  /** Defaults to the machine's fonts (chartFonts()); tests inject a restricted set. */
  fonts?: ChartFonts;
  /** Pixel density: 2 for sharp images on high-DPI screens. */
  scale?: number;
}

/** Raw RGBA pixels, row-major, 4 bytes each. */
export interface ChartPixels {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Colours for score groups: NPS detractors/passives/promoters, CSAT low/mid/high. */
export const CHART_COLORS = {
  negative: '#d9534f',
  neutral: '#f0ad4e',
  positive: '#5cb85c',
  default: '#4e79a7',
} as const;

export const PAD = 20;
export const INK = '#333333';
export const MUTED = '#666666';
export const AXIS = '#999999';
const COLOR = /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|rgba?\([\d\s.,%]+\))$/;

/** Rasterises chart SVG with only the given font files: no system fonts, so output is stable. */
export function rasterize(svg: string, fonts: ChartFonts, options: RenderOptions): RenderedImage {
  const scale = clamp(options.scale ?? 1, 1, 4);
  // CJK collections are large (Noto's is 20 MB) and resvg reads its files on every render:
  // hand over only the preferred CJK family's files, and only when some drawn text needs them.
  const drawn = svg.match(/>[^<]*<\/text>/g) ?? [];
  const needCjk = fonts.hasCjk && drawn.some((t) => hasCjkText(t));
  const latin = fonts.faces.filter((f) => !f.cjk);
  const cjk = fonts.faces.filter((f) => f.family === fonts.cjkFamilies[0]);
  const faces = latin.length === 0 ? cjk : needCjk ? [...latin, ...cjk] : latin;
  const files = [...new Set(faces.map((f) => f.file))];
  const first = faces[0]?.family;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: files,
      ...(first ? { defaultFontFamily: first, sansSerifFamily: first } : {}),
    },
  });
  return resvg.render();
}

export function toPixels(image: RenderedImage): ChartPixels {
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/** A chart's SVG builder: spec and fonts in, SVG text out. */
export type ChartSvg<Spec> = (spec: Spec, fonts: ChartFonts) => string;

/** The chart as a PNG. Same spec and fonts, same bytes. */
export function renderPng<Spec>(svgOf: ChartSvg<Spec>, spec: Spec, options: RenderOptions = {}): Uint8Array {
  const fonts = options.fonts ?? chartFonts();
  return rasterize(svgOf(spec, fonts), fonts, options).asPng();
}

/** Raw RGBA pixels (row-major, 4 bytes each): lets tests look at what was drawn. */
export function renderPixels<Spec>(svgOf: ChartSvg<Spec>, spec: Spec, options: RenderOptions = {}): ChartPixels {
  const fonts = options.fonts ?? chartFonts();
  return toPixels(rasterize(svgOf(spec, fonts), fonts, options));
}

export type TextStyle = {
  fill: string;
  anchor: 'start' | 'middle' | 'end';
  weight?: 'bold' | 'normal';
  /** A white outline keeping the text readable where it crosses lines. */
  halo?: boolean;
};
export type TextFn = (x: number, y: number, s: string, size: number, style: TextStyle) => string;

/** A chart being drawn: its size, the SVG elements so far, and text helpers bound to the fonts. */
export interface Canvas {
  width: number;
  height: number;
  /** Width between the side paddings. */
  inner: number;
  fonts: ChartFonts;
  out: string[];
  text: TextFn;
  /** What of a text the fonts can draw: without a CJK font, "核心 (Core)" shows as "Core". */
  shown: (s: string) => string;
}

export function createCanvas(fonts: ChartFonts, width = 640, height = 360): Canvas {
  const w = Math.round(clamp(width, 200, 2000));
  const h = Math.round(clamp(height, 150, 2000));
  return {
    width: w,
    height: h,
    inner: w - 2 * PAD,
    fonts,
    out: [`<rect width="${w}" height="${h}" fill="#ffffff"/>`],
    text: textWriter(fonts),
    shown: (s) => (fonts.files.length === 0 ? '' : hasCjkText(s) && !fonts.hasCjk ? stripCjk(s) : s),
  };
}

export function canvasSvg(canvas: Canvas): string {
  const { width, height } = canvas;
  const size = `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`;
  return [`<svg xmlns="http://www.w3.org/2000/svg" ${size}>`, ...canvas.out.filter(Boolean), '</svg>'].join('\n');
}

export interface Header {
  title?: string | undefined;
  subtitle?: string | undefined;
  legend?: ReadonlyArray<{ label: string; color: string }> | undefined;
}

/** Title, subtitle and legend rows from the top; returns the y below them. */
export function drawHeader(canvas: Canvas, header: Header): number {
  const { out, text, shown, fonts, width, inner } = canvas;
  // A title with CJK but no CJK font is left out whole: its Latin leftovers ("Q3") would
  // mislead more than help.
  let y = PAD;
  for (const [line, size, weight, fill] of [
    [header.title, 18, 'bold', INK],
    [header.subtitle, 13, 'normal', MUTED],
  ] as const) {
    if (!line || !shown(line) || (hasCjkText(line) && !fonts.hasCjk)) continue;
    out.push(text(PAD, y + size, fit(line, size, inner), size, { weight, fill, anchor: 'start' }));
    y += size + 8;
  }
  let x = PAD;
  let rowUsed = false;
  for (const item of header.legend ?? []) {
    const label = shown(item.label);
    if (!label) continue; // a swatch alone says nothing
    const w = 12 + 6 + textWidth(label, 12) + 16;
    if (rowUsed && x + w > width - PAD) [x, y] = [PAD, y + 18];
    out.push(`<rect x="${round(x)}" y="${y + 2}" width="12" height="12" fill="${color(item.color)}"/>`);
    out.push(text(x + 18, y + 12, fit(label, 12, inner - 18), 12, { fill: INK, anchor: 'start' }));
    [x, rowUsed] = [x + w, true];
  }
  if (rowUsed) y += 18 + 4;
  return y;
}

/** Draws text with a font stack that can show it: CJK families first for CJK text. */
function textWriter(fonts: ChartFonts): TextFn {
  const stack = (families: string[]) => families.map((f) => `'${f.replace(/'/g, '')}'`).join(', ');
  const latin = stack(fonts.families);
  const cjk = stack([...fonts.cjkFamilies, ...fonts.families.filter((f) => !fonts.cjkFamilies.includes(f))]);
  return (x, y, s, size, style) => {
    if (!s.trim()) return '';
    const family = hasCjkText(s) ? cjk : latin;
    const weight = style.weight === 'bold' ? ' font-weight="bold"' : '';
    const halo = style.halo ? ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' : '';
    return (
      `<text x="${round(x)}" y="${round(y)}" font-family="${escapeXml(family)}" font-size="${size}"${weight}` +
      ` fill="${style.fill}"${halo} text-anchor="${style.anchor}">${escapeXml(s)}</text>`
    );
  };
}

/**
 * Rough advance widths (DejaVu is wide; CJK glyphs are square, 1 em; other Latin about 0.6 em):
 * good enough to avoid overlap.
 */
export function textWidth(s: string, size: number): number {
  let em = 0;
  for (const ch of s) em += hasCjkText(ch) ? 1 : /[A-Z@%MW]/.test(ch) ? 0.75 : ch === ' ' ? 0.32 : 0.6;
  return em * size;
}

/** The largest size from `base` down to 9 at which the text fits. */
export function fitSize(s: string, base: number, maxWidth: number): number {
  let size = base;
  while (size > 9 && textWidth(s, size) > maxWidth) size--;
  return size;
}

/** Cuts the text with an ellipsis so it fits. */
export function fit(s: string, size: number, maxWidth: number): string {
  if (textWidth(s, size) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(chars.join('') + '…', size) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + '…';
}

/**
 * A label for a slot: shrunk from `base` down to 9, then cut with an ellipsis. Never wider than
 * the slot: when not even one character and the ellipsis fit, the text is empty.
 */
export function fitLabel(s: string, base: number, maxWidth: number): { text: string; size: number } {
  const size = fitSize(s, base, maxWidth);
  const cut = fit(s, size, maxWidth);
  return { text: textWidth(cut, size) <= maxWidth ? cut : '', size };
}

/**
 * A number label that must be shown whole (cutting "120%" to "12…" would mislead): shrunk down to
 * 9, or empty when it still does not fit.
 */
export function fitNumber(s: string, base: number, maxWidth: number): { text: string; size: number } {
  const size = fitSize(s, base, maxWidth);
  return { text: textWidth(s, size) <= maxWidth ? s : '', size };
}

/** Integers as is, others to one decimal; no locale, so output never depends on the machine. */
export function formatValue(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '–';
}

export function positive(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : 0;
}

/** A safe CSS colour: the given one if it looks like a colour, the default otherwise. */
export function color(c: string | undefined): string {
  return c && COLOR.test(c.trim()) ? c.trim() : CHART_COLORS.default;
}

/** Ink for text drawn on a fill: dark on light colours, white otherwise (and for non-hex). */
export function inkOn(fill: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(fill)?.[1];
  if (!hex) return '#ffffff';
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.62 ? INK : '#ffffff';
}

export function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}

export function round(v: number): number {
  return Math.round(v * 100) / 100;
}

// Characters XML 1.0 forbids, and unpaired surrogates, would make the whole SVG unparseable.
const INVALID_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
