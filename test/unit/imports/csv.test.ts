import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, detectDelimiter, normalizeHeader, parseCsvTable, type CsvTable } from '../../../src/imports/csv.js';

const table = (text: string): CsvTable => {
  const result = parseCsvTable(text);
  if (!result.ok) throw new Error(`expected a table: ${JSON.stringify(result)}`);
  return result.table;
};

describe('normalizeHeader', () => {
  it('lower-cases, trims, joins words with _ and drops a trailing unit note', () => {
    expect(normalizeHeader('  Order-ID ')).toBe('order_id');
    expect(normalizeHeader('Last  Order')).toBe('last_order');
    expect(normalizeHeader('ＥＭＡＩＬ')).toBe('email');
    expect(normalizeHeader('金额（元）')).toBe('金额');
    expect(normalizeHeader('Amount (CNY)')).toBe('amount');
    expect(normalizeHeader('客户名称')).toBe('客户名称');
    expect(normalizeHeader(normalizeHeader('Ordered At'))).toBe('ordered_at');
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent of , ; tab in the first non-blank line, ignoring quoted text', () => {
    expect(detectDelimiter('name;phone;email\na,b;c;d\n')).toBe(';');
    expect(detectDelimiter('\n\nname\tphone\n')).toBe('\t');
    expect(detectDelimiter('"a;b;c",d\n')).toBe(',');
    expect(detectDelimiter('name\nx;y;z\n')).toBe(','); // one column: the default
    expect(detectDelimiter('a,b;c\n')).toBe(','); // a tie
  });
});

describe('parseCsvTable', () => {
  it('reads a semicolon-separated file (Excel with a decimal comma)', () => {
    const t = table('name;spend;tags\nAcme;"1234,50";"vip;east"\n');
    expect(t.delimiter).toBe(';');
    expect(t.headers).toEqual(['name', 'spend', 'tags']);
    expect(t.rows).toEqual([{ line: 2, cells: ['Acme', '1234,50', 'vip;east'] }]);
  });

  it('keeps commas and line breaks inside quoted cells, trims cells, and counts rows as a spreadsheet does', () => {
    const text = 'Name , Company,Notes\n' + 'Acme,"Big, Co","line one\nline two\nline three"\n' + ' Beta , "Beta ""B"" Ltd" ,plain\n' + 'Gamma,G,"x\r\ny"\n' + 'Delta,D,d\n';
    const t = table(text);
    expect(t.headers).toEqual(['Name', 'Company', 'Notes']);
    expect(t.keys).toEqual(['name', 'company', 'notes']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['Acme', 'Big, Co', 'line one\nline two\nline three'] },
      { line: 3, cells: ['Beta', 'Beta "B" Ltd', 'plain'] }, // right after a three-line cell
      { line: 4, cells: ['Gamma', 'G', 'x\r\ny'] },
      { line: 5, cells: ['Delta', 'D', 'd'] },
    ]);
  });

  it('numbers rows the same with CRLF line ends', () => {
    const t = table('name,notes\r\nA,"1\r\n2"\r\nB,b\r\n');
    expect(t.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('skips blank lines and delimiter-only lines, which still count as rows', () => {
    const t = table('\n\nname,phone\n\nA,1\n  \n,,\n , \nB,2\n\n');
    expect(t.headerLine).toBe(3);
    expect(t.rows).toEqual([
      { line: 5, cells: ['A', '1'] },
      { line: 9, cells: ['B', '2'] },
    ]);
  });

  it('keeps rows with the wrong number of cells for the validator to report', () => {
    const t = table('a,b,c\n1,2\n1,2,3,4\n1,2,3\n');
    expect(t.rows.map((r) => r.cells.length)).toEqual([2, 4, 3]);
  });

  it('keeps a stray quote inside an unquoted cell as text', () => {
    expect(table('name,size\nBolt,3/4" steel\n').rows[0]?.cells).toEqual(['Bolt', '3/4" steel']);
  });

  it('refuses a file with an unclosed quote, naming the row where the bad record starts', () => {
    expect(parseCsvTable('name,notes\nA,a\nB,"never closed\nC,c\n')).toEqual({ ok: false, code: 'malformed_csv', params: { line: 3 } });
  });

  it('refuses an empty text and accepts a header without rows', () => {
    expect(parseCsvTable('\n , \n')).toEqual({ ok: false, code: 'empty', params: {} });
    expect(table('name,phone\n').rows).toEqual([]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows, and files that are mostly blank lines`, () => {
    expect(MAX_IMPORT_ROWS).toBe(100_000);
    expect(parseCsvTable('name\n' + 'x\n'.repeat(MAX_IMPORT_ROWS + 1))).toEqual({ ok: false, code: 'too_many_rows', params: { max: MAX_IMPORT_ROWS } });
    expect(parseCsvTable('name\n' + 'x\n'.repeat(MAX_IMPORT_ROWS)).ok).toBe(true);
    expect(parseCsvTable('name\n' + 'x\n\n\n'.repeat(MAX_IMPORT_ROWS)).ok).toBe(false);
  });
});
