// One pass of the poll scheduler: close polls past their deadline (exactly once: the close is a
// conditional UPDATE only one replica wins) and publish their results; finish results a crashed
// replica left unpublished; bring stale live counts up to date; run due survey campaigns.
import { directAddressOf } from '../chat/direct-address.js';
import type { Logger } from 'pino';
import { deliveryFailure, type PlatformMessenger } from '../chat/bot-types.js';
import { viewContextFor, type ChatSettings } from '../chat/context.js';
import type { PollMessages } from '../chat/poll-messages.js';
import { namesList, surveyAudience } from '../chat/poll-commands.js';
import { block, privateReply } from '../chat/reply.js';
import { defaultQuestion } from '../chat/views/polls.js';
import type { Domain } from '../domain/index.js';
import { isDomainError } from '../domain/errors.js';
import type { Customer, SurveyCampaign, User } from '../domain/types.js';
import { viewIn } from '../chat/context.js';

export interface PollSweepOptions {
  domain: Domain;
  polls: PollMessages;
  messengers: Readonly<Record<string, PlatformMessenger>>;
  settings: Pick<ChatSettings, 'defaultLocale' | 'defaultTimezone' | 'tierNames'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export interface PollSweepResult {
  closed: number;
  published: number;
  refreshed: number;
  campaignRuns: number;
  pollsSent: number;
  alertsRetried: number;
}

export function createPollSweep(options: PollSweepOptions) {
  const { domain, polls, logger } = options;

  async function publish(pollId: number): Promise<boolean> {
    try {
      await polls.publishResults(pollId);
      return true;
    } catch (error) {
      // The claim runs out and a later sweep (here or on another replica) tries again.
      logger.warn({ pollId, ...deliveryFailure(error) }, 'poll results not published yet');
      return false;
    }
  }

  async function runCampaign(campaign: SurveyCampaign, runAt: Date, creator: User | null): Promise<number> {
    if (!creator) return 0;
    const targets = await domain.surveys.targets(campaign, creator, runAt);
    let sent = 0;
    const failed: Customer[] = [];
    for (const customer of targets.send) {
      try {
        const language = customer.language ?? options.settings.defaultLocale;
        const question = campaign.question ?? defaultQuestion(viewIn(language, options.settings.defaultTimezone, options.settings), campaign.kind, customer);
        const { poll, created } = await domain.polls.createForCampaign(campaign, customer, runAt, question);
        if (!created) continue;
        await polls.publish(poll);
        sent++;
      } catch (error) {
        if (!isDomainError(error)) logger.error({ err: error, campaignId: campaign.id, customerId: customer.id }, 'campaign poll failed');
        failed.push(customer);
      }
    }
    await reportRun(campaign, creator, sent, targets.recentlySurveyed, targets.withoutChannel, failed);
    return sent;
  }

  /** Tells the manager what the run did, and who it could not reach and why. */
  async function reportRun(campaign: SurveyCampaign, creator: User, sent: number, recent: Customer[], withoutChannel: Customer[], failed: Customer[]): Promise<void> {
    const address = directAddressOf(creator);
    const messenger = address && options.messengers[address.platform];
    if (!address || !messenger) return;
    const ctx = viewContextFor(creator, options.settings);
    const title = ctx.t('survey.run_report', { id: campaign.id, kind: ctx.t(`poll.kind.${campaign.kind}`), sent });
    const lines = [`${title} (${surveyAudience(ctx, campaign)})`];
    if (recent.length > 0) lines.push(ctx.t('survey.run_recent', { cooldown: campaign.cooldownDays, names: namesList(recent) }));
    if (withoutChannel.length > 0) lines.push(`⚠️ ${ctx.t('survey.no_channel', { names: namesList(withoutChannel) })}`);
    if (failed.length > 0) lines.push(`⚠️ ${ctx.t('survey.run_failed', { names: namesList(failed) })}`);
    try {
      await messenger.sendDirect(address.externalId, privateReply(lines.join('\n'), lines.map((line) => block.section(line))));
    } catch (error) {
      logger.warn({ campaignId: campaign.id, ...deliveryFailure(error) }, 'campaign report not delivered');
    }
  }

  return {
    async run(now: Date): Promise<PollSweepResult> {
      const result: PollSweepResult = { closed: 0, published: 0, refreshed: 0, campaignRuns: 0, pollsSent: 0, alertsRetried: 0 };
      const closed = await domain.polls.closeDue(now, polls.leaseMs);
      result.closed = closed.length;
      const orphaned = await domain.polls.claimUnpublished(now, polls.leaseMs);
      for (const id of [...closed, ...orphaned]) if (await publish(id)) result.published++;
      for (const id of await domain.polls.staleOpen(now)) if (await polls.refresh(id)) result.refreshed++;
      for (const vote of await domain.polls.claimUndeliveredAlerts(now, polls.leaseMs)) {
        await polls.sendAlert(vote);
        result.alertsRetried++;
      }
      for (const run of await domain.surveys.claimDueRuns(now)) {
        result.campaignRuns++;
        result.pollsSent += await runCampaign(run.campaign, run.runAt, run.creator);
      }
      if (result.closed + result.campaignRuns > 0) logger.info({ ...result }, 'poll sweep');
      return result;
    },
  };
}
