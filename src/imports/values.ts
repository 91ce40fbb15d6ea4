// Parsers for single CSV cells. Each takes a trimmed, non-empty cell and returns the typed value or
// an error code. Spreadsheet users type full-width digits and punctuation (１２３，＠), so most
// parsers apply NFKC first. Rules follow the chat grammar (src/chat/grammar.ts) where it has one.
import { z } from 'zod';
import { currencyCode } from '../domain/currency.js';
import type { ImportErrorCode } from './errors.js';

export type Cell<T> =
  | { ok: true; value: T }
  | { ok: false; code: ImportErrorCode; /** the limit broken */ max?: number; /** the offending part, if not the whole cell */ value?: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const bad = (code: ImportErrorCode, extra: { max?: number; value?: string } = {}): Cell<never> => ({ ok: false, code, ...extra });

/** Free text, kept as written. Length in UTF-16 units, like the grammar's zod `.max()`. */
export const text =
  (max: number) =>
  (raw: string): Cell<string> =>
    raw.length > max ? bad('too_long', { max }) : ok(raw);

/**
 * A non-negative decimal as spreadsheets show money: `1,234.50`, `¥1234`, `1234元`, `１２３４`.
 * Thousands separators must be well placed, so the European `1.234,50` is refused rather than
 * misread as 1.234.
 */
export function parseDecimal(raw: string): number | null {
  const s = raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(?:[¥$€£]|rmb|cny|usd)/i, '')
    .replace(/(?:元|rmb|cny|usd)$/i, '');
  if (!/^(?:(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?|\.\d+)$/.test(s)) return null;
  const n = Number(s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

/** ≥ 0 by construction (parseDecimal takes no sign); the bounds are the grammar's. */
export const amount =
  (max: number, integer = false) =>
  (raw: string): Cell<number> => {
    const n = parseDecimal(raw);
    return n === null || n > max || (integer && !Number.isInteger(n)) ? bad('bad_number') : ok(n);
  };

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.MM.DD`, `YYYY年M月D日` → `YYYY-MM-DD`; impossible dates (02-30)
 * are refused. Day-first and month-first forms (`05/03/2026`) are ambiguous, so they are refused too.
 */
export function parseDate(raw: string): string | null {
  const m = /^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)$/.exec(raw.normalize('NFKC').trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[3] ?? m[5]), Number(m[4] ?? m[6])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

const TIME = /[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/i;

/**
 * A date (as parseDate) or a date and time → `YYYY-MM-DD` or `YYYY-MM-DDTHH:mm:ss[.sss][Z|±HH:MM]`.
 * Without an offset the time is wall-clock time: the caller applies the workspace timezone.
 */
export function parseDateTime(raw: string): string | null {
  const s = raw.normalize('NFKC').trim();
  const t = TIME.exec(s);
  if (!t) return parseDate(s);
  const date = parseDate(s.slice(0, t.index));
  const [h, mi, se, oh, om] = [t[1], t[2], t[3], t[7], t[8]].map((v) => Number(v ?? 0)) as [number, number, number, number, number];
  if (date === null || h > 23 || mi > 59 || se > 59 || oh > 14 || om > 59) return null;
  const frac = t[4] === undefined ? '' : `.${t[4].slice(0, 3).padEnd(3, '0')}`;
  const zone = t[5] !== undefined ? 'Z' : t[6] !== undefined ? `${t[6]}${pad(oh)}:${pad(om)}` : '';
  return `${date}T${pad(h)}:${pad(mi)}:${pad(se)}${frac}${zone}`;
}

export const date = (raw: string): Cell<string> => {
  const v = parseDate(raw);
  return v === null ? bad('bad_date') : ok(v);
};

export const dateTime = (raw: string): Cell<string> => {
  const v = parseDateTime(raw);
  return v === null ? bad('bad_date') : ok(v);
};

/** The grammar's phone rule; `1.38E+10` (Excel's number format) fails it, as it should. */
export const phone = (raw: string): Cell<string> => {
  const v = raw.normalize('NFKC').trim();
  return /^\+?[\d\s\-()]{5,24}$/.test(v) && v.replace(/\D/g, '').length >= 5 ? ok(v) : bad('bad_phone');
};

const emailSchema = z.string().trim().toLowerCase().pipe(z.email());
export const email = (raw: string): Cell<string> => {
  const parsed = emailSchema.safeParse(raw.normalize('NFKC'));
  return parsed.success ? ok(parsed.data) : bad('bad_email');
};

const MAX_TAGS = 20;
const MAX_TAG_CHARS = 40;
/** Split on , ， 、 ; ； (one cell holds them all); the grammar's tag rules: ≤ 20, ≤ 40 chars, no spaces. */
export const tags = (raw: string): Cell<string[]> => {
  const list = [...new Set(raw.split(/[,，、;；]/).map((t) => t.trim()).filter((t) => t !== ''))];
  if (list.length === 0) return bad('bad_tag');
  if (list.length > MAX_TAGS) return bad('bad_tag', { max: MAX_TAGS });
  const wrong = list.find((t) => t.length > MAX_TAG_CHARS || /\s/.test(t));
  return wrong === undefined ? ok(list) : bad('bad_tag', { value: wrong });
};

const LANGUAGES: Record<string, 'en' | 'zh'> = {
  en: 'en', english: 'en', 英文: 'en', 英语: 'en',
  zh: 'zh', zh_cn: 'zh', 'zh-cn': 'zh', chinese: 'zh', 中文: 'zh', 汉语: 'zh',
};
export const language = (raw: string): Cell<'en' | 'zh'> => {
  const v = LANGUAGES[raw.normalize('NFKC').trim().toLowerCase()];
  return v === undefined ? bad('bad_language') : ok(v);
};

/** ISO 4217 codes, upper-cased; the usual Chinese spellings of the yuan mean CNY. */
export const currency = (raw: string): Cell<string> => {
  const v = raw.normalize('NFKC').trim().toUpperCase();
  if (v === 'RMB' || v === '人民币' || v === '元') return ok('CNY');
  const code = currencyCode(v);
  return code ? ok(code) : bad('bad_currency');
};

/** What makes two names "the same" within one file: NFKC, trimmed, spaces collapsed, lower-case. */
export const nameKey = (name: string): string => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
