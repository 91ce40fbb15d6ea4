// CSV imports, the pure part: bytes → text → table → validated rows and a per-row error report.
// Writing to the database (and resolving owners and customers) is the caller's job.
import { parseCsvTable, type CsvDelimiter } from './csv.js';
import { decodeCsvBytes, type CsvEncoding } from './decode.js';
import { formatImportMessage, type ImportFileErrorCode, type ImportParams } from './errors.js';
import { detectImportKind, validateCustomerRows, validateOrderRows, type ImportKind, type ImportValidation } from './rows.js';

export { MAX_IMPORT_BYTES, decodeCsvBytes, type CsvEncoding, type DecodeResult } from './decode.js';
export { MAX_IMPORT_ROWS, detectDelimiter, normalizeHeader, parseCsvTable, type CsvDelimiter, type CsvRow, type CsvTable, type CsvTableResult } from './csv.js';
export {
  detectImportKind,
  validateCustomerRows,
  validateOrderRows,
  type CustomerRow,
  type CustomerValidation,
  type ImportKind,
  type ImportValidation,
  type OrderRow,
  type OrderValidation,
} from './rows.js';
export {
  IMPORT_MESSAGE_KEYS,
  formatImportMessage,
  rowErrorText,
  type ImportColumnNotice,
  type ImportErrorCode,
  type ImportFileErrorCode,
  type ImportMessageKey,
  type ImportParams,
  type RowError,
} from './errors.js';
export { nameKey } from './values.js';

export type ImportFileFailure = { ok: false; code: ImportFileErrorCode; params: ImportParams };
export type ImportFileResult = ImportFileFailure | ({ ok: true; encoding: CsvEncoding; delimiter: CsvDelimiter } & ImportValidation);

/**
 * Reads an uploaded file as customers or orders. With `expected` (the command the user ran) the file
 * is validated as that kind, and refused as not_customer_file / not_order_file if it lacks required
 * columns and detectImportKind() says it is the other kind; without it the kind comes from the headers. A result with
 * missingColumns or duplicateColumns has no rows: the caller reports them and imports nothing.
 */
export function readImportFile(bytes: Uint8Array, expected?: ImportKind): ImportFileResult {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return { ok: false, code: decoded.code, params: decoded.params };
  const parsed = parseCsvTable(decoded.text);
  if (!parsed.ok) return { ok: false, code: parsed.code, params: parsed.params };
  const { table } = parsed;

  const detected = detectImportKind(table.keys);
  const kind = expected ?? detected;
  if (kind === null) return { ok: false, code: 'unknown_kind', params: {} };
  if (table.rows.length === 0) return { ok: false, code: 'no_rows', params: {} };

  const validation = kind === 'customers' ? validateCustomerRows(table) : validateOrderRows(table);
  // A file of the other kind gets that said, rather than a list of columns it was never meant to have.
  if (validation.missingColumns.length > 0 && detected !== null && detected !== kind) {
    return { ok: false, code: kind === 'customers' ? 'not_customer_file' : 'not_order_file', params: {} };
  }
  return { ok: true, encoding: decoded.encoding, delimiter: table.delimiter, ...validation };
}

/** Why a validated file cannot be imported at all (columns missing or given twice); empty when it can. */
export function columnProblems(result: Pick<ImportValidation, 'missingColumns' | 'duplicateColumns'>, lang: 'en' | 'zh'): string[] {
  return [
    ...(result.missingColumns.length ? [formatImportMessage('missing_columns', lang, { column: result.missingColumns.join(', ') })] : []),
    ...(result.duplicateColumns.length ? [formatImportMessage('duplicate_columns', lang, { column: result.duplicateColumns.join(', ') })] : []),
  ];
}
