// Table → validated customer or order records, plus a per-row error report. A row with any error
// is left out; the rest can be imported. The caller resolves owners and customers (#12 or a name)
// against the database and reports what it cannot find.
import { normalizeHeader, type CsvTable } from './csv.js';
import { truncateValue, type RowError } from './errors.js';
import * as v from './values.js';
import type { Cell } from './values.js';

export type ImportKind = 'customers' | 'orders';

export interface CustomerRow {
  line: number;
  name: string;
  company?: string;
  phone?: string;
  email?: string;
  industry?: string;
  region?: string;
  /** As written: a platform user id (U012ABC) or a display name. */
  owner?: string;
  tags?: string[];
  spend?: number;
  orders?: number;
  lastOrder?: string; // YYYY-MM-DD
  language?: 'en' | 'zh';
}

/** An OrderInput (src/domain/orders-types.ts) before the date is placed in the workspace timezone. */
export interface OrderRow {
  line: number;
  orderId: string;
  /** `#12`, `12` or the customer's name, as written. */
  customer: string;
  amount: number;
  /** `YYYY-MM-DD` or ISO `YYYY-MM-DDTHH:mm:ss[.sss][Z|±HH:MM]`; without an offset, workspace time. */
  orderedAt: string;
  currency?: string;
}

interface ValidationBase {
  errors: RowError[];
  /** Canonical names of required columns the file lacks; when non-empty no row is accepted. */
  missingColumns: string[];
  /** Headers naming the same column (`电话` and `手机`); when non-empty no row is accepted. */
  duplicateColumns: string[];
  /** Headers we do not know, as written; their cells are ignored. */
  unknownColumns: string[];
  /** Data rows in the file (blank rows not counted). */
  total: number;
}
export interface CustomerValidation extends ValidationBase {
  kind: 'customers';
  rows: CustomerRow[];
}
export interface OrderValidation extends ValidationBase {
  kind: 'orders';
  rows: OrderRow[];
}
export type ImportValidation = CustomerValidation | OrderValidation;

interface Column<T> {
  /** The canonical name, as reported in missingColumns and RowError.field. */
  column: string;
  /** Header spellings, compared after normalizeHeader(). */
  aliases: readonly string[];
  required?: boolean;
  parse: (raw: string) => Cell<T>;
}
type Columns<R> = { [K in Exclude<keyof R, 'line'>]-?: Column<NonNullable<R[K]>> };

const NAME_MAX = 100;
const TEXT_MAX = 200;

const CUSTOMER_COLUMNS: Columns<CustomerRow> = {
  name: { column: 'name', aliases: ['name', 'customer_name', '名称', '名字', '客户名称', '客户'], required: true, parse: v.text(NAME_MAX) },
  company: { column: 'company', aliases: ['company', '公司', '公司名称'], parse: v.text(TEXT_MAX) },
  phone: { column: 'phone', aliases: ['phone', 'tel', 'mobile', '电话', '手机', '手机号'], parse: v.phone },
  email: { column: 'email', aliases: ['email', 'e_mail', 'mail', '邮箱', '电子邮箱'], parse: v.email },
  industry: { column: 'industry', aliases: ['industry', '行业'], parse: v.text(TEXT_MAX) },
  region: { column: 'region', aliases: ['region', '地区', '区域'], parse: v.text(TEXT_MAX) },
  owner: { column: 'owner', aliases: ['owner', '负责人'], parse: v.text(TEXT_MAX) },
  tags: { column: 'tags', aliases: ['tags', 'tag', '标签'], parse: v.tags },
  spend: { column: 'spend', aliases: ['spend', 'total_spend', '消费', '消费额'], parse: v.amount(1e12) },
  orders: { column: 'orders', aliases: ['orders', 'order_count', '订单数'], parse: v.amount(1e9, true) },
  lastOrder: { column: 'last_order', aliases: ['last_order', '最近下单'], parse: v.date },
  language: { column: 'language', aliases: ['language', 'lang', '语言'], parse: v.language },
};

const ORDER_COLUMNS: Columns<OrderRow> = {
  orderId: { column: 'order_id', aliases: ['order_id', 'order_no', 'order_number', '订单号', '订单编号'], required: true, parse: v.text(TEXT_MAX) },
  // It names a customer, so a longer value could not match any customer name.
  customer: { column: 'customer', aliases: ['customer', '客户', '客户名称'], required: true, parse: v.text(NAME_MAX) },
  // Refunds (negative amounts) are not imported: the order ledger has no way to net them yet.
  amount: { column: 'amount', aliases: ['amount', '金额'], required: true, parse: v.amount(1e12) },
  orderedAt: { column: 'ordered_at', aliases: ['ordered_at', 'date', '下单日期', '下单时间', '日期'], required: true, parse: v.dateTime },
  currency: { column: 'currency', aliases: ['currency', '币种'], parse: v.currency },
};

const hasAny = (keys: ReadonlySet<string>, aliases: readonly string[]) => aliases.some((a) => keys.has(normalizeHeader(a)));

/** Orders have an order id column; customers a name column and no order id. Headers raw or normalised. */
export function detectImportKind(headers: readonly string[]): ImportKind | null {
  const keys = new Set(headers.map(normalizeHeader));
  if (hasAny(keys, ORDER_COLUMNS.orderId.aliases)) return 'orders';
  if (hasAny(keys, CUSTOMER_COLUMNS.name.aliases)) return 'customers';
  return null;
}

export function validateCustomerRows(table: CsvTable): CustomerValidation {
  const result = validateTable(table, CUSTOMER_COLUMNS, 'name', v.nameKey);
  return { kind: 'customers', ...result, rows: result.rows as unknown as CustomerRow[] };
}

/** Order ids are compared exactly (after trimming): shop systems may treat `A1` and `a1` as two orders. */
export function validateOrderRows(table: CsvTable): OrderValidation {
  const result = validateTable(table, ORDER_COLUMNS, 'orderId', (id) => id);
  return { kind: 'orders', ...result, rows: result.rows as unknown as OrderRow[] };
}

function validateTable(
  table: CsvTable,
  columns: Record<string, Column<unknown>>,
  keyField: string,
  keyOf: (value: string) => string,
): ValidationBase & { rows: Record<string, unknown>[] } {
  const lookup = new Map<string, string>();
  for (const [field, spec] of Object.entries(columns)) for (const alias of spec.aliases) lookup.set(normalizeHeader(alias), field);

  // field → index of its column. Blank headers are skipped: spreadsheets often add empty columns.
  const columnOf = new Map<string, number>();
  const unknownColumns: string[] = [];
  const duplicates = new Set<number>();
  table.keys.forEach((key, i) => {
    if (key === '') return;
    const field = lookup.get(key);
    const first = field === undefined ? undefined : columnOf.get(field);
    if (field === undefined) unknownColumns.push(table.headers[i]!);
    else if (first === undefined) columnOf.set(field, i);
    else duplicates.add(first).add(i);
  });
  const duplicateColumns = [...duplicates].sort((a, b) => a - b).map((i) => table.headers[i]!);
  const missingColumns = Object.entries(columns)
    .filter(([field, spec]) => spec.required === true && !columnOf.has(field))
    .map(([, spec]) => spec.column);
  const total = table.rows.length;
  const base = { missingColumns, duplicateColumns, unknownColumns, total };
  if (missingColumns.length > 0 || duplicateColumns.length > 0) return { ...base, rows: [], errors: [] };

  const rows: Record<string, unknown>[] = [];
  const errors: RowError[] = [];
  const firstLineOf = new Map<string, number>();
  const width = table.headers.length;
  for (const { line, cells } of table.rows) {
    // Cells of a row with too few or too many are misaligned: checking them would report nonsense.
    if (cells.length !== width) {
      errors.push({ line, code: 'wrong_cell_count', value: String(cells.length), max: width });
      continue;
    }
    const record: Record<string, unknown> = { line };
    const rowErrors: RowError[] = [];
    for (const [field, i] of columnOf) {
      const raw = cells[i]!;
      const spec = columns[field]!;
      const where = { line, column: table.headers[i]!, field: spec.column };
      if (raw === '') {
        if (spec.required === true) rowErrors.push({ ...where, code: 'missing_value' });
        continue;
      }
      const cell = spec.parse(raw);
      if (cell.ok) record[field] = cell.value;
      else rowErrors.push({ ...where, code: cell.code, value: truncateValue(cell.value ?? raw), ...(cell.max === undefined ? {} : { max: cell.max }) });
    }
    // Later rows with the same key are errors even when the first row has other errors: the file
    // is ambiguous about that customer (order) either way.
    const keyValue = record[keyField];
    if (typeof keyValue === 'string') {
      const key = keyOf(keyValue);
      const first = firstLineOf.get(key);
      if (first === undefined) firstLineOf.set(key, line);
      else {
        const i = columnOf.get(keyField)!;
        rowErrors.push({ line, column: table.headers[i]!, field: columns[keyField]!.column, code: 'duplicate_in_file', value: String(first) });
      }
    }
    if (rowErrors.length === 0) rows.push(record);
    else errors.push(...rowErrors);
  }
  return { ...base, rows, errors };
}
