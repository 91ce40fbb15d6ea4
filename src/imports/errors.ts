// Error codes and their short messages for CSV imports. Codes are data, the text is for people:
// the caller moves IMPORT_ERROR_TEXT into the i18n catalog and fills the placeholders from params.

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

export const IMPORT_ERROR_TEXT: Record<ImportMessageKey, { en: string; zh: string }> = {
  missing_value: { en: 'Line {line}: {column} is empty', zh: '第 {line} 行：{column} 不能为空' },
  bad_number: { en: 'Line {line}: {column} must be a number ≥ 0 (got "{value}")', zh: '第 {line} 行：{column} 必须是不小于 0 的数字（当前为“{value}”）' },
  bad_date: { en: 'Line {line}: {column} is not a valid date, use YYYY-MM-DD (got "{value}")', zh: '第 {line} 行：{column} 不是有效日期，请使用 YYYY-MM-DD（当前为“{value}”）' },
  bad_email: { en: 'Line {line}: "{value}" is not a valid email address', zh: '第 {line} 行：“{value}”不是有效的邮箱地址' },
  bad_phone: { en: 'Line {line}: "{value}" is not a valid phone number', zh: '第 {line} 行：“{value}”不是有效的电话号码' },
  bad_language: { en: 'Line {line}: language must be en or zh (got "{value}")', zh: '第 {line} 行：语言必须是 en 或 zh（中文/英文）（当前为“{value}”）' },
  bad_tag: { en: 'Line {line}: bad tag "{value}" (at most 20 tags of up to 40 characters, no spaces)', zh: '第 {line} 行：标签“{value}”无效（最多 20 个，每个不超过 40 字且不含空格）' },
  bad_currency: { en: 'Line {line}: currency must be a 3-letter code such as CNY (got "{value}")', zh: '第 {line} 行：币种必须是三位字母代码，如 CNY（当前为“{value}”）' },
  duplicate_in_file: { en: 'Line {line}: {column} repeats line {value} of this file', zh: '第 {line} 行：{column} 与本文件第 {value} 行重复' },
  wrong_cell_count: { en: 'Line {line}: {value} cells, expected {max}', zh: '第 {line} 行：有 {value} 个单元格，应为 {max} 个' },
  too_long: { en: 'Line {line}: {column} is longer than {max} characters', zh: '第 {line} 行：{column} 超过 {max} 个字符' },
  unknown_owner: { en: 'Line {line}: no user "{value}" to own this customer', zh: '第 {line} 行：找不到负责人“{value}”' },
  customer_not_found: { en: 'Line {line}: no customer "{value}"', zh: '第 {line} 行：找不到客户“{value}”' },
  not_allowed: { en: 'Line {line}: you may not change "{value}"', zh: '第 {line} 行：你无权修改“{value}”' },
  order_conflict: { en: 'Line {line}: order {value} was imported before with other figures', zh: '第 {line} 行：订单 {value} 之前已导入，但数据不同' },
  empty: { en: 'The file is empty', zh: '文件是空的' },
  binary: { en: 'This is not a CSV file (an Excel .xlsx?). Save it as CSV and send it again', zh: '这不是 CSV 文件（是 Excel .xlsx 吗？），请另存为 CSV 后重新发送' },
  too_large: { en: 'The file is too large ({size} bytes, at most {max})', zh: '文件太大（{size} 字节，最多 {max}）' },
  bad_encoding: { en: 'Cannot read the text of this file: save it as CSV UTF-8', zh: '无法识别文件编码，请另存为 CSV UTF-8' },
  malformed_csv: { en: 'The CSV is malformed near line {line} (an unclosed quote?)', zh: 'CSV 格式错误，约在第 {line} 行（引号未闭合？）' },
  too_many_rows: { en: 'Too many rows: at most {max} per file', zh: '行数过多：每个文件最多 {max} 行' },
  no_rows: { en: 'The file has a header but no rows', zh: '文件只有表头，没有数据行' },
  unknown_kind: { en: 'Cannot tell what this file holds: customers need a name column, orders an order_id column', zh: '无法识别文件内容：客户文件需要“名称”列，订单文件需要“订单号”列' },
  not_customer_file: { en: 'This looks like an orders file, not customers', zh: '这看起来是订单文件，而不是客户文件' },
  not_order_file: { en: 'This looks like a customers file, not orders', zh: '这看起来是客户文件，而不是订单文件' },
  missing_columns: { en: 'Missing required columns: {column}', zh: '缺少必填列：{column}' },
  duplicate_columns: { en: 'Columns given twice: {column}', zh: '重复的列：{column}' },
  unknown_columns: { en: 'Ignored unknown columns: {column}', zh: '已忽略未知列：{column}' },
};

/** Fills a message's placeholders; unknown placeholders are left as they are. */
export function formatImportMessage(key: ImportMessageKey, lang: 'en' | 'zh', params: ImportParams = {}): string {
  const values = params as Record<string, string | number | undefined>;
  return IMPORT_ERROR_TEXT[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
}

export const MAX_ERROR_VALUE_CHARS = 80;

/** Cuts a value for an error report by code points, so no surrogate pair is split. */
export function truncateValue(value: string): string {
  const chars = Array.from(value);
  return chars.length <= MAX_ERROR_VALUE_CHARS ? value : `${chars.slice(0, MAX_ERROR_VALUE_CHARS - 1).join('')}…`;
}
