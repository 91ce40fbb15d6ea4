// Shared by the chart tests: font sets, PNG header and pixel inspection, SVG text extraction.
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { loadChartFonts } from '../../../src/charts/fonts.js';

export const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const hasDejaVu = existsSync(DEJAVU);
// The known Debian CJK fonts, plus whatever CHART_FONT_FILES names (to run the CJK tests elsewhere).
const cjkPaths = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  ...(process.env.CHART_FONT_FILES ?? '').split(','),
].filter((p) => p && existsSync(p));
export const cjkFonts = loadChartFonts([DEJAVU, ...cjkPaths]);
export const hasCjk = cjkFonts.hasCjk;
export const latinOnly = loadChartFonts([DEJAVU]);
export const noFonts = loadChartFonts([]);

/** Width and height from the IHDR chunk, after checking the PNG signature. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  expect(view.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

export type Image = { width: number; height: number; pixels: Uint8Array };

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Opaque pixels of exactly this #rrggbb colour (fills at whole pixels are not antialiased). */
export function countColor(image: Image, hex: string, x0 = 0, x1 = image.width): number {
  const [r, g, b] = rgb(hex);
  const p = image.pixels;
  let n = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * image.width + x);
      if (p[i] === r && p[i + 1] === g && p[i + 2] === b && p[i + 3] === 255) n++;
    }
  }
  return n;
}

export interface SvgText {
  x: number;
  y: number;
  size: number;
  fill: string;
  text: string;
}

/** The <text> elements of a chart's SVG (contents unescaped). */
export function svgTexts(svg: string): SvgText[] {
  const unescape = (s: string) =>
    s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? '');
  return [...svg.matchAll(/<text x="([\d.-]+)" y="([\d.-]+)"[^>]* font-size="(\d+)"[^>]* fill="([^"]+)"[^>]*>([^<]*)<\/text>/g)].map(
    (m) => ({ x: Number(m[1]), y: Number(m[2]), size: Number(m[3]), fill: m[4] ?? '', text: unescape(m[5] ?? '') }),
  );
}
