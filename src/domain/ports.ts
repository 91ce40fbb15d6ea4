// What the domain needs from the outside world. src/store implements the stores with Prisma;
// tests and the scheduler inject their own Clock.
import type {
  AuditEntry,
  AuditEvent,
  Callback,
  CallbackReason,
  Tier,
  WorkingHours,
  ContactChannel,
  ContactDraft,
  ContactLog,
  ContactOutcome,
  ContactSource,
  Customer,
  CustomerFields,
  LifecycleStage,
  Role,
  User,
  Poll,
  PollAnswer,
  PollStatus,
  SurveyCampaign,
} from './types.js';
import type { StoredOrder } from './orders-types.js';
import type { Visibility } from './policy.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface NewUser {
  platform: string;
  externalId: string;
  workspaceId?: string;
  displayName?: string;
  role: Role;
  /** What the platform said about them on first contact (then refreshed like any profile). */
  locale?: 'en' | 'zh' | null;
  timezone?: string | null;
  localeSeenAt?: Date;
}

export interface UserChanges {
  workingHours?: WorkingHours;
  displayName?: string;
  role?: Role;
  locale?: 'en' | 'zh' | null;
  localeSeenAt?: Date;
  timezone?: string | null;
  managerId?: number | null;
  notifyPlatform?: string | null;
}

/** A platform identity as the chat layer knows it: who is speaking, on which platform. */
export interface AccountKey {
  platform: string;
  externalId: string;
  workspaceId?: string;
}

export interface UserStore {
  findById(id: number): Promise<User | null>;
  findByIds(ids: number[]): Promise<User[]>;
  /** The person behind a platform account, or null. */
  findByAccount(platform: string, externalId: string): Promise<User | null>;
  /** People with an account on the platform, oldest first, at most `limit`. */
  listByPlatform(platform: string, limit: number): Promise<User[]>;
  /** Gives the person one more account; false when that account belongs to someone already. */
  addAccount(userId: number, account: AccountKey): Promise<boolean>;
  /** Removes the person's account on the platform; false when they had none. */
  removeAccount(userId: number, platform: string): Promise<boolean>;
  /** Records that the account was just used, unless it was within `precisionMs` (a cheap write). */
  touchAccount(platform: string, externalId: string, at: Date, precisionMs: number): Promise<void>;
  /** Whether the person owns anything (customers, callbacks, contact logs, polls, shares, a team). */
  holdsData(userId: number): Promise<boolean>;
  /**
   * Moves everything of `fromId` to `intoId` (customers, callbacks, contacts, drafts, polls,
   * surveys, shares, team, audit attribution, accounts) and deletes `fromId`. Run it in a transaction.
   */
  mergeInto(fromId: number, intoId: number): Promise<void>;
  /** Creates the user; null when the platform id exists already (another request created it first). */
  create(user: NewUser): Promise<User | null>;
  /** Creates the user, or returns the existing one when another request created it first. */
  createOrGet(user: NewUser): Promise<User>;
  update(id: number, changes: UserChanges): Promise<User>;
  /** Ids of the users whose manager is this user. */
  teamMemberIds(managerId: number): Promise<number[]>;
  countByRole(role: Role): Promise<number>;
  /** The earliest user with this role, or null. */
  firstWithRole(role: Role): Promise<User | null>;
  /** Clears the manager of everyone in this manager's team; returns their ids. */
  dissolveTeam(managerId: number): Promise<number[]>;
}

export interface NewCustomer extends CustomerFields {
  name: string;
  nameKey: string;
  ownerId: number;
  /** From the domain's clock, so schedules that start at creation follow it (tests, imports). */
  createdAt: Date;
}

export interface CustomerChanges extends Partial<CustomerFields> {
  name?: string;
  nameKey?: string;
  ownerId?: number;
  lifecycleStage?: LifecycleStage;
  tier?: Tier;
  cadenceDays?: number | null;
  totalSpend?: number;
  orderCount?: number;
  lastOrderAt?: Date | null;
  lastContactAt?: Date | null;
  channelId?: string | null;
  channelName?: string | null;
  channelPlatform?: string | null;
  language?: 'en' | 'zh' | null;
}

export interface CustomerQuery {
  visibility: Visibility;
  tag?: string;
  tier?: Tier;
  offset: number;
  limit: number;
}

export interface CustomerStore {
  /** Which of these name keys belong to a customer (any owner: like findByNameKey, not filtered). */
  existingNameKeys(nameKeys: string[]): Promise<string[]>;
  /** Throws DomainError('customer.duplicate_name') when the name key is taken. */
  create(customer: NewCustomer): Promise<Customer>;
  findById(id: number): Promise<Customer | null>;
  findByNameKey(nameKey: string): Promise<Customer | null>;
  /** Customers whose name key contains the fragment, best (shortest) first. */
  searchByName(fragment: string, limit: number, visibility: Visibility): Promise<Customer[]>;
  /** How many visible customers' names contain the fragment (what searchByName would find without a limit). */
  countByName(fragment: string, visibility: Visibility): Promise<number>;
  list(query: CustomerQuery): Promise<{ items: Customer[]; total: number }>;
  /** Throws DomainError('customer.duplicate_name') on a rename onto a taken name. */
  update(id: number, changes: CustomerChanges): Promise<Customer>;
  /** Names of customers that could appear in a sentence, for plain-language matching. */
  namesFor(visibility: Visibility, limit: number): Promise<Array<{ id: number; name: string }>>;
  /** Moves every customer of one owner to another; returns the ids moved. */
  reassignAll(fromOwnerId: number, toOwnerId: number): Promise<number[]>;
  /** Replaces personal values by a pseudonym and marks the row erased. */
  erase(id: number, pseudonym: { name: string; nameKey: string }, at: Date): Promise<Customer>;
}

export interface ShareStore {
  /** False when it was shared with that user already. */
  add(customerId: number, userId: number, grantedById: number): Promise<boolean>;
  remove(customerId: number, userId: number): Promise<boolean>;
  customerIdsSharedWith(userId: number): Promise<number[]>;
  userIdsFor(customerId: number): Promise<number[]>;
  removeAllFor(customerId: number): Promise<void>;
}

export interface NewContactLog {
  customerId: number;
  authorId: number;
  channel: ContactChannel;
  summary: string;
  outcome: ContactOutcome | null;
  occurredAt: Date;
  nextFollowUpAt: Date | null;
  source: ContactSource;
  requestKey: string | null;
}

export interface ContactStore {
  /** Throws DuplicateRequestError when a log with the same requestKey exists (a retried delivery). */
  create(log: NewContactLog): Promise<ContactLog>;
  recentForCustomer(customerId: number, limit: number): Promise<ContactLog[]>;
  allForCustomer(customerId: number): Promise<ContactLog[]>;
  /** Blanks the free text of every contact with this customer (privacy erasure). */
  redactForCustomer(customerId: number): Promise<number>;
}

export interface NewDraft {
  id: string;
  userId: number;
  customerId: number | null;
  customerText: string;
  channel: ContactChannel;
  summary: string;
  nextFollowUpAt: Date | null;
}

export interface DraftStore {
  create(draft: NewDraft): Promise<ContactDraft>;
  findById(id: string): Promise<ContactDraft | null>;
  update(id: string, changes: Partial<Pick<ContactDraft, 'customerId' | 'channel' | 'summary' | 'nextFollowUpAt'>>): Promise<ContactDraft>;
  /** Atomically moves an open draft to a final status; false when it was not open any more. */
  close(id: string, status: 'saved' | 'cancelled'): Promise<boolean>;
  deleteForCustomer(customerId: number): Promise<number>;
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  forEntity(entityType: string, entityId: string, limit: number): Promise<AuditEvent[]>;
  /** Makes the personal values this customer's audit entries hold unreadable (crypto-shredding). */
  forgetCustomer(customerId: number): Promise<void>;
}

/** `/crm link` codes (hashed) and the wrong ones typed, for rate limiting. */
export interface LinkCodeStore {
  create(code: { codeHash: string; userId: number; platform: string; expiresAt: Date }): Promise<void>;
  /** The code's issuer, or null when no such code exists. */
  find(codeHash: string): Promise<{ userId: number; platform: string; expiresAt: Date; usedAt: Date | null } | null>;
  /** Marks it used, once: false when it was used (or expired) meanwhile. */
  consume(codeHash: string, now: Date): Promise<boolean>;
  recordFailure(account: AccountKey, at: Date): Promise<void>;
  failuresSince(account: AccountKey, since: Date): Promise<number>;
  /** Deletes codes that expired before `codesBefore` and wrong attempts older than `attemptsBefore`. */
  prune(codesBefore: Date, attemptsBefore: Date): Promise<void>;
}

/**
 * Event de-duplication for every platform adapter (Slack event_id, WeCom MsgId, a test platform's
 * ids): a key claimed once in the database, so a retry is recognised by whichever replica it reaches.
 */
export interface DeliveryStore {
  /** Records a platform delivery key; true the first time it is seen, by any replica. */
  claim(key: string): Promise<boolean>;
  /** Forgets keys claimed before `before` (platforms retry for minutes, not days); how many went. */
  prune(before: Date): Promise<number>;
}

/**
 * What a platform adapter keeps between requests and across replicas (tokens, send budgets,
 * cursors): text values by platform and key, in the database.
 */
export interface PlatformStateStore {
  get(platform: string, key: string): Promise<string | null>;
  set(platform: string, key: string, value: string): Promise<void>;
  /**
   * Writes `value` only while the stored value is still `expected` (null: no value yet); true when
   * it did. Two replicas racing on one key: exactly one wins, the other reads again.
   */
  compareAndSet(platform: string, key: string, expected: string | null, value: string): Promise<boolean>;
}

/** A file kept with a stored message (base64). */
export interface StoredFile {
  name: string;
  type: string;
  data: string;
}

/** One message of a conversation kept in our database; `R` is what it carries (stored as JSON). */
export interface StoredMessage<R> {
  id: number;
  conversation: string;
  /** "bot" or the id of the person who typed it. */
  author: string;
  /** A private reply: only this person sees it. */
  visibleTo: string | null;
  reply: R;
  file: StoredFile | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Conversations kept in our own database, for a platform that has no server of its own (the
 * sandbox; a test platform), with that platform's settings (`getState`). The platform names `R`.
 */
export interface ConversationStore<R> {
  add(message: { conversation: string; author: string; visibleTo: string | null; reply: R; file?: StoredFile }): Promise<StoredMessage<R>>;
  replace(id: number, reply: R): Promise<boolean>;
  find(id: number): Promise<StoredMessage<R> | null>;
  /**
   * Messages of a conversation that `viewer` may see, oldest first: those after `after`, or the
   * newest `limit` before `before` (the newest of all when neither is given).
   */
  list(conversation: string, viewer: string, page: { after?: number; before?: number; limit: number }): Promise<Array<StoredMessage<R>>>;
  /** Messages up to id `upTo` that changed (replace) since `since`: the page replaces them in place. */
  changed(conversation: string, viewer: string, upTo: number, since: Date): Promise<Array<StoredMessage<R>>>;
  /** Conversations with messages, newest activity first. */
  conversations(viewer: string): Promise<Array<{ conversation: string; lastId: number }>>;
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
}

export type NewCallback = Pick<Callback, 'customerId' | 'assigneeId' | 'reason' | 'note' | 'dueAt' | 'deliverAt'> & {
  /** Same schedule computed twice (two replicas, a retry) → one row. */
  occurrenceKey: string;
};

export interface OpenCallbackQuery {
  /** Restricts to these assignees; undefined means everyone's. */
  assigneeIds?: number[];
  /** Only callbacks due before this instant (overdue). */
  dueBefore?: Date;
  customerId?: number;
  offset: number;
  limit: number;
}

/** A claimed piece of work: only the holder of `token` may finish it, until `until`. */
export interface Claim {
  token: string;
  until: Date;
}

export interface CallbackStore {
  /**
   * Creates the callback, or returns the existing one with the same occurrence key — reopened as a
   * new pending callback when it had been cancelled (the schedule came back to that time).
   */
  schedule(callback: NewCallback): Promise<Callback>;
  findById(id: number): Promise<Callback | null>;
  /** Cancels the customer's open callbacks of these reasons; returns how many. */
  cancelOpen(customerId: number, reasons: readonly CallbackReason[]): Promise<number>;
  /** Open (pending or sent, not done) callbacks, oldest due first. */
  listOpen(query: OpenCallbackQuery): Promise<{ items: Callback[]; total: number }>;
  /**
   * Each customer's next follow-up: its first open callback in listOpen's order (oldest due first).
   * Customers without an open callback are absent from the map.
   */
  nextOpenOf(customerIds: readonly number[]): Promise<Map<number, Callback>>;
  /**
   * Atomically claims up to `limit` pending callbacks with deliverAt <= now whose lease is free,
   * oldest first. Two replicas never get the same row. Cost grows with the number due.
   */
  claimDue(now: Date, claim: Claim, limit: number): Promise<Callback[]>;
  /** Marks a claimed callback sent; false when the claim was lost (expired and taken over). */
  markSent(id: number, token: string, sentAt: Date, messageRef: string | null): Promise<boolean>;
  /** Gives a claimed callback back for a later try (it stays pending and visible). */
  release(id: number, token: string, retryAt: Date, error: string): Promise<void>;
  /**
   * Gives a claimed callback back unsent, to be delivered at `deliverAt` (the assignee's next working
   * instant): not a failed attempt. False when the claim was lost.
   */
  deferClaimed(id: number, token: string, deliverAt: Date): Promise<boolean>;
  /** Atomically claims open callbacks due before `dueBefore`, not yet escalated, lease free. */
  claimEscalations(now: Date, dueBefore: Date, claim: Claim, limit: number): Promise<Callback[]>;
  markEscalated(id: number, token: string, at: Date): Promise<boolean>;
  /** Keeps a claimed escalation from being claimed again before `until` (the reader's working hours). */
  holdEscalation(id: number, until: Date): Promise<void>;
  /** open → done, once: null when it was done or cancelled already. */
  complete(id: number, byUserId: number, at: Date): Promise<Callback | null>;
  /** open → pending again at a new time (a snooze); null when it is no longer open. */
  reschedule(id: number, dueAt: Date, deliverAt: Date): Promise<Callback | null>;
  /** Callbacks of this person still waiting to be delivered (optionally only those due by `deliverBy`). */
  listPendingOf(assigneeId: number, deliverBy?: Date): Promise<Callback[]>;
  /** Claims these pending callbacks if their lease is free (the rest of a day for a digest). */
  claimIds(ids: number[], now: Date, claim: Claim): Promise<Callback[]>;
  /** Moves when a pending callback is delivered (new working hours); false when it is not pending. */
  retime(id: number, deliverAt: Date): Promise<boolean>;
  /** Moves open callbacks to a new assignee: of one customer, or all of one user's. */
  reassignOpenOfCustomer(customerId: number, toUserId: number): Promise<number>;
  reassignOpenOfUser(fromUserId: number, toUserId: number): Promise<number>;
}

/** A poll as created: what the creator decides; the rest (status, message, counts) comes later. */
export type NewPoll = Omit<Poll, 'id' | 'messageRef' | 'status' | 'closedAt' | 'resultsPostedAt' | 'revision' | 'renderedRevision'> & {
  /** Campaign runs: one poll per run and customer, however often the run is retried. */
  sourceKey: string | null;
};

export interface AnswerWrite {
  pollId: number;
  respondentKey: string;
  respondentId: string | null;
  respondentName: string | null;
  score: number;
  /** undefined keeps the comment already given; a string (even empty) replaces it. */
  comment?: string;
}

export interface PollQuery {
  visibility: Visibility;
  status?: PollStatus;
  customerId?: number;
  offset: number;
  limit: number;
}

export interface PollStore {
  /** Creates the poll; with a sourceKey already used, returns that poll and created=false. */
  create(poll: NewPoll): Promise<{ poll: Poll; created: boolean }>;
  findById(id: number): Promise<Poll | null>;
  setMessageRef(id: number, ref: string): Promise<void>;
  /** open → cancelled (the poll could not be posted). */
  cancel(id: number): Promise<void>;
  list(query: PollQuery): Promise<{ items: Poll[]; total: number }>;
  /** When each of these customers was last sent a poll (campaign cool-down). */
  lastPolledAt(customerIds: number[]): Promise<Map<number, Date>>;
  /**
   * One answer per (poll, respondent): an atomic insert-or-update in the database.
   * Returns the answer and the score it replaced (null for a first answer).
   */
  upsertAnswer(write: AnswerWrite): Promise<{ answer: PollAnswer; previousScore: number | null }>;
  findAnswer(pollId: number, respondentKey: string): Promise<PollAnswer | null>;
  findAnswerById(id: number): Promise<PollAnswer | null>;
  /** Dates an answer in the past (demo data). */
  backdateAnswer(id: number, at: Date): Promise<void>;
  /** Marks that the poll's answers changed: the message is stale until renderedRevision catches up. */
  bumpRevision(pollId: number): Promise<void>;
  /** Count of answers per score. */
  tally(pollId: number): Promise<Array<{ score: number; count: number }>>;
  /** Named polls: who answered, most recent first. */
  respondentNames(pollId: number, limit: number): Promise<string[]>;
  answersWithComments(pollId: number, limit: number): Promise<PollAnswer[]>;
  /** Claims the low-score alert of an answer: true exactly once per answer. */
  claimAlert(answerId: number, at: Date): Promise<boolean>;
  setAlertRef(answerId: number, ref: string): Promise<void>;
  /** Takes the right to re-render the live message until `until`; false when another holds it. */
  claimRefresh(pollId: number, now: Date, until: Date): Promise<boolean>;
  /** Records what the message now shows and frees the claim. */
  finishRefresh(pollId: number, renderedRevision: number): Promise<void>;
  /** Frees the claim without rendering (the update failed). */
  releaseRefresh(pollId: number): Promise<void>;
  /** Open, posted polls whose message lags behind their answers (and no live claim). */
  staleOpenPolls(now: Date, limit: number): Promise<number[]>;
  /** Open polls past their deadline. */
  dueToClose(now: Date, limit: number): Promise<number[]>;
  /**
   * open → closed, once: true only for the one caller that closed it; that caller holds the right
   * to publish the results until `claimUntil`.
   */
  close(id: number, at: Date, claimUntil: Date): Promise<boolean>;
  /** Closed polls whose results were not published and whose publisher's claim ran out. */
  claimUnpublished(now: Date, claimUntil: Date, limit: number): Promise<number[]>;
  markResultsPosted(id: number, at: Date): Promise<void>;
  /** Every poll of a customer with its answers (privacy export). */
  allForCustomer(customerId: number): Promise<Array<{ poll: Poll; answers: PollAnswer[] }>>;
  /** Privacy erasure: answers lose who gave them and their comments; open polls are cancelled. */
  redactForCustomer(customerId: number): Promise<number>;
  /** Low-score alerts claimed before `claimedBefore` and never delivered: claimed again for a retry. */
  claimUndeliveredAlerts(now: Date, claimedBefore: Date, limit: number): Promise<PollAnswer[]>;
}

export type NewCampaign = Omit<SurveyCampaign, 'id' | 'status' | 'lastRunAt' | 'createdAt'>;

export interface CampaignStore {
  create(campaign: NewCampaign): Promise<SurveyCampaign>;
  findById(id: number): Promise<SurveyCampaign | null>;
  listActive(createdById?: number): Promise<SurveyCampaign[]>;
  cancel(id: number): Promise<boolean>;
  /** Active campaigns whose next run is due. */
  due(now: Date, limit: number): Promise<SurveyCampaign[]>;
  /** Moves nextRunAt from the value read to the next one: true for exactly one caller per run. */
  claimRun(id: number, expectedNextRunAt: Date, nextRunAt: Date, now: Date): Promise<boolean>;
}

export interface NewChurnSignal {
  customerId: number;
  kind: 'low_csat' | 'low_nps';
  score: number | null;
  sourceKey: string;
  at: Date;
}

export interface ChurnSignalStore {
  /** Records the signal once per sourceKey; false when it was recorded already. */
  record(signal: NewChurnSignal): Promise<boolean>;
  forCustomer(customerId: number, since: Date): Promise<Array<NewChurnSignal & { id: number }>>;
  /** The latest `limit` signals since `since` on these owners' customers (erased ones left out), newest first, and how many there are. */
  recentForOwners(ownerIds: number[], since: Date, limit: number): Promise<{ items: Array<NewChurnSignal & { id: number }>; total: number }>;
}

export interface NewOrderRow {
  orderId: string;
  customerId: number;
  amount: number;
  /** ISO 4217; the configured default when the sender named none (see currency.ts). */
  currency: string;
  orderedAt: Date;
  source: 'api' | 'csv';
}

/** What the recompute reads of one customer: its own figures and aggregates of its orders etc. */
export interface CustomerFigures {
  customerId: number;
  ownerId: number;
  tier: Tier;
  cadenceDays: number | null;
  lifecycleStage: LifecycleStage;
  stageOverridden: boolean;
  riskScore: number;
  riskLevel: 'ok' | 'at_risk';
  riskSince: Date | null;
  createdAt: Date;
  lastContactAt: Date | null;
  /** Value entered by hand or by a customer import (and kept up to date by orders). */
  manual: { totalSpend: number; orderCount: number; lastOrderAt: Date | null };
  /** Aggregates of the Order table; null when the customer has no order records. */
  orders: { count: number; firstAt: Date | null; lastAt: Date | null; inWindow: number; spendInWindow: number } | null;
  overdueCallbacks: number;
  lowScores: number;
  /** The stored scores of the last recompute. */
  scores: { r: number; f: number; m: number; total: number } | null;
}

export interface ScoreWrite {
  customerId: number;
  tier: Tier;
  previousTier: Tier | null;
  tierChanged: boolean;
  r: number;
  f: number;
  m: number;
  total: number;
  stage: LifecycleStage;
  stageChange: { from: LifecycleStage; rule: string } | null;
  riskScore: number;
  riskLevel: 'ok' | 'at_risk';
  riskSince: Date | null;
}

export interface ChurnAlertRow {
  id: number;
  customerId: number;
  riskScore: number;
  signals: unknown[];
  at: Date;
  attempts: number;
}

export interface ValueStore {
  /** Stores orders once per orderId; a known id with other figures is a conflict. */
  /** Stores new orders; the customer's spend grows by those in `spendCurrency` only (currency.ts). */
  insertOrders(orders: NewOrderRow[], spendCurrency: string): Promise<Array<{ orderId: string; status: 'created' | 'duplicate' | 'conflict'; customerId: number }>>;
  /** Bulk insert of new orders (seeding, benchmarks): no per-order checks or customer figures; returns how many. */
  insertOrdersBulk(orders: NewOrderRow[]): Promise<number>;
  /** Up to `limit` customers with id > afterId (or just `customerId`), with their aggregates. */
  /** `spendInWindow` sums the orders in `spendCurrency`; counts and dates take every order. */
  figuresPage(query: { afterId: number; limit: number; windowStart: Date; lowScoreSince: Date; now: Date; spendCurrency: string; customerId?: number }): Promise<CustomerFigures[]>;
  /** The stored orders of these order ids (an import's preview compares them with its rows). */
  storedOrders(orderIds: string[], spendCurrency: string): Promise<StoredOrder[]>;
  /** A customer's order totals per currency, largest count first. */
  spendByCurrency(customerId: number): Promise<Array<{ currency: string; amount: number; orders: number }>>;
  /** Orders stored before currencies were (currency NULL) get `code`, once; returns how many. */
  assignCurrency(code: string): Promise<number>;
  /** Writes scores, tiers, stages and risk in batches, with the tier and stage history. */
  writeScores(writes: ScoreWrite[], at: Date): Promise<void>;
  recordManualStage(change: { customerId: number; from: LifecycleStage; to: LifecycleStage; reason: string; actorId: number; at: Date }): Promise<void>;
  clearStageOverride(customerId: number): Promise<void>;
  enqueueChurnAlert(alert: { customerId: number; riskScore: number; signals: unknown[]; at: Date }): Promise<void>;
  claimChurnAlerts(now: Date, until: Date, limit: number): Promise<ChurnAlertRow[]>;
  markChurnAlertSent(id: number, at: Date): Promise<void>;
  /** The destinations (owner, managers) a churn warning already reached, or was recorded undeliverable to. */
  churnAlertDeliveries(alertId: number): Promise<string[]>;
  recordChurnAlertDelivery(alertId: number, destination: string, at: Date): Promise<void>;
  /**
   * True for the one caller that runs this key (e.g. "recompute:2026-11-24") until `until`: the first
   * claim, or a takeover of an unfinished run whose lease ran out.
   */
  claimJobRun(key: string, at: Date, until: Date): Promise<boolean>;
  /** Extends a held, unfinished run's lease (a long recompute keeps it while it works). */
  renewJobRun(key: string, until: Date): Promise<void>;
  /** Runs claimed but never finished whose lease has run out: the claimant died. */
  unfinishedJobRuns(now: Date): Promise<Array<{ key: string; startedAt: Date }>>;
  /** ok → at_risk, once: true only for the caller that moved it (it alerts). */
  claimRiskTransition(customerId: number, at: Date): Promise<boolean>;
  finishJobRun(key: string, at: Date): Promise<void>;
}

/** Whose customers a summary covers: owners (undefined = everyone's) and an optional tag. */
export interface ReportScope {
  ownerIds?: number[];
  tag?: string;
}

/** Poll answers summed up: CSAT and NPS counts, from which the percentages follow. */
export interface SatisfactionFigures {
  csatAnswers: number;
  csatTotal: number;
  csatSatisfied: number;
  npsAnswers: number;
  promoters: number;
  detractors: number;
}

export interface TierMove {
  customerId: number;
  name: string;
  ownerId: number;
  from: Tier;
  to: Tier;
  at: Date;
}

export interface ReportStore {
  tierCounts(scope: ReportScope): Promise<Array<{ tier: Tier; count: number }>>;
  /** Tier changes since `since`: counted per (from, to), and the latest `limit` of them. */
  tierMoves(scope: ReportScope, since: Date, limit: number): Promise<{ pairs: Array<{ from: Tier; to: Tier; count: number }>; latest: TierMove[] }>;
  topAtRisk(scope: ReportScope, limit: number): Promise<Array<{ customerId: number; name: string; ownerId: number; tier: Tier; riskScore: number; atRisk: boolean; stage: string }>>;
  /** Per person, in [from, to): contacts logged, callbacks done (and on time), customers per tier, churned and won back. */
  repActivity(scope: ReportScope, from: Date, to: Date): Promise<{
    contacts: Array<{ userId: number; count: number }>;
    callbacks: Array<{ userId: number; done: number; onTime: number }>;
    tiers: Array<{ userId: number; tier: Tier; count: number }>;
    stages: Array<{ userId: number; churned: number; wonBack: number }>;
  }>;
  satisfactionByOwner(scope: ReportScope, from: Date, to: Date): Promise<Array<SatisfactionFigures & { ownerId: number | null }>>;
  satisfactionOverall(scope: ReportScope, from: Date, to: Date): Promise<SatisfactionFigures>;
  /** Customers past "prospect" and not churned: the base of the churn rate (with those churned in the period). */
  churnBase(scope: ReportScope): Promise<number>;
}

export interface ImportBatchRow {
  id: string;
  userId: number;
  kind: 'customers' | 'orders';
  fileName: string;
  /** JSON: what was shown to the user (counts, errors). */
  report: string;
  /** JSON: the good rows, as validated. */
  rows: string;
  status: 'pending' | 'committed' | 'cancelled';
  createdAt: Date;
}

export interface ImportBatchStore {
  create(batch: Omit<ImportBatchRow, 'status' | 'createdAt'>): Promise<ImportBatchRow>;
  findById(id: string): Promise<ImportBatchRow | null>;
  /** pending → committed or cancelled, once: false when it was not pending any more. */
  close(id: string, status: 'committed' | 'cancelled'): Promise<boolean>;
}

export interface UndeliverableRecord {
  /** What it was: callback.reminder, callback.escalation, churn.owner, churn.managers, report.weekly, poll.post, … */
  what: string;
  /** The platform it was addressed on ('' when the recipient has none). */
  platform: string;
  /** "user:<id>" or "channel:<platform>:<channel id>": never a name, phone or email. */
  recipient: string;
  /** Why: no_messenger_for_<platform>, no_account, no_managers_channel, or the platform's code. */
  reason: string;
  at: Date;
}

/** The outbound router's records of what it could not deliver. */
export interface OutboundStore {
  recordUndeliverable(record: UndeliverableRecord): Promise<void>;
  /** The latest records first. */
  undeliverable(limit: number): Promise<UndeliverableRecord[]>;
}

/** Every store, plus a way to run several changes atomically. */
export interface Stores {
  users: UserStore;
  customers: CustomerStore;
  shares: ShareStore;
  contacts: ContactStore;
  drafts: DraftStore;
  callbacks: CallbackStore;
  audit: AuditStore;
  deliveries: DeliveryStore;
  platformState: PlatformStateStore;
  polls: PollStore;
  campaigns: CampaignStore;
  churnSignals: ChurnSignalStore;
  value: ValueStore;
  reports: ReportStore;
  importBatches: ImportBatchStore;
  outbound: OutboundStore;
  linkCodes: LinkCodeStore;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
