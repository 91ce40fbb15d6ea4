// Polls as customers, reps and managers see them: the live poll, its results, the one-click
// confirmation, the comment form, the low-score alert, lists. Platform-neutral (reply.ts).
import { npsGroup, roundHalfAway, type PollResults } from '../../domain/poll-math.js';
import type { PollSummary } from '../../domain/polls.js';
import { POLL_COMMENT_MAX_LENGTH, POLL_SCALES, type Customer, type Page, type Poll, type PollAnswer, type PollKind } from '../../domain/types.js';
import type { ViewContext } from '../view-context.js';
import { csatAverageLabel, csatSatisfiedLabel, formatDay, formatFigure, formatPercent, preview } from '../format.js';
import { ACTIONS, FORMS } from '../ids.js';
import { block, button, privateReply, type Block, type Form, type Reply } from '../reply.js';
import { customerName, literal } from '../markup.js';

/** How a poll's buttons carry their values: signed, so a forged score or poll id is refused. */
export interface PollSigner {
  vote(pollId: number, score: number): string;
  comment(pollId: number): string;
}

const CSAT_FACES = ['😠', '🙁', '😐', '🙂', '😄'];
const BAR_WIDTH = 20;
const NAMES_SHOWN = 10;

export function scoreLabel(kind: PollKind, score: number): string {
  return kind === 'csat' ? `${score} ${CSAT_FACES[score - 1] ?? ''}`.trim() : String(score);
}

export function defaultQuestion(ctx: ViewContext, kind: PollKind, customer: Pick<Customer, 'name'>): string {
  return ctx.t(`poll.default_question.${kind}`, { customer: customer.name });
}

function kindName(ctx: ViewContext, kind: PollKind): string {
  return ctx.t(`poll.kind.${kind}`);
}

/** "#7 · NPS · anonymous · closes Fri 4 Dec 2026" */
function pollFacts(ctx: ViewContext, poll: Poll): string {
  const facts = [`#${poll.id}`, kindName(ctx, poll.kind)];
  if (poll.anonymous) facts.push(ctx.t('poll.anonymous'));
  facts.push(poll.status === 'open' ? ctx.t('poll.closes', { date: formatDay(ctx, poll.closesAt) }) : ctx.t('poll.closed_on', { date: formatDay(ctx, poll.closedAt ?? poll.closesAt) }));
  return facts.join(' · ');
}

function respondentsLine(ctx: ViewContext, summary: PollSummary): string {
  const { responses } = summary.results;
  if (responses === 0) return ctx.t('poll.no_answers_yet');
  const count = ctx.t('poll.answers', { count: responses });
  if (summary.poll.anonymous || summary.names.length === 0) return count;
  const shown = summary.names.slice(0, NAMES_SHOWN);
  const more = responses - shown.length;
  const names = more > 0 ? ctx.t('poll.names_more', { names: literal(shown.join(', ')), more }) : literal(shown.join(', '));
  return `${count} · ${names}`;
}

/** The poll in the customer's channel while it is open: question, one button per score, live count. */
export function pollMessage(ctx: ViewContext, summary: PollSummary, signer: PollSigner): Reply {
  const { poll } = summary;
  const { min, max } = POLL_SCALES[poll.kind];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const count = respondentsLine(ctx, summary);
  const blocks: Block[] = [
    block.section(`📋 **${literal(poll.question)}**`),
    block.context(ctx.t(`poll.scale.${poll.kind}`)),
    // A rating scale: each platform lays it out within its limits (Slack: NPS as two rows).
    block.rating(ACTIONS.pollVote, scores.map((score) => ({ label: scoreLabel(poll.kind, score), value: signer.vote(poll.id, score) }))),
    block.actions(button(ACTIONS.pollComment, ctx.t('poll.add_comment'), signer.comment(poll.id))),
    block.context(`${pollFacts(ctx, poll)} · ${count}`),
  ];
  return { visibility: 'public', text: `${literal(poll.question)} (${kindName(ctx, poll.kind)}) — ${count}`, blocks };
}

/** "9–10 ████████░░ 12 (40%)": the distribution as text, for every platform and screen reader. */
export function distributionLines(results: PollResults): string[] {
  const { counts, min } = results.distribution;
  const top = Math.max(1, ...counts);
  return counts.map((count, i) => {
    const score = min + i;
    const share = results.responses === 0 ? 0 : roundHalfAway((100 * count) / results.responses);
    const bar = '█'.repeat(Math.round((BAR_WIDTH * count) / top)) || '·';
    return `\`${String(score).padStart(2, ' ')}\` ${bar} ${count} (${share}%)`;
  });
}


/** The headline figures and how they were computed, in words. */
export function resultsMaths(ctx: ViewContext, results: PollResults): string[] {
  if (results.responses === 0) return [ctx.t('poll.no_answers')];
  const lines = [
    results.csat
      ? ctx.t('figures.poll_csat_responses', { responses: results.responses, average: csatAverageLabel(ctx, results.average) })
      : ctx.t('poll.responses_average', { responses: results.responses, average: roundHalfAway(results.average ?? 0, 2) }),
  ];
  if (results.csat) {
    lines.push(ctx.t('poll.csat_maths', { label: csatSatisfiedLabel(ctx, results.csat.percent), satisfied: results.csat.satisfied, responses: results.responses }));
  }
  if (results.nps) {
    const { promoters, passives, detractors, promoterPercent, detractorPercent, score } = results.nps;
    lines.push(ctx.t('poll.nps_score', { score: formatFigure(score) }));
    lines.push(ctx.t('poll.nps_maths', { promoters, passives, detractors, promoterPercent: formatPercent(promoterPercent, 1), detractorPercent: formatPercent(detractorPercent, 1) }));
  }
  return lines;
}

/** The poll's message once closed: results replace the buttons. */
export function pollResultsMessage(ctx: ViewContext, summary: PollSummary, options: { chartAttached: boolean }): Reply {
  const { poll, results } = summary;
  const maths = resultsMaths(ctx, results);
  const distribution = results.responses > 0 ? distributionLines(results) : [];
  const blocks: Block[] = [
    block.section(`📋 **${literal(poll.question)}**`),
    block.section(`**${ctx.t('poll.results_title')}**\n${maths.join('\n')}`),
    ...(distribution.length > 0 ? [block.section(distribution.join('\n'))] : []),
    block.context(`${pollFacts(ctx, poll)}${options.chartAttached ? ` · ${ctx.t('poll.chart_in_thread')}` : ''}`),
  ];
  return { visibility: 'public', text: `${literal(poll.question)} — ${maths.join(' ')}`, blocks };
}

/** `/crm poll results`: the same figures, privately, with the latest comments. */
export function pollResultsReply(ctx: ViewContext, summary: PollSummary & { comments: PollAnswer[] }): Reply {
  const { poll, customer, results } = summary;
  const title = ctx.t('poll.results_for', { id: poll.id, customer: customerName(ctx, customer), kind: kindName(ctx, poll.kind) });
  const blocks: Block[] = [
    block.section(`**${title}**\n${literal(poll.question)}`),
    block.section(resultsMaths(ctx, results).join('\n')),
  ];
  if (results.responses > 0) blocks.push(block.section(distributionLines(results).join('\n')));
  if (summary.comments.length > 0) {
    const comments = summary.comments.map((a) => `• ${scoreLabel(poll.kind, a.score)} — “${literal(preview(a.comment ?? '', 300))}”${a.respondentName ? ` (${literal(a.respondentName)})` : ''}`);
    blocks.push(block.section(`**${ctx.t('poll.comments')}**\n${comments.join('\n')}`));
  }
  blocks.push(block.context(pollFacts(ctx, poll)));
  return { visibility: 'private', text: `${title}: ${resultsMaths(ctx, results).join(' ')}`, blocks };
}

export function pollPostedReply(ctx: ViewContext, poll: Poll, customer: Customer): Reply {
  const channel = poll.channelName ? `#${poll.channelName}` : poll.channelId;
  const text = ctx.t('poll.posted', { id: poll.id, kind: kindName(ctx, poll.kind), customer: customerName(ctx, customer), channel, date: formatDay(ctx, poll.closesAt) });
  return privateReply(`✅ ${text}`, [block.section(`✅ ${text}`), block.context(ctx.t('poll.posted_hint', { id: poll.id }))]);
}

export function voteConfirmation(ctx: ViewContext, poll: Poll, score: number, previousScore: number | null): Reply {
  const until = formatDay(ctx, poll.closesAt);
  const text =
    previousScore === null || previousScore === score
      ? ctx.t('poll.thanks', { score: scoreLabel(poll.kind, score), date: until })
      : ctx.t('poll.changed', { from: scoreLabel(poll.kind, previousScore), to: scoreLabel(poll.kind, score), date: until });
  const note = poll.anonymous ? ctx.t('poll.anonymous_note') : null;
  return privateReply(`✅ ${text}`, [block.section(`✅ ${text}`), ...(note ? [block.context(note)] : [])]);
}

export function commentSavedReply(ctx: ViewContext, poll: Poll): Reply {
  return privateReply(`✅ ${ctx.t('poll.comment_saved', { date: formatDay(ctx, poll.closesAt) })}`);
}

/** The "add a comment" form; state is the signed poll id. */
export function commentForm(ctx: ViewContext, poll: Poll, state: string, current: PollAnswer | null): Form {
  const { min, max } = POLL_SCALES[poll.kind];
  const options = Array.from({ length: max - min + 1 }, (_, i) => ({ label: scoreLabel(poll.kind, min + i), value: String(min + i) }));
  return {
    id: FORMS.pollComment,
    title: ctx.t('poll.form_title'),
    submitLabel: ctx.t('poll.form_submit'),
    closeLabel: ctx.t('form.close'),
    state,
    inputs: [
      { type: 'select', id: 'score', label: preview(poll.question, 150), options, ...(current ? { initial: String(current.score) } : {}) },
      { type: 'text', id: 'comment', label: ctx.t('poll.form_comment'), multiline: true, maxLength: POLL_COMMENT_MAX_LENGTH, ...(current?.comment ? { initial: current.comment } : {}), ...(poll.anonymous ? { hint: ctx.t('poll.anonymous_note') } : {}) },
    ],
  };
}

/** To the owner rep, at once, when a customer answers low (服务补救). */
export function lowScoreAlert(ctx: ViewContext, poll: Poll, customer: Customer, answer: PollAnswer): Reply {
  const max = POLL_SCALES[poll.kind].max;
  const who = answer.respondentName ?? ctx.t('poll.anonymous_respondent');
  const title = ctx.t('poll.low_alert', { kind: kindName(ctx, poll.kind), customer: customerName(ctx, customer), score: answer.score, max });
  const comment = answer.comment ? `“${literal(preview(answer.comment, 500))}”` : ctx.t('poll.no_comment');
  const group = poll.kind === 'nps' ? ` (${ctx.t(`poll.nps_group.${npsGroup(answer.score)}`)})` : '';
  const blocks: Block[] = [
    block.section(`⚠️ **${title}**${group}\n${comment}`),
    block.context(`${who} · ${pollFacts(ctx, poll)}`),
    block.actions(
      button(ACTIONS.pollRecovery, ctx.t('poll.log_recovery'), String(answer.id), 'primary'),
      button(ACTIONS.runCommand, ctx.t('poll.view_results'), `poll results ${poll.id}`),
    ),
  ];
  return { visibility: 'private', text: `⚠️ ${title} — ${comment}`, blocks };
}

export function recoverySummary(ctx: ViewContext, poll: Poll, answer: PollAnswer): string {
  const base = ctx.t('poll.recovery_summary', { kind: kindName(ctx, poll.kind), score: answer.score, id: poll.id });
  return answer.comment ? `${base} “${preview(answer.comment, 500)}”` : base;
}

export function pollListReply(ctx: ViewContext, page: Page<Poll> & { customers: Map<number, Customer> }, status: 'open' | 'closed' | undefined): Reply {
  if (page.items.length === 0) return privateReply(ctx.t('poll.list_empty'));
  const header = ctx.t('poll.list_title', { total: page.total, page: page.page, pages: Math.max(1, Math.ceil(page.total / page.pageSize)) });
  const lines = page.items.map((poll) => {
    const known = page.customers.get(poll.customerId);
    const customer = known ? customerName(ctx, known) : `#${poll.customerId}`;
    const state = ctx.t(`poll.status.${poll.status}`);
    return `• **#${poll.id}** ${customer} — ${kindName(ctx, poll.kind)} · ${state} · ${poll.status === 'open' ? ctx.t('poll.closes', { date: formatDay(ctx, poll.closesAt) }) : formatDay(ctx, poll.closedAt)}`;
  });
  const blocks: Block[] = [block.section(`**${header}**\n${lines.join('\n')}`)];
  const more = page.page * page.pageSize < page.total;
  if (more) {
    const next = `poll list ${status ?? ''} page=${page.page + 1}`.replace(/\s+/g, ' ');
    blocks.push(block.actions(button(ACTIONS.runCommand, ctx.t('customer.list.next'), next)));
  }
  blocks.push(block.context(ctx.t('poll.list_hint')));
  return { visibility: 'private', text: `${header}\n${lines.join('\n')}`, blocks };
}
