// The accounts part of the command grammar (grammar.ts routes `link …` and `settings notify` here):
//   link · link <code> · link remove <platform> · link @person <platform>:<id> [merge]
//   settings notify <platform|auto>
import { KNOWN_PLATFORMS } from '../domain/accounts.js';
import { looksLikeLinkCode, normalizeLinkCode } from '../domain/account-links.js';
import type { MentionRef, Parsed } from './grammar-types.js';
import { fail, failUnknownWord, is, mention } from './grammar-kit.js';
import type { Token } from './text/tokenize.js';

export type AccountCommand =
  | { kind: 'link.show' }
  | { kind: 'link.redeem'; code: string }
  | { kind: 'link.remove'; platform: string }
  | { kind: 'link.admin'; user: MentionRef; account: { platform: string; externalId: string }; merge: boolean }
  | { kind: 'settings.notify'; platform: string | null };

export const ACCOUNT_WORDS = {
  link: ['link', '关联', '绑定'],
  remove: ['remove', 'unlink', 'rm', '移除', '解除'],
  merge: ['merge', '合并'],
  notify: ['notify', '通知'],
  auto: ['auto', '自动'],
} as const;

/**
 * A platform's name as a platform module registers it (slack, wecom, sandbox, or one added later):
 * the grammar reads the shape; whether the person has an account there is the domain's to say.
 */
const PLATFORM_WORD = /^[a-z][a-z0-9_-]{0,31}$/;

const platformOf = (token: Token | undefined): string | null => {
  const text = token?.text.toLowerCase();
  return text !== undefined && !token?.quoted && PLATFORM_WORD.test(text) ? text : null;
};

/** `wecom:zhangsan` */
function accountRef(token: Token | undefined): { platform: string; externalId: string } | null {
  const match = token && /^([a-z][a-z0-9_-]{0,31}):([^\s:]+)$/i.exec(token.text);
  if (!match) return null;
  return { platform: match[1]!.toLowerCase(), externalId: match[2]! };
}

export function parseLink(input: string, tokens: Token[]): Parsed<AccountCommand> {
  const [first, second, third, ...rest] = tokens;
  if (first === undefined) return { ok: true, command: { kind: 'link.show' } };
  if (is(first, ACCOUNT_WORDS.remove)) {
    if (second === undefined) return fail('missing_argument', 'link', 'platform');
    const platform = platformOf(second);
    if (!platform) return failUnknownWord('invalid_value', 'link', input, second, KNOWN_PLATFORMS);
    if (third !== undefined) return fail('unexpected_argument', 'link', third.text);
    return { ok: true, command: { kind: 'link.remove', platform } };
  }
  const user = mention(first);
  if (user) {
    if (second === undefined) return fail('missing_argument', 'link', 'platform:id');
    const account = accountRef(second);
    if (!account) return fail('invalid_value', 'link', second.text);
    const merge = is(third, ACCOUNT_WORDS.merge);
    const extra = merge ? rest[0] : third;
    if (extra !== undefined) return fail('unexpected_argument', 'link', extra.text);
    return { ok: true, command: { kind: 'link.admin', user, account, merge } };
  }
  // A code: one token, or its two halves typed apart ("K7M2Q 9XH4T").
  const code = tokens.map((t) => t.text).join('');
  if (tokens.length > 2 || !looksLikeLinkCode(code)) return fail('invalid_value', 'link', first.text);
  return { ok: true, command: { kind: 'link.redeem', code: normalizeLinkCode(code) } };
}

/** `settings notify <platform|auto>` (after `settings notify`). */
export function parseNotify(input: string, tokens: Token[]): Parsed<AccountCommand> {
  const [what, extra] = tokens;
  if (what === undefined) return fail('missing_argument', 'settings', 'platform');
  if (extra !== undefined) return fail('unexpected_argument', 'settings', extra.text);
  if (is(what, ACCOUNT_WORDS.auto)) return { ok: true, command: { kind: 'settings.notify', platform: null } };
  const platform = platformOf(what);
  if (!platform) return failUnknownWord('invalid_value', 'settings', input, what, [...KNOWN_PLATFORMS, 'auto']);
  return { ok: true, command: { kind: 'settings.notify', platform } };
}
