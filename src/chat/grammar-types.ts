// The grammar's shared vocabulary: usage keys, mentions, parse errors and results. Its own file so
// that every part of the grammar (grammar.ts, grammar-polls.ts, grammar-tiers.ts, grammar-kit.ts)
// can use it without importing grammar.ts, which imports them all.

/** Every command's usage line (catalog `usage.*` and `example.*`); help lists them by role. */
export const USAGE_KEYS = [
  'help',
  'customer.add',
  'customer.show',
  'customer.list',
  'customer.edit',
  'customer.share',
  'customer.assign',
  'log',
  'role',
  'team',
  'handover',
  'audit',
  'privacy',
  'remind',
  'due',
  'settings',
  'poll',
  'survey',
  'tier',
  'tiers',
  'report',
  'stage',
  'import',
  'link',
] as const;

export type UsageKey = (typeof USAGE_KEYS)[number];

export interface MentionRef {
  id: string;
  /** Typed as plain @text rather than a platform mention: the platform did not vouch for it. */
  plain?: boolean;
  /** Typed qualified (`@wecom:zhangsan`): an account on that platform, not the speaker's. */
  platform?: string;
}

export type ParseErrorCode =
  | 'unknown_command'
  | 'missing_argument'
  | 'unexpected_argument'
  | 'unknown_option'
  | 'invalid_value'
  | 'unterminated_quote'
  | 'unknown_channel'
  | 'duplicate_option'
  /** A channel typed as #name: the platform did not say which conversation it is (see channel-picker.ts). */
  | 'channel_not_picked';

export interface ParseError {
  code: ParseErrorCode;
  usage: UsageKey;
  /** What was wrong: the offending word, option or argument name. */
  subject?: string;
  /** The command with a mistyped word corrected, to offer as "did you mean …?". */
  suggestion?: string;
  /** channel_not_picked: input.slice(start, end) is the typed channel; `prefix=` kept before it (an option's key). */
  channelAt?: { start: number; end: number; prefix: string };
}

/** A parse of one part of the grammar: its command, or why the text is not one. */
export type Parsed<C> = { ok: true; command: C } | ParseFailure;

export type ParseFailure = { ok: false; error: ParseError };
