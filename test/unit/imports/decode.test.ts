import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, decodeCsvBytes } from '../../../src/imports/decode.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
const utf16 = (s: string, littleEndian: boolean) =>
  Array.from(s).flatMap((ch) => {
    const unit = ch.charCodeAt(0); // BMP only in these tests
    return littleEndian ? [unit & 0xff, unit >> 8] : [unit >> 8, unit & 0xff];
  });

// GBK bytes for a few characters; checked against the decoder below so the table cannot be wrong.
const GBK: Record<string, number[]> = {
  你: [0xc4, 0xe3], 好: [0xba, 0xc3], 客: [0xbf, 0xcd], 户: [0xbb, 0xa7],
  电: [0xb5, 0xe7], 话: [0xbb, 0xb0], 张: [0xd5, 0xc5], 三: [0xc8, 0xfd],
};
const gbk = (s: string) => Uint8Array.from(Array.from(s).flatMap((ch) => GBK[ch] ?? [ch.charCodeAt(0)]));

describe('decodeCsvBytes', () => {
  it('reads UTF-8 without a BOM', () => {
    expect(decodeCsvBytes(utf8('name,phone\n你好,123456\n'))).toEqual({ ok: true, text: 'name,phone\n你好,123456\n', encoding: 'utf-8' });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    expect(decodeCsvBytes(concat([0xef, 0xbb, 0xbf], utf8('名称\n客户A\n')))).toEqual({ ok: true, text: '名称\n客户A\n', encoding: 'utf-8-bom' });
  });

  it('falls back to GBK when the bytes are not UTF-8', () => {
    for (const [ch, bytes] of Object.entries(GBK)) expect(new TextDecoder('gbk').decode(Uint8Array.from(bytes))).toBe(ch);
    const bytes = gbk('客户,电话\n张三,13800138000\n你好,123456\n');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: '客户,电话\n张三,13800138000\n你好,123456\n', encoding: 'gbk' });
  });

  it('reads UTF-16LE and UTF-16BE with a BOM (NUL bytes there are not binary)', () => {
    const text = '客户\t电话\n张三\t123456\n';
    expect(decodeCsvBytes(concat([0xff, 0xfe], utf16(text, true)))).toEqual({ ok: true, text, encoding: 'utf-16le' });
    expect(decodeCsvBytes(concat([0xfe, 0xff], utf16(text, false)))).toEqual({ ok: true, text, encoding: 'utf-16be' });
  });

  it('refuses binary files: an xlsx (zip) or NUL bytes near the start', () => {
    const xlsx = concat([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00], utf8('[Content_Types].xml'));
    expect(decodeCsvBytes(xlsx)).toEqual({ ok: false, code: 'binary', params: {} });
    expect(decodeCsvBytes(concat(utf8('name\n'), [0, 1, 2], utf8('x\n')))).toMatchObject({ ok: false, code: 'binary' });
  });

  it('refuses files over MAX_IMPORT_BYTES before looking at them, with the size', () => {
    expect(MAX_IMPORT_BYTES).toBe(10 * 1024 * 1024);
    const big = new Uint8Array(11 * 1024 * 1024);
    expect(decodeCsvBytes(big)).toEqual({ ok: false, code: 'too_large', params: { size: big.length, max: MAX_IMPORT_BYTES } });
    expect(decodeCsvBytes(big.subarray(0, MAX_IMPORT_BYTES)).ok).toBe(false); // NULs: binary, but not too large
    expect(decodeCsvBytes(big.subarray(0, MAX_IMPORT_BYTES))).toMatchObject({ code: 'binary' });
  });

  it('refuses empty files, including a lone BOM or only blank lines', () => {
    expect(decodeCsvBytes(new Uint8Array(0))).toMatchObject({ ok: false, code: 'empty' });
    expect(decodeCsvBytes(Uint8Array.from([0xef, 0xbb, 0xbf]))).toMatchObject({ ok: false, code: 'empty' });
    expect(decodeCsvBytes(utf8(' \r\n\n '))).toMatchObject({ ok: false, code: 'empty' });
  });

  it('refuses bytes that are neither UTF-8 nor GBK', () => {
    // C4 is a lead byte in both encodings, and a space cannot follow it in either.
    expect(decodeCsvBytes(Uint8Array.from([0x61, 0x2c, 0xc4, 0x20, 0x0a]))).toEqual({ ok: false, code: 'bad_encoding', params: {} });
    expect(decodeCsvBytes(Uint8Array.from([0xff, 0xfe, 0x61]))).toMatchObject({ ok: false, code: 'bad_encoding' }); // odd UTF-16 length
  });
});
