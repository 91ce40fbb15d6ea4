// Error codes of CSV imports and their parameters. Codes are data; the words for people are in the
// i18n catalog (`import.error.<code>`, English and Chinese), like every other reply.
import { translate, type MessageKey, type Params } from '../i18n/catalog.js';

/** Problems with one row; the row is left out of the import. */
export type ImportErrorCode =
  | 'missing_value'
  | 'bad_number'
  | 'bad_date'
  | 'bad_email'
  | 'bad_phone'
  | 'bad_language'
  | 'bad_tag'
  | 'bad_currency'
  | 'duplicate_in_file'
  | 'wrong_cell_count'
  | 'too_long'
  // Found when checking against the database (src/domain/imports.ts):
  | 'unknown_owner'
  | 'customer_not_found'
  | 'not_allowed'
  | 'order_conflict';

/** Problems with the whole file; nothing is imported. */
export type ImportFileErrorCode =
  | 'empty'
  | 'binary'
  | 'too_large'
  | 'bad_encoding'
  | 'malformed_csv'
  | 'too_many_rows'
  | 'no_rows'
  | 'unknown_kind'
  | 'not_customer_file'
  | 'not_order_file';

/** Summaries of a validation result's column lists; `{column}` is the comma-joined list. */
export type ImportColumnNotice = 'missing_columns' | 'duplicate_columns' | 'unknown_columns';

export type ImportMessageKey = ImportErrorCode | ImportFileErrorCode | ImportColumnNotice;

/** Values for the message placeholders. */
export interface ImportParams {
  line?: number;
  column?: string;
  value?: string;
  max?: number;
  size?: number;
}

export interface RowError {
  /** Spreadsheet row number: the header is row 1 in a file without leading blank lines. */
  line: number;
  /** The column's header as written in the file (what the user recognises). */
  column?: string;
  /** The canonical column name, e.g. `last_order`. */
  field?: string;
  code: ImportErrorCode;
  /** The offending value, at most 80 characters; for duplicate_in_file the first occurrence's line. */
  value?: string;
  /** The limit that was broken: max length (too_long) or the expected cell count (wrong_cell_count). */
  max?: number;
}

/** Every message key, in the order of the types above (the catalog has `import.error.<key>` for each). */
export const IMPORT_MESSAGE_KEYS: readonly ImportMessageKey[] = [
  'missing_value',
  'bad_number',
  'bad_date',
  'bad_email',
  'bad_phone',
  'bad_language',
  'bad_tag',
  'bad_currency',
  'duplicate_in_file',
  'wrong_cell_count',
  'too_long',
  'unknown_owner',
  'customer_not_found',
  'not_allowed',
  'order_conflict',
  'empty',
  'binary',
  'too_large',
  'bad_encoding',
  'malformed_csv',
  'too_many_rows',
  'no_rows',
  'unknown_kind',
  'not_customer_file',
  'not_order_file',
  'missing_columns',
  'duplicate_columns',
  'unknown_columns',
];

/** The message in the user's language, from the one catalog of replies (src/i18n/catalog.ts). */
export function formatImportMessage(key: ImportMessageKey, lang: 'en' | 'zh', params: ImportParams = {}): string {
  const values = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Params;
  return translate(lang, `import.error.${key}` as MessageKey, values);
}

export const MAX_ERROR_VALUE_CHARS = 80;

/** Cuts a value for an error report by code points, so no surrogate pair is split. */
export function truncateValue(value: string): string {
  const chars = Array.from(value);
  return chars.length <= MAX_ERROR_VALUE_CHARS ? value : `${chars.slice(0, MAX_ERROR_VALUE_CHARS - 1).join('')}…`;
}

/** One row's problem as a sentence: "Line 4: amount must be a number ≥ 0 (got "ten")". */
export function rowErrorText(error: RowError, lang: 'en' | 'zh'): string {
  return formatImportMessage(error.code, lang, { line: error.line, column: error.column ?? error.field ?? '', value: error.value ?? '', ...(error.max !== undefined ? { max: error.max } : {}) });
}
