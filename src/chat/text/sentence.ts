// Understands a plain message to the bot, e.g.
//   "called Acme about the renewal, follow up next Tuesday"
//   "给上海贸易打了电话，谈续约，下周二回访"
// into a draft interaction: channel, which customer, the summary, and a follow-up date. It only
// proposes; the caller shows the draft and the rep confirms, so guesses here are cheap to undo.
import { impossibleDateIn, isTooFarAhead, TOO_FAR } from './date-limits.js';
import { findDatesInSentence, localDateKey, type DateOptions, type DateProblem, type FoundDate } from './dates.js';
import { matchKey, normalizeForMatch } from './normalize.js';

export type Channel = 'call' | 'visit' | 'email' | 'wechat' | 'meeting' | 'other';

export interface CustomerRef {
  id: number;
  name: string;
}

export interface SentenceOptions extends DateOptions {
  /** Candidate customers (the caller pre-filters large sets); matching is O(names × text). */
  customerNames: ReadonlyArray<CustomerRef>;
}

export interface SentenceDraft {
  channel: Channel;
  /** Customers whose normalised name occurs in the text, longest name first. */
  customerMatches: CustomerRef[];
  /** When nothing matched: the words that look like the customer ("Acme" in "called Acme about…"). */
  customerText: string | null;
  /** The message as the user wrote it, trimmed. */
  summary: string;
  followUp: { date: Date; hasTime: boolean } | null;
  /** Why a follow-up the text names was not taken ("in 1000 years", "Feb 30"): said, never dropped silently. */
  followUpProblem?: { problem: DateProblem; text: string };
}

// --- channel --------------------------------------------------------------------------------

// The earliest keyword in the text decides ("visited Acme, will call Friday" is a visit); at the
// same position the longer keyword wins ("met at" is a visit, "met" a meeting).
const CHANNEL_RULES: ReadonlyArray<readonly [RegExp, Channel]> = [
  [/\b(?:call(?:s|ed|ing)?|phon(?:e|es|ed|ing)|rang)\b|电话|致电|通话|来电/gi, 'call'],
  [/\b(?:visit(?:s|ed|ing)?|met at)\b|拜访|上门|走访|拜会/gi, 'visit'],
  [/\b(?:e-?mail(?:s|ed|ing)?|mail(?:ed)?)\b|邮件/gi, 'email'],
  [/\bwe-?chat(?:s|ted|ed)?\b|微信/gi, 'wechat'],
  [/\b(?:meetings?|meet|met)\b|开会|会议|见面/gi, 'meeting'],
];

export function detectChannel(text: string): Channel {
  let best: { index: number; length: number; channel: Channel } | null = null;
  for (const [re, channel] of CHANNEL_RULES) {
    for (const m of text.matchAll(re)) {
      if (!best || m.index < best.index || (m.index === best.index && m[0].length > best.length)) {
        best = { index: m.index, length: m[0].length, channel };
      }
    }
  }
  return best?.channel ?? 'other';
}

// --- customers ------------------------------------------------------------------------------

// A Latin-script name must not match inside a longer word ("Acme" in "Acmeco"); CJK text has no
// spaces, so CJK edges need no boundary.
const WORD_CHAR = /[\p{L}\p{N}]/u;
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c) && !NO_SPACE_SCRIPT.test(c);
}

interface Span {
  start: number;
  end: number;
}

function occurrences(haystack: string, needle: string): Span[] {
  const spans: Span[] = [];
  const firstIsWord = isWordChar(needle[0]);
  const lastIsWord = isWordChar(needle[needle.length - 1]);
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (firstIsWord && isWordChar(haystack[at - 1])) continue;
    if (lastIsWord && isWordChar(haystack[end])) continue;
    spans.push({ start: at, end });
  }
  return spans;
}

/**
 * Customers named in the text, longest name first. A shorter name is dropped when every place it
 * occurs lies inside a longer matched name ("Acme" inside "Acme Trading"); said on its own
 * elsewhere in the text, it stays. Returns the matched spans in original-text offsets too.
 */
export function matchCustomers(
  text: string,
  customers: ReadonlyArray<CustomerRef>,
): { matches: CustomerRef[]; spans: Span[] } {
  const norm = normalizeForMatch(text);
  const found = customers
    .map((c) => {
      const key = matchKey(c.name);
      return { c, key, spans: key === '' ? [] : occurrences(norm.text, key) };
    })
    .filter((f) => f.spans.length > 0)
    .sort((a, b) => b.key.length - a.key.length || a.spans[0]!.start - b.spans[0]!.start || a.c.id - b.c.id);

  const kept: typeof found = [];
  const taken: Span[] = [];
  for (const f of found) {
    const inside = (s: Span) => taken.some((t) => t.start <= s.start && s.end <= t.end && t.end - t.start > s.end - s.start);
    if (f.spans.every(inside)) continue;
    kept.push(f);
    taken.push(...f.spans);
  }
  const spans = taken.map((s) => ({ start: norm.starts[s.start]!, end: norm.ends[s.end - 1]! }));
  return { matches: kept.map((f) => ({ id: f.c.id, name: f.c.name })), spans };
}

// --- customer words when no name matched ----------------------------------------------------

const EN_AFTER_VERB =
  /\b(?:called|phoned|rang|visited|emailed|e-mailed|mailed|messaged|texted|wechat(?:t?ed)|met\s+with|met|(?:call|chat|wechat|meeting|lunch|dinner)\s+with|spoke\s+(?:to|with)|talked\s+(?:to|with)|visit\s+to)\s+(.+)/i;
const EN_STOP =
  /\s+(?:about|re|regarding|to|for|on|at|today|yesterday|tomorrow|tonight|this|last|next|and|with|in|from|again)\b|\s+-\s|[,.;:!?，。；：！？()]/i;
/** An email address, a link, a phone number: never a customer's name. */
const NOT_NAMES = /[^\s@<>，,]+@[^\s@<>，,]+\.[^\s@<>，,]+|https?:\/\/\S+|\+?\d[\d\s-]{6,}\d/g;
const EN_PERSON_AT = /\s(?:at|from|of)\s+(.+)/i;
const EN_NOT_A_NAME = /^(?:at|about|re|regarding|to|for|on|today|yesterday|the|a|an|them|him|her|us)\b/i;
const ZH_NAME = '([^，,。；;！!？?\\s：:、]{1,20}?)';
const ZH_PATTERNS: readonly RegExp[] = [
  // 给X打了电话 / 跟X开会 / 和X见面 / 与X沟通
  new RegExp(
    `(?:给|跟|和|与|同)${ZH_NAME}(?:打了?(?:个|一个|一通)?电话|通了?(?:个)?电话|发了?(?:个|一封|一条)?(?:邮件|微信|消息)|开了?(?:个)?会|见了?(?:个)?面|通话|聊|沟通|谈)`,
  ),
  // 拜访了X，… / 致电X / 联系了X
  new RegExp(
    `(?:拜访了?|拜会了?|走访了?|致电|电话联系了?|联系了?|约见了?)${ZH_NAME}(?=$|[，,。；;！!？?\\s：:、]|谈|聊|讨论|沟通|关于|商量|的)`,
  ),
  // 去X拜访 / 到X开会
  new RegExp(`(?:去了?|到)${ZH_NAME}(?:拜访|上门|开会|见面|谈)`),
];

function guessCustomerText(text: string, dates: ReadonlyArray<FoundDate>): string | null {
  // Dates are never the customer: cut them out first ("拜访了华为，下周五跟进").
  let masked = text;
  for (const d of dates) masked = masked.slice(0, d.index) + '，'.repeat(d.matchText.length) + masked.slice(d.index + d.matchText.length);

  // Nor are addresses and numbers: "emailed bob@acme.com" names no customer "bob@acme".
  masked = masked.replace(NOT_NAMES, (found) => '，'.repeat(found.length));

  const candidates: Array<{ index: number; text: string }> = [];
  const en = EN_AFTER_VERB.exec(masked);
  // "called @Bob at Blue Cedar", "met with the buyer from Acme": the one called is a person, not a
  // name of ours; the customer is where they are.
  const object = en?.[1];
  const rest = object !== undefined && (/^[@＠，]/.test(object) || EN_NOT_A_NAME.test(object)) ? EN_PERSON_AT.exec(object)?.[1] : object;
  if (en && rest !== undefined && !EN_NOT_A_NAME.test(rest)) {
    const stop = EN_STOP.exec(rest);
    candidates.push({ index: en.index, text: (stop ? rest.slice(0, stop.index) : rest).trim() });
  }
  for (const re of ZH_PATTERNS) {
    const m = re.exec(masked);
    // 给华东的李经理打了电话: the company is before 的, the person after it.
    if (m) candidates.push({ index: m.index, text: (m[1]!.replace(/的.*$/, '') || m[1]!).trim() });
  }
  // A person ("给@李雷打了电话") is never the customer.
  const best = candidates.filter((c) => c.text !== '' && !/^[@＠]/.test(c.text)).sort((a, b) => a.index - b.index)[0];
  return best?.text ?? null;
}

// --- follow-up ------------------------------------------------------------------------------

// A date right after one of these ("follow up next Tuesday", "回访时间：12月4日") or right before
// one of the Chinese ones ("下周二回访") is the follow-up. A few words may sit in between
// ("follow up on the proposal Friday").
const FOLLOW_UP_BEFORE =
  /(?:follow(?:ing)?[\s-]?up|f\/u|next\s+steps?|call\s+(?:them\s+|him\s+|her\s+)?back|check\s+in|remind(?:\s+me)?|回访|跟进|下次|再联系|再约|提醒)(?:\s+[\w'’-]+){0,4}?\s*[,:：，]?\s*$|(?:回访|跟进|下次|再联系|再约|提醒)[\p{Script=Han}]{0,6}[：:，,]?\s*$/iu;
// "了" marks something already done: "下午拜访了华为" is this afternoon's visit, not a follow-up.
const FOLLOW_UP_AFTER = /^\s*(?:再|来|去|进行|安排|要)?\s*(?:(?:回访|跟进|联系|拜访|电话|提醒)(?!了)|follow[\s-]?up|call\s+back|check\s+in)/i;
const NEXT_SOMETHING = /^(?:next\b|下下?个?(?:周|星期|礼拜|月))/i;

function pickFollowUp(
  text: string,
  past: ReadonlyArray<FoundDate>,
  future: ReadonlyArray<FoundDate>,
  opts: DateOptions,
): FoundDate | null {
  for (const d of past) {
    const keyword =
      FOLLOW_UP_BEFORE.test(text.slice(0, d.index)) ||
      FOLLOW_UP_AFTER.test(text.slice(d.index + d.matchText.length)) ||
      NEXT_SOMETHING.test(d.matchText);
    if (keyword) {
      // Said as a follow-up, "monday" means the coming Monday: take the forward reading.
      return future.find((f) => f.index === d.index && f.matchText === d.matchText) ?? d;
    }
  }
  // Otherwise any date on a later day than today ("today", "at 3", "in a second" are not).
  const today = localDateKey(opts.now, opts.timezone);
  return past.find((d) => localDateKey(d.date, opts.timezone) > today) ?? null;
}

// --- the whole sentence ---------------------------------------------------------------------

export function parseSentence(text: string, opts: SentenceOptions): SentenceDraft {
  const summary = text.trim();
  const { matches, spans } = matchCustomers(summary, opts.customerNames);
  // A date inside a customer's name ("Acme Sunday Trading") is part of the name.
  const outsideNames = (d: FoundDate) => !spans.some((s) => d.index < s.end && s.start < d.index + d.matchText.length);
  const past = findDatesInSentence(summary, { ...opts, forwardDate: false }).filter(outsideNames);
  const future = findDatesInSentence(summary, { ...opts, forwardDate: true }).filter(outsideNames);
  return {
    channel: detectChannel(summary),
    customerMatches: matches,
    customerText: matches.length > 0 ? null : guessCustomerText(summary, past),
    summary,
    ...followUpOf(summary, pickFollowUp(summary, past, future, opts), opts.now),
  };
}

/** The follow-up, unless it is beyond the limit; a day no calendar has is named (chrono skips it). */
function followUpOf(summary: string, found: FoundDate | null, now: Date): Pick<SentenceDraft, 'followUp' | 'followUpProblem'> {
  if (found && isTooFarAhead(found.date, now)) return { followUp: null, followUpProblem: { problem: TOO_FAR, text: found.matchText } };
  if (found) return { followUp: { date: found.date, hasTime: found.hasTime } };
  const impossible = impossibleDateIn(summary);
  return { followUp: null, ...(impossible ? { followUpProblem: { problem: { ok: false, code: 'impossible', text: impossible }, text: impossible } } : {}) };
}
