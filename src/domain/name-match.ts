// Near misses: how far a typed word or name is from a known one, and which known ones are close
// enough to offer as "did you mean …?". One mechanism for customer names, people's names and
// command words, so a typo is forgiven the same way everywhere.

/** Scripts written without spaces: one character carries a whole syllable, so fewer edits are allowed. */
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap two
 * neighbours) over code points. Stops early: anything above `max` is reported as max + 1.
 */
export function editDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[t.length]!, max + 1);
}

/**
 * How many edits a typed word of this length may be off and still be a near miss: none for one
 * or two letters ("ab" is close to everything), one up to seven, two beyond; in Chinese one
 * character missing, extra or wrong once the word has three.
 */
export function allowedEdits(typed: string): number {
  const length = [...typed].length;
  if (NO_SPACE_SCRIPT.test(typed)) return length >= 3 ? 1 : 0;
  if (length <= 2) return 0;
  return length <= 7 ? 1 : 2;
}

/**
 * The parts of a known name a typed one may be compared with: the whole name, and its beginning
 * cut to the typed length (±1), so "Acmee" is near "Acme Trading" and "华东贸意" near "华东贸易集团".
 */
function comparableParts(typed: string, known: string): string[] {
  const chars = [...known];
  const length = [...typed].length;
  const parts = new Set([known]);
  for (const n of [length - 1, length, length + 1]) if (n > 0 && n < chars.length) parts.add(chars.slice(0, n).join('').trimEnd());
  return [...parts];
}

/** Distance from a typed key to a known key (both normalised), or null when not a near miss. */
export function nearMissDistance(typed: string, known: string): number | null {
  if (typed === '' || known === '') return null;
  const max = allowedEdits(typed);
  if (max === 0) return null;
  const best = Math.min(...comparableParts(typed, known).map((part) => editDistance(typed, part, max)));
  return best <= max ? best : null;
}

/** The known entries nearest to what was typed (keys already normalised), closest first; at most `limit`. */
export function nearMisses<T>(typed: string, known: ReadonlyArray<T>, keyOf: (entry: T) => string, limit: number): T[] {
  const scored: Array<{ entry: T; distance: number; key: string }> = [];
  for (const entry of known) {
    const key = keyOf(entry);
    if (key === typed) continue;
    const distance = nearMissDistance(typed, key);
    if (distance !== null) scored.push({ entry, distance, key });
  }
  scored.sort((a, b) => a.distance - b.distance || a.key.length - b.key.length || a.key.localeCompare(b.key));
  return scored.slice(0, limit).map((s) => s.entry);
}

/**
 * Whether every word of a typed phrase is a word of the known name, the start of one, or a typo
 * of one ("blue cedar", "cedar aparel" of "blue cedar apparel"; not "blue cedar tomorrow"): how
 * far a name typed without quotes runs when it is only a part of a name, or misspelt.
 */
export function wordsOfName(typed: string, known: string): boolean {
  const names = known.split(' ');
  return typed.split(' ').every((word) => names.some((name) => name.startsWith(word) || nearMissDistance(word, name) !== null));
}
