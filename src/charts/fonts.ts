// Font discovery for the chart renderer. resvg is given font files explicitly and never asks
// fontconfig, so a chart looks the same on every machine that has the same files. Each file is
// inspected once (family names, CJK coverage) by reading its sfnt tables: the env var may name
// any font, and the renderer must know whether Chinese text can be drawn or would come out as
// tofu boxes.
import { existsSync, readFileSync } from 'node:fs';

/** Debian paths, in order of preference. Bold faces are optional (titles fall back to regular). */
const KNOWN_FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', // fonts-dejavu-core
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', // fonts-wqy-microhei
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', // fonts-wqy-zenhei
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', // fonts-noto-cjk
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
];

export interface FontFace {
  file: string;
  family: string;
  /** The face has glyphs for common Han characters. */
  cjk: boolean;
}

export interface ChartFonts {
  /** Font files to hand to resvg, in preference order. */
  files: string[];
  /** Family names, Latin-only faces first (their Latin glyphs look better in mixed text). */
  families: string[];
  /** Families able to draw Chinese, preferred first (the renderer loads only the first). */
  cjkFamilies: string[];
  hasCjk: boolean;
  faces: FontFace[];
}

/** Inspects the given files (missing or unreadable ones are skipped). Not cached. */
export function loadChartFonts(paths: readonly string[]): ChartFonts {
  const faces: FontFace[] = [];
  for (const file of new Set(paths)) {
    if (!existsSync(file)) continue;
    try {
      for (const face of inspectFontFile(readFileSync(file))) faces.push({ file, ...face });
    } catch {
      // Not a font we can read: leave it out rather than fail the chart.
    }
  }
  const unique = (names: string[]) => [...new Set(names)];
  const files = unique(faces.map((f) => f.file));
  // Files keep their order (the small WenQuanYi before Noto's 20 MB collections, which make a
  // render several times slower). Within a collection, "Noto Sans CJK JP" comes first but has
  // Japanese glyph shapes: prefer SC, and proportional over monospaced.
  const rank = (f: FontFace) =>
    files.indexOf(f.file) * 4 + (/\bSC\b/.test(f.family) ? 0 : 2) + (/\bMono\b/.test(f.family) ? 1 : 0);
  const cjkFamilies = unique(
    faces
      .filter((f) => f.cjk)
      .sort((a, b) => rank(a) - rank(b))
      .map((f) => f.family),
  );
  return {
    files,
    families: unique([...faces.filter((f) => !f.cjk).map((f) => f.family), ...cjkFamilies]),
    cjkFamilies,
    hasCjk: cjkFamilies.length > 0,
    faces,
  };
}

/** CHART_FONT_FILES (comma-separated paths), when set, replaces the known Debian paths. */
export function discoverChartFonts(env: NodeJS.ProcessEnv = process.env): ChartFonts {
  const configured = (env.CHART_FONT_FILES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return loadChartFonts(configured.length > 0 ? configured : KNOWN_FONT_FILES);
}

let cached: ChartFonts | undefined;

/** The machine's chart fonts, discovered on first use. */
export function chartFonts(): ChartFonts {
  cached ??= discoverChartFonts();
  return cached;
}

// Han, kana, Hangul, Bopomofo, CJK punctuation and symbols, fullwidth/halfwidth forms.
const CJK = new RegExp(
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}\\p{Script=Bopomofo}' +
    '\\u3000-\\u303f\\u30fc\\u3200-\\u33ff\\ufe30-\\ufe4f\\uff00-\\uffef]',
  'u',
);
const CJK_ALL = new RegExp(CJK.source, 'gu');

export function hasCjkText(text: string): boolean {
  return CJK.test(text);
}

/**
 * The text without its CJK characters, for when no CJK font exists: "核心 (Core)" becomes
 * "Core", "核心" becomes "". Empty brackets and stray punctuation are dropped too.
 */
export function stripCjk(text: string): string {
  const rest = text
    .replace(CJK_ALL, ' ')
    .replace(/[([{]\s*[)\]}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[\p{L}\p{N}]/u.test(rest)) return '';
  // Brackets and separators left dangling at either end by the removal.
  return rest.replace(/^[\s\-–—:/|,.]+|[\s\-–—:/|,]+$/g, '').replace(/^\((.*)\)$/, '$1');
}

// ---- sfnt parsing: just enough of the name and cmap tables -------------------------------

const HAN_PROBES = [0x4e00, 0x6838, 0x5fc3]; // 一 核 心

/** One entry per face (a .ttc collection holds several). */
function inspectFontFile(data: Buffer): Array<{ family: string; cjk: boolean }> {
  const offsets =
    data.toString('latin1', 0, 4) === 'ttcf'
      ? Array.from({ length: data.readUInt32BE(8) }, (_, i) => data.readUInt32BE(12 + 4 * i))
      : [0];
  const faces: Array<{ family: string; cjk: boolean }> = [];
  for (const offset of offsets) {
    const tables = new Map<string, number>();
    const count = data.readUInt16BE(offset + 4);
    for (let i = 0; i < count; i++) {
      const rec = offset + 12 + 16 * i;
      tables.set(data.toString('latin1', rec, rec + 4), data.readUInt32BE(rec + 8));
    }
    const name = tables.get('name');
    const cmap = tables.get('cmap');
    const family = name === undefined ? undefined : familyName(data, name);
    if (!family || cmap === undefined) continue;
    faces.push({ family, cjk: HAN_PROBES.every((c) => hasGlyph(data, cmap, c)) });
  }
  return faces;
}

/** The English family name, as resvg will match it: typographic family (16) over family (1). */
function familyName(data: Buffer, table: number): string | undefined {
  const count = data.readUInt16BE(table + 2);
  const strings = table + data.readUInt16BE(table + 4);
  let best: { score: number; value: string } | undefined;
  for (let i = 0; i < count; i++) {
    const rec = table + 6 + 12 * i;
    const [platform, encoding, language, nameId, length, off] = [0, 2, 4, 6, 8, 10].map((d) =>
      data.readUInt16BE(rec + d),
    ) as [number, number, number, number, number, number];
    if (nameId !== 1 && nameId !== 16) continue;
    const raw = data.subarray(strings + off, strings + off + length);
    let value: string;
    let score = nameId === 16 ? 4 : 0;
    if (platform === 3 && (encoding === 1 || encoding === 10)) {
      value = Buffer.from(raw).swap16().toString('utf16le');
      score += language === 0x409 ? 2 : 0;
    } else if (platform === 1 && encoding === 0 && language === 0) {
      value = raw.toString('latin1');
      score += 1;
    } else continue;
    if (!best || score > best.score) best = { score, value };
  }
  return best?.value;
}

/** Whether the Unicode cmap (format 4 or 12) maps the code point to a real glyph. */
function hasGlyph(data: Buffer, table: number, cp: number): boolean {
  const count = data.readUInt16BE(table + 2);
  for (let i = 0; i < count; i++) {
    const platform = data.readUInt16BE(table + 4 + 8 * i);
    const encoding = data.readUInt16BE(table + 6 + 8 * i);
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const sub = table + data.readUInt32BE(table + 8 + 8 * i);
    const format = data.readUInt16BE(sub);
    if (format === 12) {
      const groups = data.readUInt32BE(sub + 12);
      for (let g = 0; g < groups; g++) {
        const at = sub + 16 + 12 * g;
        if (cp >= data.readUInt32BE(at) && cp <= data.readUInt32BE(at + 4)) return true;
      }
    } else if (format === 4 && cp <= 0xffff) {
      const segs = data.readUInt16BE(sub + 6) / 2;
      const ends = sub + 14;
      const starts = ends + 2 * segs + 2;
      const deltas = starts + 2 * segs;
      const ranges = deltas + 2 * segs;
      for (let s = 0; s < segs; s++) {
        if (cp > data.readUInt16BE(ends + 2 * s) || cp < data.readUInt16BE(starts + 2 * s)) continue;
        const rangeOffset = data.readUInt16BE(ranges + 2 * s);
        const delta = data.readUInt16BE(deltas + 2 * s);
        if (rangeOffset === 0) return ((cp + delta) & 0xffff) !== 0;
        const at = ranges + 2 * s + rangeOffset + 2 * (cp - data.readUInt16BE(starts + 2 * s));
        const glyph = data.readUInt16BE(at);
        return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
      }
    }
  }
  return false;
}
