// Name normalisation: one key per customer however it was typed (full-width letters, odd
// spacing, capitals). NFKC folds full-width forms (ＡＣＭＥ → ACME) and the ideographic space;
// toLowerCase (not toLocaleLowerCase) keeps the key the same on every server locale.

/** NFKC, trim, inner whitespace collapsed to one space, lowercase: the domain's customer name key. */
export { customerNameKey as normalizeName } from '../../domain/customers.js';

// Typographic quotes that phones substitute on their own ("Bob’s" for "Bob's"). They are folded
// only for matching, not in the key, so the key stays exactly what normalizeName documents.
const QUOTE_FOLD: Record<string, string> = { '‘': "'", '’': "'", '‛': "'", '′': "'", '“': '"', '”': '"', '„': '"', '″': '"' };

export interface NormalizedText {
  text: string;
  /** For each UTF-16 unit of `text`: the offset in the original where its source starts … */
  starts: number[];
  /** … and where its source ends (exclusive). */
  ends: number[];
}

/**
 * Normalises like normalizeName (plus typographic-quote folding) and keeps, for every output
 * character, where it came from, so a match in the normalised text can be mapped back to the
 * original. Works per base character with its combining marks so NFKC can still compose them;
 * use it on both sides of a comparison.
 */
export function normalizeForMatch(input: string): NormalizedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let pendingSpace: { start: number; end: number } | null = null;
  for (const m of input.matchAll(/\P{M}\p{M}*|\p{M}+/gu)) {
    const start = m.index;
    const end = start + m[0].length;
    let piece = m[0].normalize('NFKC').toLowerCase();
    piece = [...piece].map((c) => QUOTE_FOLD[c] ?? c).join('');
    if (/^\s+$/.test(piece)) {
      // Collapse a run of whitespace to one space, dropped at the ends (trim).
      if (text !== '') pendingSpace = pendingSpace ? { start: pendingSpace.start, end } : { start, end };
      continue;
    }
    if (pendingSpace) {
      text += ' ';
      starts.push(pendingSpace.start);
      ends.push(pendingSpace.end);
      pendingSpace = null;
    }
    for (let i = 0; i < piece.length; i++) {
      starts.push(start);
      ends.push(end);
    }
    text += piece;
  }
  return { text, starts, ends };
}

/**
 * normalizeForMatch(input).text without the offsets, fast for the usual already-NFKC name
 * (sentence matching runs it over thousands of customer names per message).
 */
export function matchKey(input: string): string {
  if (input !== input.normalize('NFKC')) return normalizeForMatch(input).text;
  let out = '';
  // Per code point, like normalizeForMatch, so context-dependent lowercasing cannot differ.
  for (const c of input.replace(/\s+/g, ' ').trim()) {
    const lower = c.toLowerCase();
    out += QUOTE_FOLD[lower] ?? lower;
  }
  return out;
}
