// Satisfaction polls (CSAT 1–5, NPS 0–10): creating one for a customer, answers, closing, results.
// Posting and re-rendering the poll message is the chat layer's (src/chat/poll-messages.ts).
import type { CustomerService } from './customers.js';
import { DomainError } from './errors.js';
import { distributionOf, pollResults, type PollResults } from './poll-math.js';
import type { AccountKey, Clock, Stores } from './ports.js';
import {
  POLL_COMMENT_MAX_LENGTH,
  POLL_QUESTION_MAX_LENGTH,
  POLL_SCALES,
  type Customer,
  type Page,
  type Poll,
  type PollAnswer,
  type PollKind,
  type PollStatus,
  type SurveyCampaign,
  type User,
} from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const POLL_PAGE_SIZE = 10;

export interface PollSettings {
  /** A poll without a deadline closes after this many days. */
  defaultDays: number;
  /** Furthest deadline accepted. */
  maxDays: number;
  /** Scores at or below these alert the owner and count as a churn signal. */
  lowScore: Record<PollKind, number>;
  /** Whether answers from our own workspace count (default: only the customer's, external ones). */
  allowInternal: boolean;
}

export const DEFAULT_POLL_SETTINGS: PollSettings = { defaultDays: 7, maxDays: 90, lowScore: { csat: 2, nps: 6 }, allowInternal: false };

/** Someone answering a poll: a platform user who need not be one of ours (a Slack Connect guest). */
export interface Respondent {
  platform: string;
  workspaceId: string;
  externalId: string;
  displayName?: string;
}

/**
 * The stored identity of a respondent: a keyed hash (HMAC with a server secret) of the poll and the
 * person, so the same person maps to the same answer row while nothing stored names them.
 */
export type RespondentKeyer = (pollId: number, respondent: Respondent) => string;

export interface NewPollInput {
  customerId: number;
  kind: PollKind;
  question: string;
  /** Overrides the customer's linked channel; on the actor's platform unless it names one. */
  channel?: { id: string; name: string | null; platform?: string };
  anonymous: boolean;
  closesAt?: Date;
  /** The account that asked: the poll lives on its platform and workspace. */
  via: AccountKey;
}

export interface VoteResult {
  poll: Poll;
  answer: PollAnswer;
  /** The score this answer replaced; null for a first answer. */
  previousScore: number | null;
  /** True for the one vote that must alert the owner (a first low score from this respondent). */
  alert: boolean;
}

export interface PollSummary {
  poll: Poll;
  customer: Customer;
  results: PollResults;
  /** Named polls: the latest respondents' names. */
  names: string[];
}

export function isLowScore(settings: PollSettings, kind: PollKind, score: number): boolean {
  return score <= settings.lowScore[kind];
}

export class PollService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
    readonly settings: PollSettings,
    private readonly respondentKey: RespondentKeyer,
  ) {}

  /** A poll for one customer, checked against the policy; the chat layer then posts it. */
  async create(actor: User, input: NewPollInput): Promise<{ poll: Poll; customer: Customer }> {
    const customer = await this.customers.get(actor, input.customerId, 'poll.create');
    // A channel linked before channels named their platform is on the actor's (as every poll was).
    const channel = input.channel ?? (customer.channelId ? { id: customer.channelId, name: customer.channelName, platform: customer.channelPlatform ?? undefined } : null);
    if (!channel) throw new DomainError('poll.no_channel', { customer: customer.name, id: customer.id });
    const now = this.clock.now();
    const closesAt = this.validDeadline(input.closesAt, now);
    const question = validQuestion(input.question);
    const { poll } = await this.stores.polls.create({
      customerId: customer.id,
      kind: input.kind,
      question,
      locale: customer.language ?? actor.locale ?? 'en',
      anonymous: input.anonymous,
      allowInternal: this.settings.allowInternal,
      platform: channel.platform ?? input.via.platform,
      workspaceId: input.via.workspaceId ?? '',
      channelId: channel.id,
      channelName: channel.name,
      closesAt,
      createdById: actor.id,
      campaignId: null,
      sourceKey: null,
      createdAt: now,
    });
    await this.stores.audit.append({ actorId: actor.id, action: 'poll.create', entityType: 'customer', entityId: String(customer.id), after: { pollId: poll.id, kind: poll.kind, anonymous: poll.anonymous, channelId: poll.channelId } });
    return { poll, customer };
  }

  /** A campaign's poll for one customer at one run: created once however often the run is retried. */
  async createForCampaign(campaign: SurveyCampaign, customer: Customer, runAt: Date, question: string): Promise<{ poll: Poll; created: boolean }> {
    if (!customer.channelId) throw new DomainError('poll.no_channel', { customer: customer.name, id: customer.id });
    const now = this.clock.now();
    return this.stores.polls.create({
      customerId: customer.id,
      kind: campaign.kind,
      question: validQuestion(question),
      locale: customer.language ?? 'en',
      anonymous: campaign.anonymous,
      allowInternal: this.settings.allowInternal,
      platform: customer.channelPlatform ?? campaign.platform,
      workspaceId: campaign.workspaceId,
      channelId: customer.channelId,
      channelName: customer.channelName,
      closesAt: new Date(now.getTime() + this.settings.defaultDays * DAY_MS),
      createdById: null,
      campaignId: campaign.id,
      sourceKey: `campaign:${campaign.id}:${runAt.toISOString()}:${customer.id}`,
      createdAt: now,
    });
  }

  async markPosted(pollId: number, messageRef: string): Promise<void> {
    await this.stores.polls.setMessageRef(pollId, messageRef);
  }

  /** The poll could not be posted: it never opened for anyone. */
  async cancelUnposted(pollId: number): Promise<void> {
    await this.stores.polls.cancel(pollId);
  }

  async find(pollId: number): Promise<Poll> {
    const poll = await this.stores.polls.findById(pollId);
    if (!poll || poll.status === 'cancelled') throw new DomainError('poll.not_found', { id: pollId });
    return poll;
  }

  /** One click: records (or replaces) this respondent's answer. */
  async vote(pollId: number, respondent: Respondent, score: number, comment?: string): Promise<VoteResult> {
    const poll = await this.find(pollId);
    const now = this.clock.now();
    if (!isOpenAt(poll, now)) throw new DomainError('poll.closed', { id: poll.id });
    const { min, max } = POLL_SCALES[poll.kind];
    if (!Number.isInteger(score) || score < min || score > max) throw new DomainError('poll.invalid_score', { min, max });
    if (!poll.allowInternal && !this.isExternal(poll, respondent)) throw new DomainError('poll.internal_respondent');
    if (comment !== undefined && comment.length > POLL_COMMENT_MAX_LENGTH) throw new DomainError('poll.comment_too_long', { max: POLL_COMMENT_MAX_LENGTH });
    const named = !poll.anonymous;
    const { answer, previousScore } = await this.stores.polls.upsertAnswer({
      pollId: poll.id,
      respondentKey: this.respondentKey(poll.id, respondent),
      respondentId: named ? respondent.externalId : null,
      respondentName: named ? (respondent.displayName ?? respondent.externalId) : null,
      score,
      ...(comment !== undefined ? { comment: comment.trim() } : {}),
    });
    await this.stores.polls.bumpRevision(poll.id);
    const alert = isLowScore(this.settings, poll.kind, score) && answer.alertClaimedAt === null && (await this.stores.polls.claimAlert(answer.id, now));
    if (alert) {
      await this.stores.churnSignals.record({ customerId: poll.customerId, kind: poll.kind === 'csat' ? 'low_csat' : 'low_nps', score, sourceKey: `poll-answer:${answer.id}`, at: now });
    }
    return { poll, answer, previousScore, alert };
  }

  /** What this respondent answered so far (to prefill the comment form). */
  async answerOf(pollId: number, respondent: Respondent): Promise<PollAnswer | null> {
    return this.stores.polls.findAnswer(pollId, this.respondentKey(pollId, respondent));
  }

  async answerById(answerId: number): Promise<PollAnswer | null> {
    return this.stores.polls.findAnswerById(answerId);
  }

  /** Answers from another workspace are the customer's; ours are colleagues'. */
  isExternal(poll: Poll, respondent: Respondent): boolean {
    return respondent.platform !== poll.platform || respondent.workspaceId !== poll.workspaceId;
  }

  /** Counts and names for the poll's own message: no permission, the message is in the channel anyway. */
  async summary(poll: Poll, nameLimit = 10): Promise<PollSummary> {
    const customer = await this.stores.customers.findById(poll.customerId);
    if (!customer) throw new DomainError('customer.not_found', { query: `#${poll.customerId}` });
    const [rows, names] = await Promise.all([this.stores.polls.tally(poll.id), poll.anonymous ? Promise.resolve([]) : this.stores.polls.respondentNames(poll.id, nameLimit)]);
    return { poll, customer, results: pollResults(distributionOf(poll.kind, rows)), names };
  }

  /** Results for someone who may see the customer. */
  async results(actor: User, pollId: number): Promise<PollSummary & { comments: PollAnswer[] }> {
    const poll = await this.find(pollId);
    await this.customers.get(actor, poll.customerId, 'customer.show');
    const [summary, comments] = await Promise.all([this.summary(poll), this.stores.polls.answersWithComments(poll.id, 5)]);
    return { ...summary, comments };
  }

  async latestFor(actor: User, customerId: number): Promise<Poll | null> {
    await this.customers.get(actor, customerId, 'customer.show');
    const visibility = await this.customers.visibilityFor(actor);
    const { items } = await this.stores.polls.list({ visibility, customerId, offset: 0, limit: 1 });
    return items[0] ?? null;
  }

  async list(actor: User, options: { status?: PollStatus; page: number }): Promise<Page<Poll> & { customers: Map<number, Customer> }> {
    const visibility = await this.customers.visibilityFor(actor);
    const offset = (options.page - 1) * POLL_PAGE_SIZE;
    const { items, total } = await this.stores.polls.list({ visibility, offset, limit: POLL_PAGE_SIZE, ...(options.status ? { status: options.status } : {}) });
    const customers = new Map<number, Customer>();
    for (const id of new Set(items.map((p) => p.customerId))) {
      const customer = await this.stores.customers.findById(id);
      if (customer) customers.set(id, customer);
    }
    return { items, total, page: options.page, pageSize: POLL_PAGE_SIZE, customers };
  }

  /**
   * Low scores (the churn signals low answers leave) on the actor's own customers in the last
   * `days` days, newest first: the latest `limit` and how many there were (the Home tab).
   */
  async recentLowScores(actor: User, options: { days: number; limit: number }): Promise<{ items: Array<{ customer: Customer; kind: PollKind; score: number | null; at: Date }>; total: number }> {
    const since = new Date(this.clock.now().getTime() - options.days * DAY_MS);
    const { items, total } = await this.stores.churnSignals.recentForOwners([actor.id], since, options.limit);
    const customers = new Map((await Promise.all([...new Set(items.map((s) => s.customerId))].map((id) => this.stores.customers.findById(id)))).flatMap((c) => (c ? [[c.id, c] as const] : [])));
    return {
      items: items.flatMap((s) => {
        const customer = customers.get(s.customerId);
        return customer ? [{ customer, kind: s.kind === 'low_csat' ? ('csat' as const) : ('nps' as const), score: s.score, at: s.at }] : [];
      }),
      total,
    };
  }

  /** `/crm poll close`: the caller closes it and publishes the results (it holds the claim). */
  async close(actor: User, pollId: number, claimMs: number): Promise<Poll> {
    const poll = await this.find(pollId);
    await this.customers.get(actor, poll.customerId, 'poll.create');
    const now = this.clock.now();
    if (!(await this.stores.polls.close(poll.id, now, new Date(now.getTime() + claimMs)))) throw new DomainError('poll.closed', { id: poll.id });
    await this.stores.audit.append({ actorId: actor.id, action: 'poll.close', entityType: 'customer', entityId: String(poll.customerId), after: { pollId: poll.id } });
    return { ...poll, status: 'closed', closedAt: now };
  }

  /** The scheduler: closes polls past their deadline; returns those this caller closed (and must publish). */
  async closeDue(now: Date, claimMs: number, limit = 50): Promise<number[]> {
    const closed: number[] = [];
    for (const id of await this.stores.polls.dueToClose(now, limit)) {
      if (await this.stores.polls.close(id, now, new Date(now.getTime() + claimMs))) closed.push(id);
    }
    return closed;
  }

  /** Closed polls whose publisher died before posting the results: claimed for this caller. */
  async claimUnpublished(now: Date, claimMs: number, limit = 20): Promise<number[]> {
    return this.stores.polls.claimUnpublished(now, new Date(now.getTime() + claimMs), limit);
  }

  /** The customer and owner rep of a poll, for the bot's own messages (no permission: no actor). */
  async ownerOf(poll: Poll): Promise<{ customer: Customer; owner: User } | null> {
    const customer = await this.stores.customers.findById(poll.customerId);
    const owner = customer && (await this.stores.users.findById(customer.ownerId));
    return customer && owner ? { customer, owner } : null;
  }

  /**
   * Alerts whose DM never went out (the replica died, Slack refused for a while): claimed again
   * for this caller, with their polls. Permanently undeliverable ones are recorded as such.
   */
  async claimUndeliveredAlerts(now: Date, leaseMs: number, limit = 50): Promise<VoteResult[]> {
    const answers = await this.stores.polls.claimUndeliveredAlerts(now, new Date(now.getTime() - leaseMs), limit);
    const results: VoteResult[] = [];
    for (const answer of answers) {
      const poll = await this.stores.polls.findById(answer.pollId);
      if (poll) results.push({ poll, answer, previousScore: null, alert: true });
    }
    return results;
  }

  async recordAlert(answerId: number, messageRef: string): Promise<void> {
    await this.stores.polls.setAlertRef(answerId, messageRef);
  }

  claimRefresh(pollId: number, now: Date, until: Date): Promise<boolean> {
    return this.stores.polls.claimRefresh(pollId, now, until);
  }

  finishRefresh(pollId: number, renderedRevision: number): Promise<void> {
    return this.stores.polls.finishRefresh(pollId, renderedRevision);
  }

  releaseRefresh(pollId: number): Promise<void> {
    return this.stores.polls.releaseRefresh(pollId);
  }

  /** Open polls whose message lags behind their answers, with no live refresh claim. */
  staleOpen(now: Date, limit = 50): Promise<number[]> {
    return this.stores.polls.staleOpenPolls(now, limit);
  }

  async markResultsPosted(pollId: number): Promise<void> {
    await this.stores.polls.markResultsPosted(pollId, this.clock.now());
  }

  private validDeadline(closesAt: Date | undefined, now: Date): Date {
    if (closesAt === undefined) return new Date(now.getTime() + this.settings.defaultDays * DAY_MS);
    if (closesAt.getTime() <= now.getTime()) throw new DomainError('poll.deadline_past');
    if (closesAt.getTime() > now.getTime() + this.settings.maxDays * DAY_MS) throw new DomainError('poll.deadline_too_far', { days: this.settings.maxDays });
    return closesAt;
  }
}

export function isOpenAt(poll: Poll, now: Date): boolean {
  return poll.status === 'open' && now.getTime() < poll.closesAt.getTime();
}

function validQuestion(raw: string): string {
  const question = raw.normalize('NFC').trim();
  if (question.length > POLL_QUESTION_MAX_LENGTH) throw new DomainError('poll.question_too_long', { length: question.length, max: POLL_QUESTION_MAX_LENGTH });
  return question;
}
