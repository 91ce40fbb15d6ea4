import { describe, expect, it } from 'vitest';
import { parseMention, splitOption, tokenize, type Token } from '../../../src/chat/text/tokenize.js';

function tokens(input: string): Token[] {
  const r = tokenize(input);
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`);
  return r.tokens;
}
const texts = (input: string) => tokens(input).map((t) => t.text);

describe('tokenize', () => {
  it('splits an English command line with quotes, options and a Slack mention', () => {
    const input = 'customer add "Acme Trading" company=Acme phone=138 tags=a,b owner=<@U123|bob>';
    expect(texts(input)).toEqual(['customer', 'add', 'Acme Trading', 'company=Acme', 'phone=138', 'tags=a,b', 'owner=<@U123|bob>']);
    const quoted = tokens(input)[2]!;
    expect(quoted).toEqual({ text: 'Acme Trading', quoted: true, start: 13, end: 27, raw: '"Acme Trading"' });
    expect(tokens(input)[3]!.quoted).toBe(false);
  });

  it('splits a Chinese command line with curly quotes and a full-width =', () => {
    expect(texts('客户 添加 “上海 贸易” 行业=制造')).toEqual(['客户', '添加', '上海 贸易', '行业=制造']);
    expect(texts('客户　添加　「上海 贸易」　行业＝制造')).toEqual(['客户', '添加', '上海 贸易', '行业＝制造']);
  });

  it('treats the ideographic space and other whitespace as separators', () => {
    expect(texts('  a\u3000b\tc\n d  ')).toEqual(['a', 'b', 'c', 'd']);
    expect(texts('')).toEqual([]);
    expect(texts('　 ')).toEqual([]);
  });

  it.each([
    ['"…"', '"a b"'],
    ["'…'", "'a b'"],
    ['“…”', '“a b”'],
    ['「…」', '「a b」'],
    ['『…』', '『a b』'],
    ['‘…’', '‘a b’'],
  ])('removes %s quotes', (_name, input) => {
    expect(tokens(`x ${input} y`).map((t) => [t.text, t.quoted])).toEqual([
      ['x', false],
      ['a b', true],
      ['y', false],
    ]);
  });

  it('keeps quotes inside a word literal and lets apostrophes live inside single quotes', () => {
    expect(texts("customer add Bob's Shop")).toEqual(['customer', 'add', "Bob's", 'Shop']);
    expect(texts("'Bob's Shop' x")).toEqual(["Bob's Shop", 'x']);
    expect(texts('‘Bob’s Shop’ x')).toEqual(['Bob’s Shop', 'x']);
    expect(texts("note='Bob's Shop', x")).toEqual(["note=Bob's Shop,", 'x']);
    expect(texts('"Acme Trading", x')).toEqual(['Acme Trading,', 'x']);
    expect(texts('size=5" x')).toEqual(['size=5"', 'x']);
  });

  it('quotes a key=value value, keeping offsets of the whole token', () => {
    const input = 'edit company="Acme Ltd" note=“上海 贸易”';
    const ts = tokens(input);
    expect(ts.map((t) => t.text)).toEqual(['edit', 'company=Acme Ltd', 'note=上海 贸易']);
    expect(ts[1]).toMatchObject({ quoted: true, start: 5, end: 23 });
    expect(input.slice(ts[1]!.start, ts[1]!.end)).toBe('company="Acme Ltd"');
  });

  it('gives offsets so the caller can take the rest of the line verbatim', () => {
    const input = 'log Acme   had a  great call, 下周二回访 ';
    const ts = tokens(input);
    expect(input.slice(ts[2]!.start)).toBe('had a  great call, 下周二回访 ');
    for (const t of ts) expect(input.slice(t.start, t.end)).toBe(t.raw);
  });

  it('keeps Slack entities with spaces in their labels whole', () => {
    expect(texts('assign <@U123|bob smith> <#C1|sales team> <https://x.test|a link>')).toEqual([
      'assign',
      '<@U123|bob smith>',
      '<#C1|sales team>',
      '<https://x.test|a link>',
    ]);
    expect(texts('a < b')).toEqual(['a', '<', 'b']);
  });

  it('reports an unterminated quote with its position instead of throwing', () => {
    expect(tokenize('customer add "Acme Trading')).toEqual({ ok: false, error: { code: 'unterminated_quote', at: 13 } });
    expect(tokenize('客户 添加 “上海')).toEqual({ ok: false, error: { code: 'unterminated_quote', at: 6 } });
    expect(tokenize('x company="Acme')).toEqual({ ok: false, error: { code: 'unterminated_quote', at: 10 } });
  });
});

describe('splitOption', () => {
  const opt = (s: string) => splitOption(tokens(s)[0]!);

  it('recognises key=value and key＝value', () => {
    expect(opt('company=Acme')).toEqual({ key: 'company', value: 'Acme' });
    expect(opt('行业＝制造')).toEqual({ key: '行业', value: '制造' });
    expect(opt('follow_up-date=2026-12-04')).toEqual({ key: 'follow_up-date', value: '2026-12-04' });
    expect(opt('tags=a,b=c')).toEqual({ key: 'tags', value: 'a,b=c' });
    expect(opt('company="Acme Ltd"')).toEqual({ key: 'company', value: 'Acme Ltd' });
    expect(opt('company=')).toEqual({ key: 'company', value: '' });
  });

  it('returns null for plain words, a missing key, or a fully quoted token', () => {
    expect(opt('Acme')).toBeNull();
    expect(opt('=Acme')).toBeNull();
    expect(opt('"a=b"')).toBeNull();
    expect(opt('a.b=c')).toBeNull();
  });
});

describe('parseMention', () => {
  it('reads Slack mentions', () => {
    expect(parseMention('<@U123ABC>')).toEqual({ id: 'U123ABC' });
    expect(parseMention('<@U123ABC|bob>')).toEqual({ id: 'U123ABC' });
    expect(parseMention(' <@W9ZZ|bob smith> ')).toEqual({ id: 'W9ZZ' });
  });

  it('reads plain @names, including full-width ＠', () => {
    expect(parseMention('@someone')).toEqual({ id: 'someone', plain: true });
    expect(parseMention('＠张三')).toEqual({ id: '张三', plain: true });
  });

  it('rejects everything else', () => {
    for (const s of ['bob', '@', '<#C123|general>', '<@U1', 'a@b', '@a b', '<@u123>', '']) {
      expect(parseMention(s)).toBeNull();
    }
  });
});
