// Text → header + rows. No validation of values here: that is rows.ts, per kind of file.
import { parse } from 'csv-parse/sync';
import type { ImportParams } from './errors.js';

/** Data rows per file; a larger import should be split (it also bounds the time the parse blocks). */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * Records csv-parse may produce before we stop (`to`). Blank lines are records too (see below), so
 * the margin lets a file of MAX_IMPORT_ROWS rows have as many blank lines again; a file that reaches
 * the limit is refused whatever it holds, which keeps a 10 MiB file of tiny lines from blocking for
 * seconds (csv-parse needs ~3 µs a record).
 */
const RECORD_LIMIT = 2 * MAX_IMPORT_ROWS + 2;

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRow {
  /** Spreadsheet row number: blank lines count, a cell with line breaks is still one row. */
  line: number;
  /** Trimmed cells; may be more or fewer than the headers (rows.ts reports wrong_cell_count). */
  cells: string[];
}

export interface CsvTable {
  delimiter: CsvDelimiter;
  /** Header cells as written, trimmed. */
  headers: string[];
  /** normalizeHeader() of each header, same order. */
  keys: string[];
  headerLine: number;
  /** Data rows, fully blank rows left out. */
  rows: CsvRow[];
}

export type CsvTableResult =
  | { ok: true; table: CsvTable }
  | { ok: false; code: 'empty' | 'malformed_csv' | 'too_many_rows'; params: ImportParams };

/**
 * A header as a lookup key: NFKC (full-width letters and brackets), trimmed, lower-case, runs of
 * spaces/dashes/underscores → `_`, and a trailing unit note dropped (`金额（元）`, `Amount (CNY)`).
 * Chinese aliases are resolved in rows.ts, because `客户` means `name` in a customers file and
 * `customer` in an orders file.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .trim()
    .replace(/\s*\([^()]*\)$/, '')
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_');
}

/**
 * The delimiter that occurs most often (outside quotes) in the first non-blank line. Excel writes
 * `;` where the decimal separator is a comma, and "Unicode text" exports are tab-separated. A tie,
 * including a one-column file, goes to the comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const c = text.charAt(i);
    if (c === '"') {
      quoted = !quoted;
      content = true;
    } else if (quoted) {
      continue;
    } else if (c === '\n' || c === '\r') {
      if (content) break;
    } else if (c === ',' || c === ';' || c === '\t') {
      counts[c]++;
      content = true;
    } else if (c.trim() !== '') {
      content = true;
    }
  }
  return (['\t', ';', ','] as const).reduce((a, b) => (counts[b] >= counts[a] ? b : a));
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/**
 * Parses decoded CSV text. Rows with the wrong number of cells are kept (relax_column_count) and
 * reported per row by rows.ts, instead of csv-parse aborting the whole file on the first one.
 * Structural errors (an unclosed quote, text after a closing quote) refuse the file.
 */
export function parseCsvTable(text: string): CsvTableResult {
  const delimiter = detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      trim: true, // also allows `a, "b, c"` as hand-written files have it
      relax_quotes: true, // a stray quote inside an unquoted cell is kept as text
      relax_column_count: true,
      // Blank lines stay records so that a record's index is its spreadsheet row, which is cheaper
      // than `info: true` (3x slower on 100k rows) and right across cells with line breaks.
      skip_empty_lines: false,
      to: RECORD_LIMIT,
    });
  } catch (err) {
    const parsed = (err as { records?: unknown }).records;
    return { ok: false, code: 'malformed_csv', params: { line: typeof parsed === 'number' ? parsed + 1 : 1 } };
  }
  if (records.length >= RECORD_LIMIT) return { ok: false, code: 'too_many_rows', params: { max: MAX_IMPORT_ROWS } };

  const headerIndex = records.findIndex((r) => !isBlank(r));
  const headerRecord = records[headerIndex];
  if (headerRecord === undefined) return { ok: false, code: 'empty', params: {} };
  const headers = headerRecord.map((h) => h.trim());

  const rows: CsvRow[] = [];
  for (let i = headerIndex + 1; i < records.length; i++) {
    const record = records[i]!;
    // Lines of only delimiters (`,,,`) are what spreadsheets write for rows that look empty.
    if (isBlank(record)) continue;
    rows.push({ line: i + 1, cells: record.map((c) => c.trim()) });
  }
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, code: 'too_many_rows', params: { max: MAX_IMPORT_ROWS } };
  return { ok: true, table: { delimiter, headers, keys: headers.map(normalizeHeader), headerLine: headerIndex + 1, rows } };
}
