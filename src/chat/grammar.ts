// The one command grammar, shared by every platform: `/crm <text>` on Slack, the same text on
// WeCom and in the sandbox. English and Chinese keywords are aliases of each other.
// Parsing only reads the text; values are validated here (zod) before anything reaches the domain.
import { z } from 'zod';
import { CONTACT_CHANNELS, LIFECYCLE_STAGES, type ContactChannel, type LifecycleStage, type Role } from '../domain/types.js';
import { channelRefsAsText, lookupWord, parseChannelRef, parseMention, splitOption, tokenize, type ChannelRef, type Token } from './text/tokenize.js';
import { channelNotPicked, fail, failUnknownWord, is, isTypedChannel, mention } from './grammar-kit.js';
import { parsePoll, parseSurvey, type PollCommand } from './grammar-polls.js';
import { parseReport, parseStage, parseTier, parseTiers, type ValueCommand } from './grammar-tiers.js';
import { isValidTimezone } from '../domain/time.js';
import { parseHoursRange } from '../domain/working-hours.js';

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
] as const;

export type UsageKey = (typeof USAGE_KEYS)[number];

export interface MentionRef {
  id: string;
  /** Typed as plain @text rather than a platform mention: the platform did not vouch for it. */
  plain?: boolean;
  /** Typed qualified (`@wecom:zhangsan`): an account on that platform, not the speaker's. */
  platform?: string;
}

export interface CustomerOptions {
  name?: string;
  company?: string;
  phone?: string;
  email?: string;
  industry?: string;
  region?: string;
  owner?: MentionRef;
  tags?: string[];
  stage?: LifecycleStage;
  spend?: number;
  orders?: number;
  lastOrder?: string; // YYYY-MM-DD
  cadence?: number; // days between callbacks, overriding the tier's
  channel?: ChannelRef | null; // the customer's shared channel (polls go there); null unlinks
  language?: 'en' | 'zh';
}

export type Command =
  | { kind: 'help' }
  | { kind: 'customer.add'; name: string; options: CustomerOptions }
  | { kind: 'customer.show'; ref: string }
  | { kind: 'customer.list'; scope: 'mine' | 'all'; tag?: string; page: number }
  | { kind: 'customer.edit'; ref: string; options: CustomerOptions; /** the text after the customer, verbatim */ rest: string }
  | { kind: 'customer.share'; ref: string; user: MentionRef; remove: boolean }
  | { kind: 'customer.assign'; ref: string; user: MentionRef }
  | { kind: 'role'; user: MentionRef; role: Role }
  | { kind: 'team.show'; manager: MentionRef }
  | { kind: 'team.change'; manager: MentionRef; member: MentionRef; remove: boolean }
  | { kind: 'handover'; leaver: MentionRef; successor: MentionRef }
  | { kind: 'audit'; ref: string; limit: number }
  | { kind: 'privacy.export'; ref: string }
  | { kind: 'privacy.erase'; ref: string }
  | { kind: 'remind'; ref: string; rest: string }
  | { kind: 'due'; scope: 'mine' | 'team' | { user: MentionRef }; overdue: boolean; page: number }
  | { kind: 'settings.show' }
  | { kind: 'settings.hours'; start: string; end: string; timezone?: string }
  | { kind: 'log.form' }
  | PollCommand
  | ValueCommand
  | {
      kind: 'log';
      ref: string;
      channel: ContactChannel;
      summary: string;
      /** The date after the `next` keyword, and the same with the keyword ("next friday" is a date too). */
      next?: { date: string; phrase: string };
    };

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

export type ParseResult = { ok: true; command: Command } | { ok: false; error: ParseError };

export const SUBCOMMANDS = {
  help: ['help', '?', '帮助'],
  customer: ['customer', 'customers', 'c', '客户'],
  add: ['add', 'new', 'create', '添加', '新增', '新建'],
  show: ['show', 'view', 'get', '查看', '详情'],
  list: ['list', 'ls', '列表'],
  edit: ['edit', 'update', 'set', '修改', '编辑'],
  log: ['log', '记录'],
  share: ['share', '共享'],
  unshare: ['unshare', '取消共享'],
  assign: ['assign', '分配', '转交'],
  role: ['role', '角色'],
  team: ['team', '团队'],
  teamAdd: ['add', '添加', '加入'],
  teamRemove: ['remove', 'rm', '移除'],
  handover: ['handover', '交接', '离职交接'],
  audit: ['audit', '审计'],
  privacy: ['privacy', '隐私'],
  export: ['export', '导出'],
  erase: ['erase', 'forget', '删除', '擦除'],
  remind: ['remind', '提醒'],
  due: ['due', '待办', '到期'],
  overdue: ['overdue', '逾期'],
  settings: ['settings', '设置'],
  poll: ['poll', 'polls', '投票', '问卷'],
  tier: ['tier', '分层', '层级'],
  tiers: ['tiers', '分层统计', '分层概览', '客户分层'],
  report: ['report', '报告', '报表'],
  stage: ['stage', '阶段'],
  import: ['import', '导入'],
  survey: ['survey', 'surveys', '调查', '问卷调查'],
  hours: ['hours', '工作时间'],
} as const;

/** Words that start a command, and the verbs after `customer`: what a mistyped one is compared with. */
const COMMAND_WORDS = (['help', 'customer', 'log', 'role', 'team', 'handover', 'audit', 'privacy', 'remind', 'due', 'settings', 'poll', 'tier', 'tiers', 'report', 'stage', 'import', 'survey'] as const).flatMap((k) => SUBCOMMANDS[k]);
const CUSTOMER_VERBS = (['add', 'show', 'list', 'edit', 'share', 'unshare', 'assign'] as const).flatMap((k) => SUBCOMMANDS[k]);

const ROLE_WORDS: Record<string, Role> = { admin: 'admin', 管理员: 'admin', manager: 'manager', 经理: 'manager', 主管: 'manager', rep: 'rep', sales: 'rep', 销售: 'rep' };
export const AUDIT_DEFAULT_LIMIT = 10;
export const AUDIT_MAX_LIMIT = 40;

const CHANNEL_ALIASES: Record<ContactChannel, readonly string[]> = {
  call: ['call', 'phone', '电话', '通话'],
  visit: ['visit', '拜访', '上门'],
  email: ['email', 'mail', '邮件'],
  wechat: ['wechat', 'weixin', '微信'],
  meeting: ['meeting', 'meet', '会议', '开会'],
  other: ['other', '其他'],
};

const NEXT_KEYWORDS = ['next', '下次'];
const SCOPES: Record<string, 'mine' | 'all'> = { mine: 'mine', my: 'mine', 我的: 'mine', all: 'all', 全部: 'all', 所有: 'all' };

/** Option keys accepted by `customer add/edit`, with their Chinese aliases. */
const OPTION_KEYS: Record<string, keyof CustomerOptions> = {
  name: 'name', 名称: 'name', 名字: 'name',
  company: 'company', 公司: 'company',
  phone: 'phone', tel: 'phone', mobile: 'phone', 电话: 'phone', 手机: 'phone',
  email: 'email', mail: 'email', 邮箱: 'email',
  industry: 'industry', 行业: 'industry',
  region: 'region', 地区: 'region', 区域: 'region',
  owner: 'owner', 负责人: 'owner',
  tags: 'tags', tag: 'tags', 标签: 'tags',
  stage: 'stage', 阶段: 'stage',
  spend: 'spend', total_spend: 'spend', 消费: 'spend', 消费额: 'spend',
  orders: 'orders', order_count: 'orders', 订单数: 'orders',
  last_order: 'lastOrder', 最近下单: 'lastOrder',
  cadence: 'cadence', 回访周期: 'cadence', 周期: 'cadence',
  channel: 'channel', 频道: 'channel', 群: 'channel', 群聊: 'channel',
  language: 'language', lang: 'language', 语言: 'language',
};

const LANGUAGE_WORDS: Record<string, 'en' | 'zh'> = { en: 'en', english: 'en', 英文: 'en', 英语: 'en', zh: 'zh', chinese: 'zh', 中文: 'zh', 汉语: 'zh' };
const NO_CHANNEL = ['none', '-', '无'];

const text = (max: number) => z.string().trim().min(1).max(max);
const optionSchemas: { [K in keyof CustomerOptions]-?: z.ZodType<CustomerOptions[K]> } = {
  name: text(100),
  company: text(200),
  phone: z.string().trim().regex(/^\+?[\d\s\-()]{5,24}$/).refine((v) => v.replace(/\D/g, '').length >= 5),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  industry: text(100),
  region: text(100),
  owner: z.custom<MentionRef>(),
  tags: z.array(z.string().trim().min(1).max(40).regex(/^[^,\s]+$/)).max(20),
  stage: z.enum(LIFECYCLE_STAGES),
  spend: z.coerce.number().finite().min(0).max(1e12),
  orders: z.coerce.number().int().min(0).max(1e9),
  lastOrder: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((v) => !Number.isNaN(Date.parse(v))),
  cadence: z.coerce.number().int().min(1).max(3650),
  channel: z.custom<ChannelRef | null>(),
  language: z.enum(['en', 'zh']),
};


export function parseCommand(input: string): ParseResult {
  const tokenized = tokenize(input);
  if (!tokenized.ok) return fail('unterminated_quote', 'help');
  const tokens = tokenized.tokens;
  const [first, second] = tokens;
  if (first === undefined || is(first, SUBCOMMANDS.help)) return { ok: true, command: { kind: 'help' } };
  if (is(first, SUBCOMMANDS.log)) return parseLog(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.role)) return parseRole(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.team)) return parseTeam(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.handover)) return parseHandover(tokens.slice(1));
  if (is(first, SUBCOMMANDS.audit)) return parseAudit(tokens.slice(1));
  if (is(first, SUBCOMMANDS.privacy)) return parsePrivacy(input, second, tokens.slice(2));
  if (is(first, SUBCOMMANDS.remind)) return parseRemind(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.due)) return parseDue(tokens.slice(1));
  if (is(first, SUBCOMMANDS.settings)) return parseSettings(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.poll)) return parsePoll(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.survey)) return parseSurvey(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.tier)) return parseTier(tokens.slice(1));
  if (is(first, SUBCOMMANDS.tiers)) return parseTiers(tokens.slice(1));
  if (is(first, SUBCOMMANDS.report)) return parseReport(tokens.slice(1));
  if (is(first, SUBCOMMANDS.stage)) return parseStage(input, tokens.slice(1));
  if (is(first, SUBCOMMANDS.import)) return tokens.length === 1 ? { ok: true, command: { kind: 'import.help' } } : fail('unexpected_argument', 'import', second?.text);
  if (is(first, SUBCOMMANDS.customer)) {
    const rest = tokens.slice(2);
    if (is(second, SUBCOMMANDS.add)) return parseAdd(rest);
    if (is(second, SUBCOMMANDS.show)) return parseShow(rest);
    if (is(second, SUBCOMMANDS.list)) return parseList(rest);
    if (is(second, SUBCOMMANDS.edit)) return parseEdit(input, rest);
    if (is(second, SUBCOMMANDS.share)) return parseCustomerAndPerson(rest, 'customer.share', (ref, user) => ({ kind: 'customer.share', ref, user, remove: false }));
    if (is(second, SUBCOMMANDS.unshare)) return parseCustomerAndPerson(rest, 'customer.share', (ref, user) => ({ kind: 'customer.share', ref, user, remove: true }));
    if (is(second, SUBCOMMANDS.assign)) return parseCustomerAndPerson(rest, 'customer.assign', (ref, user) => ({ kind: 'customer.assign', ref, user }));
    return second === undefined ? fail('missing_argument', 'help', 'customer') : failUnknownWord('unknown_command', 'help', input, second, CUSTOMER_VERBS);
  }
  return failUnknownWord('unknown_command', 'help', input, first, COMMAND_WORDS);
}

/**
 * What `customer add` takes (the rest — stage, spend, channel, cadence, language… — is set with
 * `customer edit` once the customer exists): refused by name, never silently dropped.
 */
const ADD_OPTIONS: ReadonlySet<keyof CustomerOptions> = new Set(['company', 'phone', 'email', 'industry', 'region', 'owner', 'tags']);
const EDIT_OPTIONS: ReadonlySet<keyof CustomerOptions> = new Set(Object.values(OPTION_KEYS));

function parseOptions(tokens: Token[], usage: UsageKey, allowed: ReadonlySet<keyof CustomerOptions>): { ok: true; options: CustomerOptions } | { ok: false; result: ParseResult } {
  const options: CustomerOptions = {};
  const seen = new Set<string>();
  for (const token of tokens) {
    const option = splitOption(token);
    if (!option) return { ok: false, result: fail('unexpected_argument', usage, token.text) };
    const key = lookupWord(OPTION_KEYS, option.key);
    if (!key || !allowed.has(key)) return { ok: false, result: fail('unknown_option', usage, option.key) };
    if (seen.has(key)) return { ok: false, result: fail('duplicate_option', usage, option.key) };
    seen.add(key);
    if (key === 'channel' && isTypedChannel(option.value)) return { ok: false, result: channelNotPicked(usage, token, `${option.key}=`, option.value) };
    const raw = optionValue(key, option.value);
    const parsed = optionSchemas[key].safeParse(raw);
    // The field's own name, not the alias typed: the reply names it in the reader's language.
    if (!parsed.success || (parsed.data === undefined && raw !== null) || raw === undefined) return { ok: false, result: fail('invalid_value', usage, key) };
    (options as Record<string, unknown>)[key] = parsed.data;
  }
  return { ok: true, options };
}

/** The typed value of an option before validation; undefined when it cannot be read at all. */
function optionValue(key: keyof CustomerOptions, value: string): unknown {
  switch (key) {
    case 'owner':
      return parseMention(value) ?? undefined;
    case 'tags':
      return value.split(/[,，、]/).filter((t) => t.trim() !== '');
    case 'channel':
      return NO_CHANNEL.includes(value.trim().toLowerCase()) ? null : (parseChannelRef(value) ?? undefined);
    case 'language':
      return lookupWord(LANGUAGE_WORDS, value);
    default:
      return value;
  }
}

function parseAdd(tokens: Token[]): ParseResult {
  const [nameToken, ...rest] = tokens;
  if (nameToken === undefined || (!nameToken.quoted && splitOption(nameToken))) return fail('missing_argument', 'customer.add', 'name');
  const options = parseOptions(rest, 'customer.add', ADD_OPTIONS);
  if (!options.ok) return options.result;
  const name = optionSchemas.name.safeParse(nameToken.text);
  if (!name.success) return fail('invalid_value', 'customer.add', 'name');
  return { ok: true, command: { kind: 'customer.add', name: name.data ?? nameToken.text, options: options.options } };
}

function parseShow(tokens: Token[]): ParseResult {
  const [ref, extra] = tokens;
  if (ref === undefined) return fail('missing_argument', 'customer.show', 'customer');
  if (extra !== undefined) return fail('unexpected_argument', 'customer.show', extra.text);
  return { ok: true, command: { kind: 'customer.show', ref: ref.text } };
}

function parseList(tokens: Token[]): ParseResult {
  let scope: 'mine' | 'all' = 'mine';
  let tag: string | undefined;
  let page = 1;
  for (const token of tokens) {
    const scopeWord = token.quoted ? undefined : lookupWord(SCOPES, token.text);
    if (scopeWord) {
      scope = scopeWord;
      continue;
    }
    const option = splitOption(token);
    if (!option) return fail('unexpected_argument', 'customer.list', token.text);
    const key = option.key.toLowerCase();
    if (key === 'tag' || key === 'tags' || key === '标签') {
      const parsed = optionSchemas.tags.safeParse([option.value]);
      if (!parsed.success) return fail('invalid_value', 'customer.list', option.key);
      tag = option.value.trim();
    } else if (key === 'page' || key === '页') {
      const parsed = z.coerce.number().int().min(1).max(100000).safeParse(option.value);
      if (!parsed.success) return fail('invalid_value', 'customer.list', option.key);
      page = parsed.data;
    } else {
      return fail('unknown_option', 'customer.list', option.key);
    }
  }
  return { ok: true, command: tag === undefined ? { kind: 'customer.list', scope, page } : { kind: 'customer.list', scope, tag, page } };
}

function parseEdit(input: string, tokens: Token[]): ParseResult {
  const [ref, ...rest] = tokens;
  if (ref === undefined) return fail('missing_argument', 'customer.edit', 'customer');
  if (rest.length === 0) return fail('missing_argument', 'customer.edit', 'field=value');
  const options = parseOptions(rest, 'customer.edit', EDIT_OPTIONS);
  if (!options.ok) return options.result;
  return { ok: true, command: { kind: 'customer.edit', ref: ref.text, options: options.options, rest: input.slice(ref.end).trim() } };
}

export function channelFromWord(word: string): ContactChannel | undefined {
  const lower = word.toLowerCase();
  return CONTACT_CHANNELS.find((channel) => CHANNEL_ALIASES[channel].includes(lower));
}

/** `log <customer> <channel> <summary…> [next <date…>]`; the summary is taken verbatim. */
function parseLog(input: string, tokens: Token[]): ParseResult {
  if (tokens.length === 0) return { ok: true, command: { kind: 'log.form' } };
  const [ref, channelToken, firstSummary] = tokens;
  if (ref === undefined) return fail('missing_argument', 'log', 'customer');
  if (channelToken === undefined) return fail('missing_argument', 'log', 'channel');
  const channel = channelToken.quoted ? undefined : channelFromWord(channelToken.text);
  if (!channel) return failUnknownWord('unknown_channel', 'log', input, channelToken, Object.values(CHANNEL_ALIASES).flat());
  if (firstSummary === undefined) return fail('missing_argument', 'log', 'summary');
  const rest = tokens.slice(2);
  let nextIndex = -1;
  for (let i = rest.length - 1; i > 0; i--) {
    if (is(rest[i], NEXT_KEYWORDS)) {
      nextIndex = i;
      break;
    }
  }
  const summaryEnd = nextIndex === -1 ? input.length : (rest[nextIndex]?.start ?? input.length);
  const summary = channelRefsAsText(input.slice(firstSummary.start, summaryEnd).trim());
  if (nextIndex === -1) return { ok: true, command: { kind: 'log', ref: ref.text, channel, summary } };
  const dateStart = rest[nextIndex + 1]?.start;
  if (dateStart === undefined) return fail('missing_argument', 'log', 'next');
  const next = { date: input.slice(dateStart).trim(), phrase: input.slice(summaryEnd).trim() };
  return { ok: true, command: { kind: 'log', ref: ref.text, channel, summary, next } };
}

/** `<customer> @person` */
function parseCustomerAndPerson(tokens: Token[], usage: UsageKey, build: (ref: string, user: MentionRef) => Command): ParseResult {
  const [ref, who, extra] = tokens;
  if (ref === undefined) return fail('missing_argument', usage, 'customer');
  const user = mention(who);
  if (!user) return fail(who === undefined ? 'missing_argument' : 'invalid_value', usage, '@user');
  if (extra !== undefined) return fail('unexpected_argument', usage, extra.text);
  return { ok: true, command: build(ref.text, user) };
}

/** `role @user admin|manager|rep` */
function parseRole(input: string, tokens: Token[]): ParseResult {
  const [who, roleToken, extra] = tokens;
  const user = mention(who);
  if (!user) return fail(who === undefined ? 'missing_argument' : 'invalid_value', 'role', '@user');
  if (roleToken === undefined) return fail('missing_argument', 'role', 'role');
  const role = lookupWord(ROLE_WORDS, roleToken.text);
  if (!role) return failUnknownWord('invalid_value', 'role', input, roleToken, Object.keys(ROLE_WORDS));
  if (extra !== undefined) return fail('unexpected_argument', 'role', extra.text);
  return { ok: true, command: { kind: 'role', user, role } };
}

/** `team @manager` | `team @manager add|remove @rep` */
function parseTeam(input: string, tokens: Token[]): ParseResult {
  const [who, verb, memberToken, extra] = tokens;
  const manager = mention(who);
  if (!manager) return fail(who === undefined ? 'missing_argument' : 'invalid_value', 'team', '@manager');
  if (verb === undefined) return { ok: true, command: { kind: 'team.show', manager } };
  const remove = is(verb, SUBCOMMANDS.teamRemove);
  if (!remove && !is(verb, SUBCOMMANDS.teamAdd)) return failUnknownWord('unexpected_argument', 'team', input, verb, [...SUBCOMMANDS.teamAdd, ...SUBCOMMANDS.teamRemove]);
  const member = mention(memberToken);
  if (!member) return fail(memberToken === undefined ? 'missing_argument' : 'invalid_value', 'team', '@rep');
  if (extra !== undefined) return fail('unexpected_argument', 'team', extra.text);
  return { ok: true, command: { kind: 'team.change', manager, member, remove } };
}

/** `handover @leaver @successor` */
function parseHandover(tokens: Token[]): ParseResult {
  const [from, to, extra] = tokens;
  const leaver = mention(from);
  if (!leaver) return fail(from === undefined ? 'missing_argument' : 'invalid_value', 'handover', '@leaver');
  const successor = mention(to);
  if (!successor) return fail(to === undefined ? 'missing_argument' : 'invalid_value', 'handover', '@successor');
  if (extra !== undefined) return fail('unexpected_argument', 'handover', extra.text);
  return { ok: true, command: { kind: 'handover', leaver, successor } };
}

/** `audit <customer> [n]` */
function parseAudit(tokens: Token[]): ParseResult {
  const [ref, count, extra] = tokens;
  if (ref === undefined) return fail('missing_argument', 'audit', 'customer');
  if (extra !== undefined) return fail('unexpected_argument', 'audit', extra.text);
  if (count === undefined) return { ok: true, command: { kind: 'audit', ref: ref.text, limit: AUDIT_DEFAULT_LIMIT } };
  const limit = z.coerce.number().int().min(1).max(AUDIT_MAX_LIMIT).safeParse(count.text);
  if (!limit.success) return fail('invalid_value', 'audit', 'n');
  return { ok: true, command: { kind: 'audit', ref: ref.text, limit: limit.data } };
}

/** `privacy export|erase <customer>` */
function parsePrivacy(input: string, verb: Token | undefined, tokens: Token[]): ParseResult {
  const [ref, extra] = tokens;
  const erase = is(verb, SUBCOMMANDS.erase);
  if (verb === undefined) return fail('missing_argument', 'privacy', 'export|erase');
  if (!erase && !is(verb, SUBCOMMANDS.export)) return failUnknownWord('unknown_command', 'privacy', input, verb, [...SUBCOMMANDS.export, ...SUBCOMMANDS.erase]);
  if (ref === undefined) return fail('missing_argument', 'privacy', 'customer');
  if (extra !== undefined) return fail('unexpected_argument', 'privacy', extra.text);
  return { ok: true, command: erase ? { kind: 'privacy.erase', ref: ref.text } : { kind: 'privacy.export', ref: ref.text } };
}

/** `remind <customer> <date…> [note…]`: where the date ends is the caller's to find (it parses dates). */
function parseRemind(input: string, tokens: Token[]): ParseResult {
  const [ref, first] = tokens;
  if (ref === undefined) return fail('missing_argument', 'remind', 'customer');
  if (first === undefined) return fail('missing_argument', 'remind', 'date');
  return { ok: true, command: { kind: 'remind', ref: ref.text, rest: input.slice(first.start).trim() } };
}

/** `due [mine|team|@rep] [overdue] [page=N]` */
function parseDue(tokens: Token[]): ParseResult {
  let scope: Extract<Command, { kind: 'due' }>['scope'] = 'mine';
  let overdue = false;
  let page = 1;
  for (const token of tokens) {
    const word = token.text.toLowerCase();
    const who = mention(token);
    if (is(token, SUBCOMMANDS.overdue)) overdue = true;
    else if (word === 'mine' || word === '我的') scope = 'mine';
    else if (word === 'team' || word === '团队') scope = 'team';
    else if (who) scope = { user: who };
    else {
      const option = splitOption(token);
      const parsed = option && (option.key === 'page' || option.key === '页') ? z.coerce.number().int().min(1).max(100000).safeParse(option.value) : null;
      if (!parsed?.success) return fail('unexpected_argument', 'due', token.text);
      page = parsed.data;
    }
  }
  return { ok: true, command: { kind: 'due', scope, overdue, page } };
}

/** `settings` | `settings hours 10:00-19:00 [tz=Asia/Shanghai]` */
function parseSettings(input: string, tokens: Token[]): ParseResult {
  const [what, range, ...rest] = tokens;
  if (what === undefined) return { ok: true, command: { kind: 'settings.show' } };
  if (!is(what, SUBCOMMANDS.hours)) return failUnknownWord('unknown_command', 'settings', input, what, SUBCOMMANDS.hours);
  if (range === undefined) return fail('missing_argument', 'settings', 'hours');
  const hours = parseHoursRange(range.text);
  if (!hours) return fail('invalid_value', 'settings', range.text);
  let timezone: string | undefined;
  for (const token of rest) {
    const option = splitOption(token);
    if (!option || !['tz', 'timezone', '时区'].includes(option.key.toLowerCase())) return fail('unexpected_argument', 'settings', token.text);
    if (!isValidTimezone(option.value)) return fail('invalid_value', 'settings', option.value);
    timezone = option.value;
  }
  return { ok: true, command: { kind: 'settings.hours', ...hours, ...(timezone ? { timezone } : {}) } };
}
