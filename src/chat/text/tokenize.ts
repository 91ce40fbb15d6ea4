// Splits a command line such as
//   customer add "Acme Trading" company=Acme phone=138 owner=<@U123|bob>
//   客户 添加 “上海 贸易” 行业＝制造
// into tokens, keeping offsets so a caller can take the rest of the line verbatim (a summary).
//
// Rules, shell-like but forgiving of phone keyboards and Chinese input methods:
// - separators: any whitespace, including the ideographic space U+3000;
// - quotes: "…" '…' “…” ‘…’ 「…」 『…』, opening at the start of a token or right after the
//   first = / ＝ of a token (key="a b"); the quotes are removed from the text;
// - ' and ’ also serve as apostrophes, so they close a quote only when no letter or digit follows
//   ('Bob's Shop' is one value); the other quotes close wherever they appear;
// - Slack entities <@U1|bob>, <#C1|general>, <!here>, <http…|label> are kept whole even with spaces.
// Slack escapes &, < and > in message text; decoding them is the platform layer's job.

export interface Token {
  /** The token with quotes removed. */
  text: string;
  /** True when any part of the token was quoted. */
  quoted: boolean;
  /** Offset of the token's first character (an opening quote included) in the input. */
  start: number;
  /** Offset just past the token's last character (a closing quote included). */
  end: number;
  /** input.slice(start, end): the token as typed. */
  raw: string;
}

export type TokenizeResult =
  | { ok: true; tokens: Token[] }
  | { ok: false; error: { code: 'unterminated_quote'; at: number } };

const CLOSERS: Record<string, readonly string[]> = {
  '"': ['"'],
  "'": ["'"],
  '“': ['”', '“'], // some keyboards emit “ on both sides
  '‘': ['’'],
  '「': ['」'],
  '『': ['』'],
};
/** Closers that double as apostrophes: they close only when no letter or digit follows. */
const APOSTROPHES = new Set(["'", '’']);
const WORD_CHAR = /[\p{L}\p{N}]/u;
const SEPARATOR = /\s/; // includes U+3000
const SLACK_ENTITY = /^<(?:[@#!]|https?:|mailto:)[^>\n]*>/;

export function tokenize(input: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (SEPARATOR.test(input[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let text = '';
    let quoted = false;
    let firstEquals = -1;
    while (i < input.length && !SEPARATOR.test(input[i]!)) {
      const c = input[i]!;
      const closers = CLOSERS[c];
      const quoteMayOpen = i === start || (firstEquals === i - 1 && !quoted);
      if (closers && quoteMayOpen) {
        const close = findCloser(input, i + 1, closers);
        if (close < 0) return { ok: false, error: { code: 'unterminated_quote', at: i } };
        text += input.slice(i + 1, close);
        quoted = true;
        i = close + 1;
        continue;
      }
      if (c === '<') {
        const entity = SLACK_ENTITY.exec(input.slice(i));
        if (entity) {
          text += entity[0];
          i += entity[0].length;
          continue;
        }
      }
      if ((c === '=' || c === '＝') && firstEquals < 0) firstEquals = i;
      text += c;
      i++;
    }
    tokens.push({ text, quoted, start, end: i, raw: input.slice(start, i) });
  }
  return { ok: true, tokens };
}

function findCloser(input: string, from: number, closers: readonly string[]): number {
  for (let j = from; j < input.length; j++) {
    const c = input[j]!;
    if (!closers.includes(c)) continue;
    const next = input[j + 1];
    if (!APOSTROPHES.has(c) || next === undefined || !WORD_CHAR.test(next)) return j;
  }
  return -1;
}

const OPTION = /^([\p{L}\p{N}_-]+)[=＝]/u;

/**
 * key=value / key＝value (key: letters incl. CJK, digits, _ and -). The value has its quotes
 * removed and may be empty. A token that starts with a quote ("a=b") is text, not an option.
 */
export function splitOption(token: Token): { key: string; value: string } | null {
  const m = OPTION.exec(token.raw);
  if (!m) return null;
  const key = m[1]!;
  return { key, value: token.text.slice(key.length + 1) };
}

export type Mention = { id: string } | { id: string; plain: true; platform?: string };

/** `wecom:zhangsan`: a platform's name (lower case, as the platforms register) before its user id. */
const QUALIFIED = /^([a-z][a-z0-9_-]{1,19}):(.+)$/;

/**
 * A mention in any platform's form: `<@U123ABC>` / `<@U123ABC|name>` (Slack) → { id: 'U123ABC' };
 * `@someone` / `＠张三` (WeCom and plain text) → { id: 'someone', plain: true }; a platform-qualified
 * `@wecom:zhangsan` → { id: 'zhangsan', plain: true, platform: 'wecom' }; anything else → null.
 */
export function parseMention(text: string): Mention | null {
  const t = text.trim();
  const slack = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(t);
  if (slack) return { id: slack[1]! };
  const plain = /^[@＠]([^\s@＠<>]+)$/u.exec(t);
  if (!plain) return null;
  const qualified = QUALIFIED.exec(plain[1]!);
  return qualified ? { id: qualified[2]!, plain: true, platform: qualified[1]! } : { id: plain[1]!, plain: true };
}

export interface ChannelRef {
  id: string;
  /** The name the platform showed with it, when it did. */
  name: string | null;
  /** The platform it is on: the speaker's (a channel is picked or typed on the platform it is on); set by the chat layer. */
  platform?: string;
}

/**
 * `<#C123ABC>` / `<#C123ABC|acme-shared>` (Slack escapes a picked channel this way; the sandbox and
 * WeCom write theirs the same way) → the channel.
 * A typed `#acme-shared` is not accepted: only a picked channel names one conversation for sure.
 */
// Slack ids are C0… / G0…; the sandbox's (sandbox:acme) and WeCom's group ids differ in case and punctuation.
const CHANNEL_REF = /<#([A-Za-z0-9][\w:.-]{0,99})(?:\|([^>]*))?>/;

export function parseChannelRef(text: string): ChannelRef | null {
  const slack = new RegExp(`^${CHANNEL_REF.source}$`).exec(text.trim());
  if (!slack) return null;
  const name = slack[2]?.trim();
  return { id: slack[1]!, name: name ? name : null };
}

/** Free text (a summary, a question) shows a channel by its name, not by the platform's reference. */
export function channelRefsAsText(text: string): string {
  return text.replace(new RegExp(CHANNEL_REF.source, 'g'), (_all, id: string, name?: string) => `#${name?.trim() || id}`);
}

/** A word's entry in a lookup table; own keys only ("constructor" is not a word we know). */
export function lookupWord<T>(table: Readonly<Record<string, T>>, word: string): T | undefined {
  const key = word.trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
