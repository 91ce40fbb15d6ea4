import { describe, expect, it } from 'vitest';
import { IMPORT_MESSAGE_KEYS, MAX_IMPORT_ROWS, formatImportMessage, readImportFile, type ImportFileResult, type ImportMessageKey } from '../../../src/imports/index.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (s: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(s)]);
function accepted(result: ImportFileResult) {
  if (!result.ok) throw new Error(`expected the file to be read: ${JSON.stringify(result)}`);
  return result;
}

const CUSTOMERS = [
  'name,company,phone,email,industry,region,owner,tags,spend,orders,last_order,language',
  ...Array.from({ length: 10 }, (_, i) =>
    [`Customer ${i + 1}`, `Company ${i + 1} Ltd`, `+86 138 0000 00${String(i).padStart(2, '0')}`, `c${i + 1}@example.com`, 'Retail', i % 2 ? 'East' : 'North',
      i % 2 ? 'U012ABC' : 'Li Lei', '"vip,b2b"', `${(i + 1) * 100}.5`, String(i), `2026-01-${String(i + 1).padStart(2, '0')}`, i % 2 ? 'zh' : 'en'].join(','),
  ),
].join('\r\n');

const ORDERS = ['order_id,customer,amount,ordered_at,currency', ...Array.from({ length: 10 }, (_, i) => `SO-${1000 + i},${i % 3 ? `Customer ${i}` : `#${i + 1}`},${i * 10.25},2026-02-${String(i + 1).padStart(2, '0')}T08:00:00Z,CNY`)].join('\n');

describe('readImportFile', () => {
  it('reads a clean file of 10 customers (UTF-8 with BOM, CRLF)', () => {
    const result = accepted(readImportFile(withBom(CUSTOMERS), 'customers'));
    expect(result).toMatchObject({ kind: 'customers', encoding: 'utf-8-bom', delimiter: ',', total: 10, errors: [], missingColumns: [], unknownColumns: [] });
    expect(result.rows).toHaveLength(10);
    expect(result.rows[9]).toEqual({
      line: 11, name: 'Customer 10', company: 'Company 10 Ltd', phone: '+86 138 0000 0009', email: 'c10@example.com', industry: 'Retail', region: 'East',
      owner: 'U012ABC', tags: ['vip', 'b2b'], spend: 1000.5, orders: 9, lastOrder: '2026-01-10', language: 'zh',
    });
  });

  it('reads a clean file of 10 orders and detects the kind from the headers', () => {
    const result = accepted(readImportFile(utf8(ORDERS)));
    expect(result).toMatchObject({ kind: 'orders', encoding: 'utf-8', total: 10, errors: [] });
    expect(result.rows[0]).toEqual({ line: 2, orderId: 'SO-1000', customer: '#1', amount: 0, orderedAt: '2026-02-01T08:00:00Z', currency: 'CNY' });
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reads a tab-separated UTF-16LE export with Chinese headers', () => {
    const text = '客户名称\t电话\t标签\n上海贸易\t021-5555 0000\t重点\n';
    const bytes = Uint8Array.from([0xff, 0xfe, ...Array.from(text).flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8])]);
    const result = accepted(readImportFile(bytes));
    expect(result).toMatchObject({ kind: 'customers', encoding: 'utf-16le', delimiter: '\t', rows: [{ line: 2, name: '上海贸易', phone: '021-5555 0000', tags: ['重点'] }] });
  });

  it('passes file-level failures through with their params', () => {
    expect(readImportFile(new Uint8Array(0))).toEqual({ ok: false, code: 'empty', params: {} });
    expect(readImportFile(utf8('name,"open\n'))).toEqual({ ok: false, code: 'malformed_csv', params: { line: 1 } });
    expect(readImportFile(utf8('phone,email\n12345,a@b.co\n'))).toEqual({ ok: false, code: 'unknown_kind', params: {} });
    expect(readImportFile(utf8('name,phone\n\n'))).toEqual({ ok: false, code: 'no_rows', params: {} });
  });

  it('refuses a file of the other kind when a kind is expected', () => {
    expect(readImportFile(utf8(ORDERS), 'customers')).toEqual({ ok: false, code: 'not_customer_file', params: {} });
    expect(readImportFile(withBom(CUSTOMERS), 'orders')).toEqual({ ok: false, code: 'not_order_file', params: {} });
    // An unrecognisable file of the expected kind is told what it lacks.
    expect(readImportFile(utf8('单号,金额\nA1,5\n'), 'orders')).toMatchObject({ ok: true, kind: 'orders', missingColumns: ['order_id', 'customer', 'ordered_at'], unknownColumns: ['单号'], rows: [] });
  });

  it('has an English and a Chinese text for every code, with placeholders that format', () => {
    const keys: ImportMessageKey[] = [
      'missing_value', 'bad_number', 'bad_date', 'bad_email', 'bad_phone', 'bad_language', 'bad_tag', 'bad_currency', 'duplicate_in_file', 'wrong_cell_count', 'too_long',
      'empty', 'binary', 'too_large', 'bad_encoding', 'malformed_csv', 'too_many_rows', 'no_rows', 'unknown_kind', 'not_customer_file', 'not_order_file',
      'missing_columns', 'duplicate_columns', 'unknown_columns',
      'unknown_owner', 'customer_not_found', 'not_allowed', 'order_conflict',
    ];
    expect([...IMPORT_MESSAGE_KEYS].sort()).toEqual([...keys].sort());
    for (const key of keys) for (const lang of ['en', 'zh'] as const) expect(formatImportMessage(key, lang)).not.toMatch(/^import\.error\./);
    expect(formatImportMessage('duplicate_in_file', 'en', { line: 4, column: 'name', value: '2' })).toBe('Line 4: name repeats line 2 of this file');
    expect(formatImportMessage('too_large', 'zh', { size: 11534336, max: 10485760 })).toBe('文件太大（11534336 字节，最多 10485760）');
  });

  it(`reads ${MAX_IMPORT_ROWS} order rows in a few seconds`, () => {
    const lines = ['order_id,customer,amount,ordered_at,currency'];
    for (let i = 0; i < MAX_IMPORT_ROWS; i++) lines.push(`SO-${i},"Customer ${i % 5000}",${(i * 3.7).toFixed(2)},2026-03-${String((i % 28) + 1).padStart(2, '0')},CNY`);
    const bytes = utf8(lines.join('\n'));
    const started = performance.now();
    const result = accepted(readImportFile(bytes, 'orders'));
    const ms = performance.now() - started;
    console.log(`100k order rows (${(bytes.length / 1024 / 1024).toFixed(1)} MiB): ${ms.toFixed(0)} ms`);
    expect(result.rows).toHaveLength(MAX_IMPORT_ROWS);
    expect(result.errors).toEqual([]);
    expect(ms).toBeLessThan(5000);
  }, 30_000);
});
