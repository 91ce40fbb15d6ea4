// The small pieces every part of the command grammar (grammar.ts, grammar-polls.ts,
// grammar-tiers.ts) reads words with.
import type { MentionRef, ParseErrorCode, ParseFailure, UsageKey } from './grammar-types.js';
import { nearMisses } from '../domain/name-match.js';
import { parseMention, type Token } from './text/tokenize.js';

/** An unquoted token that is one of these words (any case). */
export const is = (token: Token | undefined, aliases: readonly string[]) => token !== undefined && !token.quoted && aliases.includes(token.text.toLowerCase());

export const fail = (code: ParseErrorCode, usage: UsageKey, subject?: string): ParseFailure => ({ ok: false, error: subject === undefined ? { code, usage } : { code, usage, subject } });

/**
 * A word that is not one of `words`: the failure, with the whole command as it would read with the
 * nearest known word in its place ("lgo Acme call …" → "log Acme call …"), when one is a typo away.
 */
export function failUnknownWord(code: ParseErrorCode, usage: UsageKey, input: string, token: Token, words: readonly string[]): ParseFailure {
  const failure = fail(code, usage, token.text);
  const typed = token.text.toLowerCase();
  const [nearest] = token.quoted ? [] : nearMisses(typed, words, (w) => w, 1);
  if (nearest === undefined) return failure;
  return { ok: false, error: { ...failure.error, suggestion: input.slice(0, token.start) + nearest + input.slice(token.end) } };
}

/**
 * A platform mention (`<@U1>`) or a typed `@name` / `@wecom:zhangsan` (marked plain: the platform did
 * not vouch for it; a qualified one names the platform of the account).
 */
export function mention(token: Token | undefined): MentionRef | null {
  if (token === undefined) return null;
  const found = parseMention(token.text);
  if (!found) return null;
  if (!('plain' in found)) return { id: found.id };
  return found.platform ? { id: found.id, plain: true, platform: found.platform } : { id: found.id, plain: true };
}

/** `#acme-shared` typed by hand: a channel's name, which only the platform can turn into one conversation. */
export const isTypedChannel = (text: string) => /^[#＃][^\s#＃<>]+$/u.test(text.trim());

/** The refusal that lets the platform offer a channel picker in place of `token` (see channel-picker.ts). */
export function channelNotPicked(usage: UsageKey, token: Token, prefix: string, typed: string): ParseFailure {
  return { ok: false, error: { code: 'channel_not_picked', usage, subject: typed.trim(), channelAt: { start: token.start, end: token.end, prefix } } };
}
