// The poll and survey part of the command grammar (grammar.ts routes `poll …` and `survey …` here):
//   poll csat|nps <customer> [in #channel] [question…] [anonymous] [closes <date…>]
//   poll close <id> · poll results <id|customer> · poll list [open|closed] [page=N]
//   survey schedule csat|nps [tier=core|potential|general|all] <schedule…> [cooldown=N] [anonymous]
//   survey list · survey cancel <id>
import { z } from 'zod';
import { parseSurveySchedule, type SurveySchedule } from '../domain/survey-schedule.js';
import type { PollKind, Tier } from '../domain/types.js';
import type { Parsed, UsageKey } from './grammar-types.js';
import { channelNotPicked, fail, failUnknownWord, is, isTypedChannel } from './grammar-kit.js';
import { channelRefsAsText, lookupWord, parseChannelRef, splitOption, type ChannelRef, type Token } from './text/tokenize.js';

export type PollCommand =
  | { kind: 'poll.create'; pollKind: PollKind; ref: string; /** the text after the customer, verbatim */ rest: string; channel?: ChannelRef; question?: string; anonymous: boolean; closes?: string }
  | { kind: 'poll.close'; pollId: number }
  | { kind: 'poll.results'; target: { pollId: number } | { ref: string } }
  | { kind: 'poll.list'; status?: 'open' | 'closed'; page: number }
  | { kind: 'survey.schedule'; pollKind: PollKind; tier: Tier | null; schedule: SurveySchedule; cooldownDays?: number; anonymous: boolean }
  | { kind: 'survey.list' }
  | { kind: 'survey.cancel'; campaignId: number };

const WORDS = {
  csat: ['csat', '满意度'],
  nps: ['nps', '推荐度', '净推荐值'],
  close: ['close', 'end', '关闭', '结束'],
  results: ['results', 'result', '结果'],
  list: ['list', 'ls', '列表'],
  in: ['in', '到', '在'],
  anonymous: ['anonymous', 'anon', '匿名'],
  closes: ['closes', 'deadline', '截止', '截至'],
  open: ['open', '进行中', '未结束'],
  closed: ['closed', '已结束', '已关闭'],
  schedule: ['schedule', 'add', 'new', '计划', '安排', '新建'],
  cancel: ['cancel', 'stop', 'remove', '取消', '停止'],
} as const;

export { WORDS as POLL_WORDS };

const TIER_WORDS: Record<string, Tier | 'all'> = {
  core: 'core', 核心: 'core',
  potential: 'potential', 潜力: 'potential',
  general: 'general', 一般: 'general',
  all: 'all', 全部: 'all', 所有: 'all',
};

const ok = (command: PollCommand): Parsed<PollCommand> => ({ ok: true, command });
const recordId = z.string().regex(/^[#＃]?\d{1,9}$/).transform((v) => Number(v.replace(/^[#＃]/, ''))).pipe(z.number().int().positive());
const page = z.coerce.number().int().min(1).max(100000);

function pollKind(token: Token | undefined): PollKind | undefined {
  if (is(token, WORDS.csat)) return 'csat';
  if (is(token, WORDS.nps)) return 'nps';
  return undefined;
}

/** `poll …`, given the input and the tokens after the `poll` keyword. */
export function parsePoll(input: string, tokens: Token[]): Parsed<PollCommand> {
  const [verb, ...rest] = tokens;
  if (verb === undefined) return fail('missing_argument', 'poll', 'csat|nps');
  const kind = pollKind(verb);
  if (kind) return parsePollCreate(input, kind, rest);
  if (is(verb, WORDS.close)) return withId(rest, 'poll', (pollId) => ok({ kind: 'poll.close', pollId }));
  if (is(verb, WORDS.results)) {
    const [target, extra] = rest;
    if (target === undefined) return fail('missing_argument', 'poll', 'id|customer');
    if (extra !== undefined) return fail('unexpected_argument', 'poll', extra.text);
    const option = splitOption(target);
    if (option && ['customer', '客户'].includes(option.key.toLowerCase())) return ok({ kind: 'poll.results', target: { ref: option.value } });
    const id = target.quoted ? null : recordId.safeParse(target.text);
    return ok({ kind: 'poll.results', target: id?.success ? { pollId: id.data } : { ref: target.text } });
  }
  if (is(verb, WORDS.list)) return parsePollList(rest);
  return failUnknownWord('unknown_command', 'poll', input, verb, [...WORDS.csat, ...WORDS.nps, ...WORDS.close, ...WORDS.results, ...WORDS.list]);
}

function withId(tokens: Token[], usage: UsageKey, build: (id: number) => Parsed<PollCommand>): Parsed<PollCommand> {
  const [idToken, extra] = tokens;
  if (idToken === undefined) return fail('missing_argument', usage, 'id');
  if (extra !== undefined) return fail('unexpected_argument', usage, extra.text);
  const id = recordId.safeParse(idToken.text);
  return id.success ? build(id.data) : fail('invalid_value', usage, idToken.text);
}

function parsePollList(tokens: Token[]): Parsed<PollCommand> {
  let status: 'open' | 'closed' | undefined;
  let pageNumber = 1;
  for (const token of tokens) {
    if (is(token, WORDS.open)) status = 'open';
    else if (is(token, WORDS.closed)) status = 'closed';
    else {
      const option = splitOption(token);
      const parsed = option && ['page', '页'].includes(option.key.toLowerCase()) ? page.safeParse(option.value) : null;
      if (!parsed?.success) return fail('unexpected_argument', 'poll', token.text);
      pageNumber = parsed.data;
    }
  }
  return ok({ kind: 'poll.list', page: pageNumber, ...(status ? { status } : {}) });
}

/** `<customer> [in #channel] [question…] [anonymous] [closes <date…>]`; the question is verbatim. */
function parsePollCreate(input: string, kind: PollKind, tokens: Token[]): Parsed<PollCommand> {
  const [ref] = tokens;
  if (ref === undefined) return fail('missing_argument', 'poll', 'customer');
  let i = 1;
  let channel: ChannelRef | undefined;
  // `in #channel`; "In general, …" is the start of a question, but "in #acme" typed by hand is a
  // channel that was not picked: the platform offers a picker, so the poll does not go to the
  // linked channel instead.
  const target = tokens[i + 1];
  if (is(tokens[i], WORDS.in)) {
    if (target === undefined) return fail('missing_argument', 'poll', '#channel');
    const parsed = parseChannelRef(target.text);
    if (parsed) {
      channel = parsed;
      i += 2;
    } else if (!target.quoted && isTypedChannel(target.text)) {
      return channelNotPicked('poll', target, '', target.text);
    } else if (/^[#＃<]/.test(target.text)) {
      return fail('invalid_value', 'poll', target.text);
    }
  }
  // The deadline runs to the end of the line: the last `closes` keyword starts it.
  let end = tokens.length;
  let closes: string | undefined;
  for (let j = tokens.length - 1; j >= i; j--) {
    if (is(tokens[j], WORDS.closes)) {
      const first = tokens[j + 1];
      if (first === undefined) return fail('missing_argument', 'poll', tokens[j]!.text);
      closes = input.slice(first.start).trim();
      end = j;
      break;
    }
  }
  let anonymous = false;
  // `anonymous` counts as a flag right after the customer/channel or right before the deadline.
  if (is(tokens[i], WORDS.anonymous)) {
    anonymous = true;
    i += 1;
  }
  if (end > i && is(tokens[end - 1], WORDS.anonymous)) {
    anonymous = true;
    end -= 1;
  }
  let question: string | undefined;
  if (end > i) {
    const first = tokens[i]!;
    const last = tokens[end - 1]!;
    question = channelRefsAsText(end - i === 1 && first.quoted ? first.text : input.slice(first.start, last.end).trim());
  }
  return ok({ kind: 'poll.create', pollKind: kind, ref: ref.text, rest: input.slice(ref.end).trim(), anonymous, ...(channel ? { channel } : {}), ...(question ? { question } : {}), ...(closes ? { closes } : {}) });
}

/** `survey …`, given the tokens after the `survey` keyword. */
export function parseSurvey(input: string, tokens: Token[]): Parsed<PollCommand> {
  const [verb, ...rest] = tokens;
  if (verb === undefined || is(verb, WORDS.list)) {
    if (rest.length > 0) return fail('unexpected_argument', 'survey', rest[0]!.text);
    return ok({ kind: 'survey.list' });
  }
  if (is(verb, WORDS.cancel)) return withId(rest, 'survey', (campaignId) => ok({ kind: 'survey.cancel', campaignId }));
  if (!is(verb, WORDS.schedule)) return failUnknownWord('unknown_command', 'survey', input, verb, [...WORDS.schedule, ...WORDS.cancel, ...WORDS.list]);
  const [kindToken, ...options] = rest;
  const kind = pollKind(kindToken);
  if (!kind) return fail(kindToken === undefined ? 'missing_argument' : 'invalid_value', 'survey', kindToken?.text ?? 'csat|nps');
  let tier: Tier | null = null;
  let cooldownDays: number | undefined;
  let anonymous = false;
  const scheduleTokens: Token[] = [];
  for (const token of options) {
    const option = splitOption(token);
    const key = option?.key.toLowerCase();
    if (option && (key === 'tier' || key === '层级' || key === '分层')) {
      const value = lookupWord(TIER_WORDS, option.value);
      if (!value) return fail('invalid_value', 'survey', option.key);
      tier = value === 'all' ? null : value;
    } else if (option && (key === 'cooldown' || key === '冷却' || key === '间隔')) {
      const days = z.coerce.number().int().min(0).max(730).safeParse(option.value.replace(/(d|days?|天)$/i, ''));
      if (!days.success) return fail('invalid_value', 'survey', option.key);
      cooldownDays = days.data;
    } else if (option) {
      return fail('unknown_option', 'survey', option.key);
    } else if (is(token, WORDS.anonymous)) {
      anonymous = true;
    } else if (scheduleTokens.length === 0 && !token.quoted && lookupWord(TIER_WORDS, token.text) === 'all') {
      tier = null; // "all customers"
    } else {
      scheduleTokens.push(token);
    }
  }
  const first = scheduleTokens[0];
  const last = scheduleTokens[scheduleTokens.length - 1];
  const text = first && last ? (scheduleTokens.length === 1 && first.quoted ? first.text : input.slice(first.start, last.end)) : '';
  const cleaned = text.replace(/^(customers?|客户)\s+/i, '').trim();
  const schedule = parseSurveySchedule(cleaned);
  if (!schedule.ok) return fail(schedule.reason === 'empty' ? 'missing_argument' : 'invalid_value', 'survey', cleaned || 'every quarter');
  return ok({ kind: 'survey.schedule', pollKind: kind, tier, schedule: schedule.schedule, anonymous, ...(cooldownDays !== undefined ? { cooldownDays } : {}) });
}
