// The poll's life as messages: posting it in the customer's channel, keeping its live count
// current, replacing it with the results (and a chart) when it closes, and alerting the owner of a
// low score. Platform-neutral: it speaks through PlatformMessenger, so WeCom reuses it whole.
//
// Live count across replicas: every answer bumps the poll's revision in the database (after the
// answer is written). Whoever wins claimRefresh waits a short coalescing window, reads revision R
// and the counts, updates the message, records R as rendered and frees the claim; then it looks
// again and goes round once more if R moved meanwhile. A vote whose own claim failed was written
// before the holder freed the claim, so the holder's second look sees it: no answer is left out
// of the message, and a burst of 1,000 clicks costs a handful of updates (the scheduler also
// re-renders any poll left stale, e.g. by a replica that died holding the claim).
import { directAddressOf } from './direct-address.js';
import type { Logger } from 'pino';
import { renderBarChart } from '../charts/bar-chart.js';
import { DomainError } from '../domain/errors.js';
import type { Domain } from '../domain/index.js';
import { npsGroup, roundHalfAway } from '../domain/poll-math.js';
import type { PollSummary, VoteResult } from '../domain/polls.js';
import type { Poll, PollAnswer } from '../domain/types.js';
import { DeliveryError, deliveryErrorCode, deliveryFailure, type OutgoingFile, type PlatformMessenger } from './bot-types.js';
import { viewIn, viewContextFor, type ChatSettings, type ViewContext } from './context.js';
import { csatLabels } from './format.js';
import { SIGNED } from './ids.js';
import { signValue } from './signed-values.js';
import { lowScoreAlert, pollMessage, pollResultsMessage, scoreLabel, type PollSigner } from './views/polls.js';

const NPS_COLORS = { promoter: '#2e9e5b', passive: '#c9a227', detractor: '#d9534f' } as const;

export interface PollMessagesOptions {
  domain: Domain;
  messengers: Readonly<Record<string, PlatformMessenger>>;
  settings: ChatSettings;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a refresh waits for more answers before rendering (coalesces bursts of clicks). */
  refreshDelayMs?: number;
  /** How long a refresh or results claim holds before another replica may take over. */
  leaseMs?: number;
}

export interface PollMessages {
  readonly signer: PollSigner;
  /** The view context of a poll's audience: the customer's language. */
  viewOf(poll: Poll): ViewContext;
  /** Posts a new poll; on failure cancels it and throws DomainError('poll.post_failed'). */
  publish(poll: Poll): Promise<Poll>;
  /** Asks for the live message to catch up with the answers (returns at once). */
  touch(pollId: number): void;
  /** One refresh pass for this poll; false when another holder has it or nothing is posted. */
  refresh(pollId: number): Promise<boolean>;
  /** Replaces the poll's message by its results and posts the chart; the caller holds the claim. */
  publishResults(pollId: number): Promise<{ chart: boolean }>;
  /** DMs the owner about a low score (once per answer: the vote claimed it), in the background. */
  alertOwner(vote: VoteResult): void;
  /** The same, awaited: the sweep's retry of an alert that did not go out. */
  sendAlert(vote: VoteResult): Promise<void>;
  /** The alert DM again, now with the comment the customer added after their score (background). */
  updateAlert(poll: Poll, answer: PollAnswer): void;
  /** Resolves when every refresh started by touch() has finished (tests, shutdown). */
  idle(): Promise<void>;
  readonly leaseMs: number;
}

export function createPollMessages(options: PollMessagesOptions): PollMessages {
  const { domain, messengers, settings, logger } = options;
  const refreshDelayMs = options.refreshDelayMs ?? 1000;
  const leaseMs = options.leaseMs ?? 60_000;
  const inFlight = new Set<Promise<unknown>>();
  const pending = new Set<number>();
  const again = new Set<number>();

  const signer: PollSigner = {
    vote: (pollId, score) => signValue(settings.actionSecret, SIGNED.pollVote, 0, `${pollId}:${score}`),
    comment: (pollId) => signValue(settings.actionSecret, SIGNED.pollComment, 0, String(pollId)),
  };

  const viewOf = (poll: Poll): ViewContext => viewIn(poll.locale, settings.defaultTimezone, settings);

  function messengerFor(platform: string): PlatformMessenger {
    const messenger = messengers[platform];
    if (!messenger) throw new DeliveryError(`no_messenger_for_${platform}`, false);
    return messenger;
  }

  async function liveMessage(summary: PollSummary) {
    return pollMessage(viewOf(summary.poll), summary, signer);
  }

  async function publish(poll: Poll): Promise<Poll> {
    try {
      const summary = await domain.polls.summary(poll);
      const { ref } = await messengerFor(poll.platform).sendToChannel(poll.channelId, await liveMessage(summary));
      await domain.polls.markPosted(poll.id, ref);
      return { ...poll, messageRef: ref };
    } catch (error) {
      await domain.polls.cancelUnposted(poll.id);
      const reason = deliveryErrorCode(error);
      logger.warn({ pollId: poll.id, channel: poll.channelId, reason }, 'poll could not be posted');
      throw new DomainError('poll.post_failed', { channel: poll.channelName ? `#${poll.channelName}` : poll.channelId, reason });
    }
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function refresh(pollId: number): Promise<boolean> {
    let refreshed = false;
    // Round again while answers keep arriving: a vote that found the claim taken counts on this.
    for (;;) {
      const now = domain.clock.now();
      if (!(await domain.polls.claimRefresh(pollId, now, new Date(now.getTime() + leaseMs)))) return refreshed;
      let rendered = 0;
      try {
        if (refreshDelayMs > 0) await sleep(refreshDelayMs);
        const poll = await domain.polls.find(pollId);
        rendered = poll.revision;
        if (poll.status === 'open' && poll.messageRef) {
          await messengerFor(poll.platform).update(poll.messageRef, await liveMessage(await domain.polls.summary(poll)));
          refreshed = true;
        }
      } catch (error) {
        // Not rendered: the revision stays behind, and the scheduler's sweep tries again.
        logger.warn({ pollId, ...deliveryFailure(error) }, 'poll message refresh failed');
        await domain.polls.releaseRefresh(pollId);
        return refreshed;
      }
      await domain.polls.finishRefresh(pollId, rendered);
      const after = await domain.polls.find(pollId).catch(() => null);
      if (!after || after.status !== 'open' || after.revision <= rendered) return refreshed;
    }
  }

  /** Runs work after the response, tracked so idle() can wait for it; failures are logged. */
  function background(what: string, pollId: number, work: () => Promise<unknown>, done?: () => void): void {
    const running = work()
      .catch((error: unknown) => logger.error({ err: error, pollId }, `${what} failed`))
      .finally(() => {
        done?.();
        inFlight.delete(running);
      });
    inFlight.add(running);
  }

  function touch(pollId: number): void {
    // One refresh per poll per process; a touch during it asks for one more round after it.
    if (pending.has(pollId)) {
      again.add(pollId);
      return;
    }
    pending.add(pollId);
    background('poll refresh', pollId, async () => {
      try {
        for (;;) {
          again.delete(pollId);
          await refresh(pollId);
          // Checked and released in the same tick, so no touch can fall between the two.
          if (!again.has(pollId)) break;
        }
      } finally {
        pending.delete(pollId);
      }
    });
  }

  function chartFile(summary: PollSummary, view: ViewContext): OutgoingFile {
    const { poll, results, customer } = summary;
    const { counts, min } = results.distribution;
    const color = (score: number) => (poll.kind === 'nps' ? NPS_COLORS[npsGroup(score)] : score >= 4 ? NPS_COLORS.promoter : score === 3 ? NPS_COLORS.passive : NPS_COLORS.detractor);
    const headline =
      results.nps?.score != null ? `NPS ${roundHalfAway(results.nps.score)}` : results.csat?.percent != null ? csatLabels(view, { average: results.average, percent: results.csat.percent }) : '';
    const png = renderBarChart({
      title: view.t('poll.chart_title', { kind: view.t(`poll.kind.${poll.kind}`), customer: customer.name }),
      subtitle: `${headline} · n = ${results.responses}`,
      bars: counts.map((value, i) => ({ label: scoreLabel('nps', min + i), value, color: color(min + i) })),
      ...(poll.kind === 'nps' ? { legend: (['detractor', 'passive', 'promoter'] as const).map((group) => ({ label: view.t(`poll.nps_group.${group}`), color: NPS_COLORS[group] })) } : {}),
    });
    return { filename: `poll-${poll.id}-${poll.kind}.png`, title: view.t('poll.chart_title', { kind: view.t(`poll.kind.${poll.kind}`), customer: customer.name }), mimeType: 'image/png', content: png };
  }

  async function publishResults(pollId: number): Promise<{ chart: boolean }> {
    const poll = await domain.polls.find(pollId);
    const summary = await domain.polls.summary(poll);
    const view = viewOf(poll);
    const messenger = messengerFor(poll.platform);
    let chart = false;
    if (summary.results.responses > 0 && poll.messageRef) {
      try {
        await messenger.sendFile(poll.channelId, chartFile(summary, view), { threadRef: poll.messageRef });
        chart = true;
      } catch (error) {
        // The results message carries the distribution as text: the chart is a bonus.
        logger.warn({ pollId, ...deliveryFailure(error) }, 'poll chart not uploaded; text results only');
      }
    }
    const results = pollResultsMessage(view, summary, { chartAttached: chart });
    if (poll.messageRef) await messenger.update(poll.messageRef, results);
    else await messenger.sendToChannel(poll.channelId, results);
    await domain.polls.markResultsPosted(poll.id);
    return { chart };
  }

  async function sendAlert(vote: VoteResult): Promise<void> {
    const { poll, answer } = vote;
    try {
      const people = await domain.polls.ownerOf(poll);
      if (!people) return;
      const { customer, owner } = people;
      const reply = lowScoreAlert(viewContextFor(owner, settings), poll, customer, answer);
      const address = directAddressOf(owner);
      if (!address) throw new DeliveryError('no_account', false);
      const { ref } = await messengerFor(address.platform).sendDirect(address.externalId, reply);
      await domain.polls.recordAlert(answer.id, ref);
    } catch (error) {
      // A retryable failure stays undelivered: the poll sweep claims it again after the lease.
      const permanent = error instanceof DeliveryError && !error.retryable;
      if (permanent) await domain.polls.recordAlert(answer.id, `undeliverable:${error.code}`);
      logger.warn({ pollId: poll.id, answerId: answer.id, ...deliveryFailure(error), permanent }, 'low-score alert not delivered');
    }
  }

  async function resendAlert(poll: Poll, answer: PollAnswer): Promise<void> {
    if (!answer.alertRef || answer.alertRef.startsWith('undeliverable:')) return;
    try {
      const people = await domain.polls.ownerOf(poll);
      if (!people) return;
      const reply = lowScoreAlert(viewContextFor(people.owner, settings), poll, people.customer, answer);
      const address = directAddressOf(people.owner);
      if (address) await messengerFor(address.platform).update(answer.alertRef, reply);
    } catch (error) {
      logger.warn({ pollId: poll.id, answerId: answer.id, ...deliveryFailure(error) }, 'low-score alert not updated');
    }
  }

  return {
    signer,
    alertOwner: (vote) => background('low-score alert', vote.poll.id, () => sendAlert(vote)),
    sendAlert,
    updateAlert: (poll, answer) => background('low-score alert update', poll.id, () => resendAlert(poll, answer)),
    viewOf,
    publish,
    touch,
    refresh,
    publishResults,
    leaseMs,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
