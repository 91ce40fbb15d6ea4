import { describe, expect, it } from 'vitest';
import { parseCsvTable, type CsvTable } from '../../../src/imports/csv.js';
import { detectImportKind, validateCustomerRows, validateOrderRows } from '../../../src/imports/rows.js';

const table = (text: string): CsvTable => {
  const result = parseCsvTable(text);
  if (!result.ok) throw new Error(`expected a table: ${JSON.stringify(result)}`);
  return result.table;
};
const customers = (text: string) => validateCustomerRows(table(text));
const orders = (text: string) => validateOrderRows(table(text));

describe('detectImportKind', () => {
  it('orders have an order id, customers a name and no order id', () => {
    expect(detectImportKind(['Order ID', 'customer', 'amount'])).toBe('orders');
    expect(detectImportKind(['订单号', '客户', '金额'])).toBe('orders');
    expect(detectImportKind(['name', 'order_id'])).toBe('orders');
    expect(detectImportKind(['客户名称', '电话'])).toBe('customers');
    expect(detectImportKind(['Name', 'Orders'])).toBe('customers');
    expect(detectImportKind(['phone', 'email'])).toBeNull();
  });
});

describe('validateCustomerRows', () => {
  it('reads Chinese headers and normalises every kind of value', () => {
    const result = customers(
      '客户名称,公司,手机,邮箱,行业,区域,负责人,标签,消费额（元）,订单数,最近下单,语言\n' +
        '上海贸易,上海贸易有限公司,＋86 138-0013-8000,Sales@Example.COM,制造,华东,U012ABC,"重点，华东、vip",￥１，２３４．５,１２,2026年3月5日,中文\n',
    );
    expect(result).toMatchObject({ kind: 'customers', errors: [], missingColumns: [], unknownColumns: [], duplicateColumns: [], total: 1 });
    expect(result.rows).toEqual([
      {
        line: 2, name: '上海贸易', company: '上海贸易有限公司', phone: '+86 138-0013-8000', email: 'sales@example.com', industry: '制造', region: '华东',
        owner: 'U012ABC', tags: ['重点', '华东', 'vip'], spend: 1234.5, orders: 12, lastOrder: '2026-03-05', language: 'zh',
      },
    ]);
  });

  it('leaves empty optional cells out of the record', () => {
    expect(customers('name,phone,email\nAcme,,\n').rows).toEqual([{ line: 2, name: 'Acme' }]);
  });

  it('reports each bad value with its line, header as written, canonical column and value', () => {
    const result = customers(
      'Name,Phone,E-mail,Spend,Orders,Last Order,Language,Tags,Company\n' +
        ',12345,a@b.co,1,1,2026-01-01,en,vip,C\n' + // 2 missing_value
        'B,abc,not-an-email,1,1,2026-01-01,en,vip,C\n' + // 3 bad_phone + bad_email
        'C,12345,c@d.co,-3,1.5,2026-02-30,klingon,key account,C\n' + // 4 bad_number x2, bad_date, bad_language, bad_tag
        'D,12345,d@d.co,1,1,2026-01-01,en,vip\n' + // 5 wrong_cell_count
        `${'N'.repeat(101)},12345,e@d.co,1,1,2026-01-01,en,vip,${'C'.repeat(201)}\n` + // 6 too_long x2
        'OK,12345,ok@d.co,"1,000",3,2026/1/2,EN,vip,C\n',
    );
    expect(result.rows).toEqual([
      { line: 7, name: 'OK', phone: '12345', email: 'ok@d.co', spend: 1000, orders: 3, lastOrder: '2026-01-02', language: 'en', tags: ['vip'], company: 'C' },
    ]);
    expect(result.total).toBe(6);
    expect(result.errors).toEqual([
      { line: 2, column: 'Name', field: 'name', code: 'missing_value' },
      { line: 3, column: 'Phone', field: 'phone', code: 'bad_phone', value: 'abc' },
      { line: 3, column: 'E-mail', field: 'email', code: 'bad_email', value: 'not-an-email' },
      { line: 4, column: 'Spend', field: 'spend', code: 'bad_number', value: '-3' },
      { line: 4, column: 'Orders', field: 'orders', code: 'bad_number', value: '1.5' },
      { line: 4, column: 'Last Order', field: 'last_order', code: 'bad_date', value: '2026-02-30' },
      { line: 4, column: 'Language', field: 'language', code: 'bad_language', value: 'klingon' },
      { line: 4, column: 'Tags', field: 'tags', code: 'bad_tag', value: 'key account' },
      { line: 5, code: 'wrong_cell_count', value: '8', max: 9 },
      { line: 6, column: 'Name', field: 'name', code: 'too_long', value: `${'N'.repeat(79)}…`, max: 100 },
      { line: 6, column: 'Company', field: 'company', code: 'too_long', value: `${'C'.repeat(79)}…`, max: 200 },
    ]);
    for (const error of result.errors) expect(Array.from(error.value ?? '').length).toBeLessThanOrEqual(80);
  });

  it('flags the second and later rows with the same name, pointing at the first', () => {
    const result = customers('name,phone\nAcme  Trading,12345\nBeta,12345\n ＡＣＭＥ trading ,12345\nbeta,x\nacme trading,54321\n');
    expect(result.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(result.errors).toEqual([
      { line: 4, column: 'name', field: 'name', code: 'duplicate_in_file', value: '2' },
      { line: 5, column: 'phone', field: 'phone', code: 'bad_phone', value: 'x' },
      { line: 5, column: 'name', field: 'name', code: 'duplicate_in_file', value: '3' },
      { line: 6, column: 'name', field: 'name', code: 'duplicate_in_file', value: '2' },
    ]);
  });

  it('refuses the whole file when the name column is missing or given twice', () => {
    expect(customers('company,phone\nAcme,12345\n')).toEqual({
      kind: 'customers', rows: [], errors: [], missingColumns: ['name'], duplicateColumns: [], unknownColumns: [], total: 1,
    });
    expect(customers('name,电话,手机\nAcme,12345,54321\n')).toMatchObject({ rows: [], missingColumns: [], duplicateColumns: ['电话', '手机'] });
  });

  it('reports unknown columns without refusing the file, and ignores blank headers', () => {
    const result = customers('name,Favourite Colour,,备注\nAcme,blue,x,hello\n');
    expect(result.unknownColumns).toEqual(['Favourite Colour', '备注']);
    expect(result.rows).toEqual([{ line: 2, name: 'Acme' }]);
  });
});

describe('validateOrderRows', () => {
  it('reads orders with Chinese headers, dates and datetimes, and currencies', () => {
    const result = orders('订单号,客户,金额,下单日期,币种\nSO-1,#12,"1,299.00",2026/3/5,cny\nSO-2,上海贸易,0,2026-03-05T10:20:00+08:00,人民币\nSO-3,Acme,5,2026-03-06 09:00,\n');
    expect(result.errors).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, orderId: 'SO-1', customer: '#12', amount: 1299, orderedAt: '2026-03-05', currency: 'CNY' },
      { line: 3, orderId: 'SO-2', customer: '上海贸易', amount: 0, orderedAt: '2026-03-05T10:20:00+08:00', currency: 'CNY' },
      { line: 4, orderId: 'SO-3', customer: 'Acme', amount: 5, orderedAt: '2026-03-06T09:00:00' },
    ]);
  });

  it('reports missing and bad values, refunds, bad currencies and repeated order ids', () => {
    const result = orders(
      'order_id,customer,amount,date,currency\n' +
        'A1,Acme,10,2026-01-01,USD\n' +
        'A2,,-10,2026-01-01,US$\n' +
        'A1,Beta,10,yesterday,EUR\n' +
        'a1,Beta,10,2026-01-01,EUR\n' + // order ids are compared exactly
        ',Beta,ten,2026-01-01,EUR\n' +
        'A1,Gamma,1,2026-01-02,EUR\n',
    );
    expect(result.rows.map((r) => r.orderId)).toEqual(['A1', 'a1']);
    expect(result.errors).toEqual([
      { line: 3, column: 'customer', field: 'customer', code: 'missing_value' },
      { line: 3, column: 'amount', field: 'amount', code: 'bad_number', value: '-10' },
      { line: 3, column: 'currency', field: 'currency', code: 'bad_currency', value: 'US$' },
      { line: 4, column: 'date', field: 'ordered_at', code: 'bad_date', value: 'yesterday' },
      { line: 4, column: 'order_id', field: 'order_id', code: 'duplicate_in_file', value: '2' },
      { line: 6, column: 'order_id', field: 'order_id', code: 'missing_value' },
      { line: 6, column: 'amount', field: 'amount', code: 'bad_number', value: 'ten' },
      { line: 7, column: 'order_id', field: 'order_id', code: 'duplicate_in_file', value: '2' },
    ]);
  });

  it('names every missing required column', () => {
    expect(orders('order_id,amount\nA1,10\n')).toMatchObject({ rows: [], missingColumns: ['customer', 'ordered_at'] });
  });
});
