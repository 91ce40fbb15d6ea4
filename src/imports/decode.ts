// Bytes → text for CSV imports. Excel writes UTF-8 with a BOM, "Unicode text" as UTF-16LE with a
// BOM, and on Chinese Windows plain GBK; other tools write UTF-8 without a BOM.
import type { ImportParams } from './errors.js';

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** How much of the file is inspected for NUL bytes. */
const SNIFF_BYTES = 8 * 1024;

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gbk';

export type DecodeFailureCode = 'empty' | 'binary' | 'too_large' | 'bad_encoding';

export type DecodeResult =
  | { ok: true; text: string; encoding: CsvEncoding }
  | { ok: false; code: DecodeFailureCode; params: ImportParams };

const fail = (code: DecodeFailureCode, params: ImportParams = {}): DecodeResult => ({ ok: false, code, params });

/**
 * Decodes an uploaded CSV file. BOMs win; otherwise strict UTF-8, then GBK (which the WHATWG decoder
 * implements as GB18030, a superset). Limitation: a Latin-1/CP1252 file usually also decodes as GBK,
 * into the wrong characters; those are rare among our users and the preview shows the garbage.
 */
export function decodeCsvBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return fail('empty');
  // Checked first so that nothing is decoded, or even sniffed, for an oversized upload.
  if (bytes.length > MAX_IMPORT_BYTES) return fail('too_large', { size: bytes.length, max: MAX_IMPORT_BYTES });

  const [b0, b1, b2] = bytes;
  // UTF-16 is full of NUL bytes, so it is decoded before the binary check, and checked as text.
  if (b0 === 0xff && b1 === 0xfe) return finish(bytes, 'utf-16le', 'utf-16le');
  if (b0 === 0xfe && b1 === 0xff) return finish(bytes, 'utf-16be', 'utf-16be');

  if (looksBinary(bytes)) return fail('binary');
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return finish(bytes, 'utf-8', 'utf-8-bom');
  const utf8 = finish(bytes, 'utf-8', 'utf-8');
  return utf8.ok || utf8.code !== 'bad_encoding' ? utf8 : finish(bytes, 'gbk', 'gbk');
}

/** A zip container (xlsx, docx, …) or NUL bytes near the start: no spreadsheet writes those in CSV. */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return true;
  return bytes.subarray(0, SNIFF_BYTES).includes(0);
}

function finish(bytes: Uint8Array, label: string, encoding: CsvEncoding): DecodeResult {
  let text: string;
  try {
    // fatal: invalid sequences throw instead of becoming U+FFFD, so the GBK fallback can run.
    // The decoder drops the BOM itself (ignoreBOM defaults to false).
    text = new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return fail('bad_encoding');
  }
  if (text.slice(0, SNIFF_BYTES).includes('\u0000')) return fail('binary');
  if (text.trim() === '') return fail('empty');
  return { ok: true, text, encoding };
}
