// Survey campaigns as their creator reads them: who a campaign reaches, lists of customer names, and
// the report of one run (sent by the poll sweep, previewed by `/crm survey schedule`).
import type { Customer, SurveyCampaign } from '../../domain/types.js';
import type { ViewContext } from '../context.js';
import { literal } from '../markup.js';
import { block, privateReply, type Reply } from '../reply.js';

const NAMES_LISTED = 30;

export function surveyAudience(ctx: ViewContext, campaign: Pick<SurveyCampaign, 'tier'>): string {
  return campaign.tier ? ctx.t('survey.audience_tier', { tier: ctx.tierName(campaign.tier) }) : ctx.t('survey.audience_all');
}

export function namesList(customers: Customer[]): string {
  const shown = customers.slice(0, NAMES_LISTED).map((c) => literal(c.name));
  return customers.length > NAMES_LISTED ? `${shown.join(', ')} … (+${customers.length - NAMES_LISTED})` : shown.join(', ');
}

/** What a campaign run did, and whom it could not reach and why. */
export function surveyRunReport(ctx: ViewContext, campaign: SurveyCampaign, run: { sent: number; recent: Customer[]; withoutChannel: Customer[]; failed: Customer[] }): Reply {
  const title = ctx.t('survey.run_report', { id: campaign.id, kind: ctx.t(`poll.kind.${campaign.kind}`), sent: run.sent });
  const lines = [`${title} (${surveyAudience(ctx, campaign)})`];
  if (run.recent.length > 0) lines.push(ctx.t('survey.run_recent', { cooldown: campaign.cooldownDays, names: namesList(run.recent) }));
  if (run.withoutChannel.length > 0) lines.push(`⚠️ ${ctx.t('survey.no_channel', { names: namesList(run.withoutChannel) })}`);
  if (run.failed.length > 0) lines.push(`⚠️ ${ctx.t('survey.run_failed', { names: namesList(run.failed) })}`);
  return privateReply(lines.join('\n'), lines.map((line) => block.section(line)));
}
