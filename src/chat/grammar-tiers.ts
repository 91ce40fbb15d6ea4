// The value part of the command grammar (grammar.ts routes here):
//   tier <customer>                               why the customer has its tier
//   tiers [team|@rep] [tag=…] · tiers recompute   the tier summary; recompute now (admins)
//   report [week|month|quarter] [mine|team|@rep]  the period report (alone: a rep's own, a
//                                                 manager's team, an admin's company)
//   stage <customer> <stage> <reason…> · stage <customer> auto
//   import                                        how to import a CSV file
import { z } from 'zod';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../domain/types.js';
import type { ReportPeriod } from '../domain/reports.js';
import type { MentionRef, Parsed } from './grammar-types.js';
import { fail, is, mention } from './grammar-kit.js';
import { lookupWord, splitOption, type Token } from './text/tokenize.js';

export type ValueCommand =
  | { kind: 'tier.show'; ref: string }
  | { kind: 'tiers.summary'; scope: 'mine' | 'team' | { user: MentionRef }; tag?: string }
  | { kind: 'tiers.recompute' }
  | { kind: 'report'; period: ReportPeriod; scope: 'default' | 'mine' | 'team' | { user: MentionRef } }
  | { kind: 'stage.set'; ref: string; stage: LifecycleStage | 'auto'; reason: string }
  | { kind: 'import.help' };

const PERIODS: Record<string, ReportPeriod> = { week: 'week', weekly: 'week', 本周: 'week', 周: 'week', month: 'month', monthly: 'month', 本月: 'month', 月: 'month', quarter: 'quarter', quarterly: 'quarter', 本季度: 'quarter', 季度: 'quarter' };
const TEAM = ['team', '团队'];
const MINE = ['mine', 'me', '我的'];
const RECOMPUTE = ['recompute', 'refresh', '重算', '重新计算'];
const STAGE_WORDS: Record<string, LifecycleStage | 'auto'> = {
  ...Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, s])),
  'at-risk': 'at_risk',
  潜在: 'prospect', 新: 'new', 新客户: 'new', 活跃: 'active', 忠诚: 'loyal', 流失风险: 'at_risk', 流失: 'churned',
  auto: 'auto', 自动: 'auto',
};

const ok = (command: ValueCommand): Parsed<ValueCommand> => ({ ok: true, command });
const tagSchema = z.string().trim().min(1).max(40).regex(/^[^,\s]+$/);

export function parseTier(tokens: Token[]): Parsed<ValueCommand> {
  const [ref, extra] = tokens;
  if (ref === undefined) return fail('missing_argument', 'tier', 'customer');
  if (extra !== undefined) return fail('unexpected_argument', 'tier', extra.text);
  return ok({ kind: 'tier.show', ref: ref.text });
}

export function parseTiers(tokens: Token[]): Parsed<ValueCommand> {
  if (is(tokens[0], RECOMPUTE)) return tokens.length === 1 ? ok({ kind: 'tiers.recompute' }) : fail('unexpected_argument', 'tiers', tokens[1]!.text);
  let scope: Extract<ValueCommand, { kind: 'tiers.summary' }>['scope'] = 'mine';
  let tag: string | undefined;
  for (const token of tokens) {
    const option = splitOption(token);
    const who = mention(token);
    if (is(token, TEAM)) scope = 'team';
    else if (is(token, MINE)) scope = 'mine';
    else if (who) scope = { user: who };
    else if (option && ['tag', 'tags', '标签'].includes(option.key.toLowerCase())) {
      const parsed = tagSchema.safeParse(option.value);
      if (!parsed.success) return fail('invalid_value', 'tiers', option.key);
      tag = parsed.data;
    } else return fail('unexpected_argument', 'tiers', token.text);
  }
  return ok({ kind: 'tiers.summary', scope, ...(tag ? { tag } : {}) });
}

export function parseReport(tokens: Token[]): Parsed<ValueCommand> {
  let period: ReportPeriod = 'week';
  let scope: Extract<ValueCommand, { kind: 'report' }>['scope'] = 'default';
  for (const token of tokens) {
    const word = token.quoted ? undefined : lookupWord(PERIODS, token.text);
    const who = mention(token);
    if (word) period = word;
    else if (is(token, TEAM)) scope = 'team';
    else if (is(token, MINE)) scope = 'mine';
    else if (who) scope = { user: who };
    else return fail('unexpected_argument', 'report', token.text);
  }
  return ok({ kind: 'report', period, scope });
}

/** `stage <customer> <stage> <reason…>`: the reason is taken verbatim and required (except for auto). */
export function parseStage(input: string, tokens: Token[]): Parsed<ValueCommand> {
  const [ref, stageToken, first] = tokens;
  if (ref === undefined) return fail('missing_argument', 'stage', 'customer');
  if (stageToken === undefined) return fail('missing_argument', 'stage', 'stage');
  const stage = stageToken.quoted ? undefined : lookupWord(STAGE_WORDS, stageToken.text);
  if (!stage) return fail('invalid_value', 'stage', stageToken.text);
  if (stage === 'auto') return first === undefined ? ok({ kind: 'stage.set', ref: ref.text, stage, reason: '' }) : fail('unexpected_argument', 'stage', first.text);
  if (first === undefined) return fail('missing_argument', 'stage', 'reason');
  const reason = input.slice(first.start).trim().slice(0, 500);
  return ok({ kind: 'stage.set', ref: ref.text, stage, reason: first.quoted && tokens.length === 3 ? first.text : reason });
}
