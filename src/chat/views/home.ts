// The user's own overview page (Slack: the App Home tab), in the neutral reply model. Every
// list is cut here, in the user's language ("… and N more"), so the page stays a fixed size
// (about 50 blocks at most) whatever the data: a platform's block limit is never the thing that cuts.
import type { Customer, Poll, PollKind, Tier, User } from '../../domain/types.js';
import type { ViewContext } from '../context.js';
import { formatDay, formatMoment, personName } from '../format.js';
import { ACTIONS } from '../ids.js';
import { block, button, type Block, type Reply } from '../reply.js';
import { reasonText, reminderReply, type CallbackView } from './callbacks.js';
import { customerName } from '../markup.js';

/** How much of each list the page shows (the rest is counted). */
export const HOME_LIMITS = { callbacks: 10, polls: 5, lowScores: 5, lowScoreDays: 14 } as const;

export interface TierCount {
  tier: Tier;
  count: number;
}

/** A list cut to its first items, with the full count. */
export interface Listed<T> {
  items: T[];
  total: number;
}

export interface HomeData {
  actor: User;
  now: Date;
  /** Open callbacks of the actor due by the end of their day (overdue ones included), oldest first. */
  today: Listed<CallbackView>;
  /** The actor's own customers per tier, best tier first. */
  tiers: TierCount[];
  /** Open polls on the customers the actor may see; `scope` is whose those are. */
  polls: Listed<{ poll: Poll; customer: Customer | null }> & { scope: 'own' | 'team' | 'all' };
  /** Low poll answers on the actor's own customers in the last HOME_LIMITS.lowScoreDays days, newest first. */
  lowScores: Listed<{ customer: Customer; kind: PollKind; score: number | null; at: Date }>;
  /** Managers and admins: the team's (admins: everyone's) tiers and overdue callbacks. */
  team: { scope: 'team' | 'all'; tiers: TierCount[]; overdueCallbacks: number } | null;
}

const sum = (tiers: TierCount[]) => tiers.reduce((n, t) => n + t.count, 0);

/** Buttons everyone gets at the top: the contact form, poll usage, the full lists. */
function quickActions(ctx: ViewContext): Block {
  return block.actions(
    button(ACTIONS.runCommand, ctx.t('button.log_contact'), 'log', 'primary'),
    button(ACTIONS.runCommand, ctx.t('home.new_poll'), 'poll'),
    button(ACTIONS.runCommand, ctx.t('home.my_callbacks'), 'due'),
    button(ACTIONS.runCommand, ctx.t('home.help'), 'help'),
  );
}

/** "… and N more" under a cut list; nothing when the list is complete. */
function more(ctx: ViewContext, shown: number, total: number, key: 'home.more' | 'home.polls_more' | 'digest.more' = 'home.more'): Block[] {
  return total > shown ? [block.context(ctx.t(key, { count: total - shown }))] : [];
}

function tierFields(ctx: ViewContext, tiers: TierCount[]) {
  return tiers.map((t) => ({ label: ctx.tierName(t.tier), value: String(t.count) }));
}

function todaySection(ctx: ViewContext, data: HomeData): Block[] {
  const { items, total } = data.today;
  const blocks: Block[] = [block.section(ctx.t('home.today_title', { count: total }))];
  if (total === 0) return [...blocks, block.context(ctx.t('home.today_empty'))];
  for (const view of items.slice(0, HOME_LIMITS.callbacks)) {
    const overdue = view.callback.dueAt.getTime() < data.now.getTime() ? ` · ${ctx.t('home.overdue')}` : '';
    blocks.push(block.section(`**${customerName(ctx, view.customer)}** · ${formatMoment(ctx, view.callback.dueAt)}${overdue} · ${reasonText(ctx, view)}`));
    // The very controls a reminder message carries (Log call, Done, Snooze), so a click does the same.
    blocks.push(...reminderReply(ctx, view).blocks.filter((b) => b.type === 'actions'));
  }
  return [...blocks, ...more(ctx, Math.min(items.length, HOME_LIMITS.callbacks), total, 'digest.more')];
}

function tiersSection(ctx: ViewContext, tiers: TierCount[]): Block[] {
  const total = sum(tiers);
  const title = block.section(ctx.t('home.tiers_title', { total }));
  return total === 0 ? [title, block.context(ctx.t('home.tiers_empty'))] : [title, block.fields(tierFields(ctx, tiers))];
}

function pollsSection(ctx: ViewContext, polls: HomeData['polls']): Block[] {
  const scope = ctx.t(`report_scope.${polls.scope}`);
  const blocks: Block[] = [block.section(ctx.t('home.polls_title', { scope, total: polls.total }))];
  if (polls.total === 0) return [...blocks, block.context(ctx.t('home.polls_empty'))];
  const shown = polls.items.slice(0, HOME_LIMITS.polls);
  for (const { poll, customer } of shown) {
    const line = `**${customer ? customerName(ctx, customer) : `#${poll.customerId}`}** · ${ctx.t(`poll.kind.${poll.kind}`)} #${poll.id} · ${ctx.t('poll.closes', { date: formatDay(ctx, poll.closesAt) })}`;
    blocks.push(block.section(line, button(ACTIONS.runCommand, ctx.t('poll.view_results'), `poll results ${poll.id}`)));
  }
  return [...blocks, ...more(ctx, shown.length, polls.total, 'home.polls_more')];
}

function lowScoresSection(ctx: ViewContext, low: HomeData['lowScores']): Block[] {
  const blocks: Block[] = [block.section(ctx.t('home.low_title', { days: HOME_LIMITS.lowScoreDays, total: low.total }))];
  if (low.total === 0) return [...blocks, block.context(ctx.t('home.low_empty'))];
  const shown = low.items.slice(0, HOME_LIMITS.lowScores);
  for (const item of shown) {
    const score = item.score === null ? '' : ` ${item.score}`;
    const line = `**${customerName(ctx, item.customer)}** · ${ctx.t(`poll.kind.${item.kind}`)}${score} · ${formatDay(ctx, item.at)}`;
    blocks.push(block.section(line, button(ACTIONS.showCustomer, ctx.t('button.open'), String(item.customer.id))));
  }
  return [...blocks, ...more(ctx, shown.length, low.total)];
}

function teamSection(ctx: ViewContext, team: NonNullable<HomeData['team']>): Block[] {
  const scope = ctx.t(`report_scope.${team.scope}`);
  return [
    block.section(ctx.t('home.team_title', { scope, total: sum(team.tiers) })),
    block.fields([...tierFields(ctx, team.tiers), { label: ctx.t('home.team_overdue'), value: String(team.overdueCallbacks) }]),
    block.actions(
      button(ACTIONS.runCommand, ctx.t('home.team_callbacks'), 'due team overdue'),
      button(ACTIONS.runCommand, ctx.t('home.team_tiers'), 'tiers team'),
    ),
  ];
}

export function homeReply(ctx: ViewContext, data: HomeData): Reply {
  const title = ctx.t('home.title', { name: personName(data.actor) });
  const sections = [todaySection(ctx, data), tiersSection(ctx, data.tiers), pollsSection(ctx, data.polls), lowScoresSection(ctx, data.lowScores), ...(data.team ? [teamSection(ctx, data.team)] : [])];
  const blocks: Block[] = [block.header(title), block.context(ctx.t('home.updated', { time: formatMoment(ctx, data.now) })), quickActions(ctx)];
  for (const section of sections) blocks.push(block.divider(), ...section);
  return { visibility: 'private', text: [title, ...blocks.flatMap(plainLine)].join('\n'), blocks };
}

/** For someone the bot does not know yet: what it does, and the way in. */
export function welcomeHomeReply(ctx: ViewContext): Reply {
  const title = ctx.t('home.welcome_title');
  const text = ctx.t('home.welcome');
  return { visibility: 'private', text: `${title}\n${text}`, blocks: [block.header(title), block.section(text), quickActions(ctx)] };
}

/** The page as plain lines (Reply.text): sections, contexts and fields. */
function plainLine(b: Block): string[] {
  switch (b.type) {
    case 'section':
    case 'context':
      return [b.text];
    case 'fields':
      return [b.fields.map((f) => `${f.label}: ${f.value}`).join(' · ')];
    default:
      return [];
  }
}
