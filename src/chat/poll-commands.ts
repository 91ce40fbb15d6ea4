// `/crm poll …` and `/crm survey …`: satisfaction polls from the rep's and the manager's side.
import { DomainError } from '../domain/errors.js';
import { describeSchedule } from '../domain/survey-schedule.js';
import { DEFAULT_COOLDOWN_DAYS, type CampaignTargets } from '../domain/surveys.js';
import { atLocalTime, localDateKey } from '../domain/time.js';
import type { SurveyCampaign } from '../domain/types.js';
import type { Outcome } from './bot-types.js';
import { viewIn, type ChatContext, type ViewContext } from './context.js';
import { withCustomer } from './customer-ref.js';
import { formatDay, formatMoment } from './format.js';
import type { PollCommand } from './grammar-polls.js';
import { block, privateReply, type Block } from './reply.js';
import { dateProblemText } from './date-replies.js';
import { parseWhen, type DateProblem } from './text/dates.js';
import { defaultQuestion, pollListReply, pollPostedReply, pollResultsReply } from './views/polls.js';
import { namesList, surveyAudience } from './views/surveys.js';


export async function runPollCommand(ctx: ChatContext, command: PollCommand): Promise<Outcome> {
  switch (command.kind) {
    case 'poll.create':
      return createPoll(ctx, command);
    case 'poll.close':
      return closePoll(ctx, command.pollId);
    case 'poll.results':
      return showResults(ctx, command.target);
    case 'poll.list':
      return { reply: pollListReply(ctx, await ctx.domain.polls.list(ctx.actor, { page: command.page, ...(command.status ? { status: command.status } : {}) }), command.status) };
    case 'survey.schedule':
      return scheduleSurvey(ctx, command);
    case 'survey.list':
      return listSurveys(ctx);
    case 'survey.cancel': {
      const campaign = await ctx.domain.surveys.cancel(ctx.actor, command.campaignId);
      return { reply: privateReply(`✅ ${ctx.t('survey.cancelled', { id: campaign.id })}`) };
    }
  }
}

/** "closes friday" means until the end of Friday; with a time, until that time. */
function parseDeadline(ctx: ChatContext, text: string): { ok: true; date: Date } | DateProblem {
  const when = parseWhen(text, { now: ctx.now, timezone: ctx.timezone, locale: ctx.locale });
  if (!when.ok) return when;
  return { ok: true, date: when.hasTime ? when.date : atLocalTime(localDateKey(when.date, ctx.timezone), 23, 59, ctx.timezone) };
}

async function createPoll(ctx: ChatContext, command: Extract<PollCommand, { kind: 'poll.create' }>): Promise<Outcome> {
  let closesAt: Date | undefined;
  if (command.closes !== undefined) {
    const deadline = parseDeadline(ctx, command.closes);
    if (!deadline.ok) return { reply: privateReply(`⚠️ ${dateProblemText(ctx, deadline, command.closes)}`) };
    closesAt = deadline.date;
  }
  return withCustomer(ctx, command.ref, 'poll.create', { rerun: (id) => `poll ${command.pollKind} #${id} ${command.rest}` }, async (customer) => {
    // The default question is in the customer's language: they are the ones who read it.
    const language = customer.language ?? ctx.locale;
    const question = command.question ?? defaultQuestion(viewIn(language, ctx.timezone, ctx.settings), command.pollKind, customer);
    const { poll } = await ctx.domain.polls.create(ctx.actor, {
      customerId: customer.id,
      kind: command.pollKind,
      question,
      anonymous: command.anonymous,
      via: ctx.speaker,
      ...(command.channel ? { channel: { ...command.channel, platform: command.channel.platform ?? ctx.speaker.platform } } : {}),
      ...(closesAt ? { closesAt } : {}),
    });
    const posted = await ctx.services.polls.publish(poll);
    return { reply: pollPostedReply(ctx, posted, customer) };
  });
}

async function closePoll(ctx: ChatContext, pollId: number): Promise<Outcome> {
  const polls = ctx.services.polls;
  await ctx.domain.polls.close(ctx.actor, pollId, polls.leaseMs);
  try {
    await polls.publishResults(pollId);
  } catch (error) {
    // Closed all the same: the scheduler publishes once the claim runs out.
    const reason = error instanceof DomainError ? error.code : 'delivery_failed';
    return { reply: privateReply(`⚠️ ${ctx.t('poll.results_pending', { id: pollId, reason })}`) };
  }
  return { reply: pollResultsReply(ctx, await ctx.domain.polls.results(ctx.actor, pollId)) };
}

async function showResults(ctx: ChatContext, target: { pollId: number } | { ref: string }): Promise<Outcome> {
  if ('pollId' in target) return { reply: pollResultsReply(ctx, await ctx.domain.polls.results(ctx.actor, target.pollId)) };
  return withCustomer(ctx, target.ref, 'customer.show', { rerun: (id) => `poll results customer=#${id}` }, async (customer) => {
    const latest = await ctx.domain.polls.latestFor(ctx.actor, customer.id);
    if (!latest) return { reply: privateReply(ctx.t('poll.list_empty')) };
    return { reply: pollResultsReply(ctx, await ctx.domain.polls.results(ctx.actor, latest.id)) };
  });
}

function scheduleText(ctx: ViewContext, campaign: SurveyCampaign): string {
  return describeSchedule({ cron: campaign.cron, label: campaign.scheduleLabel as never }, ctx.locale);
}

async function scheduleSurvey(ctx: ChatContext, command: Extract<PollCommand, { kind: 'survey.schedule' }>): Promise<Outcome> {
  const { campaign, preview } = await ctx.domain.surveys.schedule(ctx.actor, {
    kind: command.pollKind,
    tier: command.tier,
    schedule: command.schedule,
    cooldownDays: command.cooldownDays ?? DEFAULT_COOLDOWN_DAYS,
    anonymous: command.anonymous,
    question: null,
    via: ctx.speaker,
  });
  const when = { ...ctx, timezone: campaign.timezone };
  const text = ctx.t('survey.scheduled', {
    id: campaign.id,
    kind: ctx.t(`poll.kind.${campaign.kind}`),
    audience: surveyAudience(ctx, campaign),
    schedule: scheduleText(ctx, campaign),
    cooldown: campaign.cooldownDays,
    date: formatMoment(when, campaign.nextRunAt),
  });
  return { reply: privateReply(`✅ ${text}`, [block.section(`✅ ${text}`), ...previewBlocks(ctx, preview), block.context(ctx.t('survey.cancel_hint', { id: campaign.id }))]) };
}

function previewBlocks(ctx: ViewContext, preview: CampaignTargets): Block[] {
  const blocks = [block.section(ctx.t('survey.preview', { send: preview.send.length, recent: preview.recentlySurveyed.length }))];
  if (preview.withoutChannel.length > 0) blocks.push(block.section(`⚠️ ${ctx.t('survey.no_channel', { names: namesList(preview.withoutChannel) })}`));
  return blocks;
}

async function listSurveys(ctx: ChatContext): Promise<Outcome> {
  const campaigns = await ctx.domain.surveys.list(ctx.actor);
  if (campaigns.length === 0) return { reply: privateReply(ctx.t('survey.list_empty')) };
  const lines = campaigns.map((c) =>
    ctx.t('survey.list_line', { id: c.id, kind: ctx.t(`poll.kind.${c.kind}`), audience: surveyAudience(ctx, c), schedule: scheduleText(ctx, c), cooldown: c.cooldownDays, date: formatDay({ ...ctx, timezone: c.timezone }, c.nextRunAt) }),
  );
  const title = ctx.t('survey.list_title');
  return { reply: privateReply(`${title}\n${lines.join('\n')}`, [block.section(`**${title}**\n${lines.map((l) => `• ${l}`).join('\n')}`)]) };
}
