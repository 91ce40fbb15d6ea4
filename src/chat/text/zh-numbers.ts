// Small Chinese numerals as typed in dates: 3, 三, 十二, 二十.

const ZH_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 1-99 in Arabic or Chinese numerals ("3", "三", "十二", "二十"); NaN otherwise. */
export function zhNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return NaN;
  const [, a, ten, b] = m;
  if (!ten) return a && !b ? (ZH_DIGITS[a] ?? NaN) : NaN;
  return (a ? (ZH_DIGITS[a] ?? 0) : 1) * 10 + (b ? (ZH_DIGITS[b] ?? 0) : 0);
}
