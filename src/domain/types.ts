// The customer-management vocabulary. No platform, no database in here.

export const ROLES = ['admin', 'manager', 'rep'] as const;
export type Role = (typeof ROLES)[number];

export const CONTACT_CHANNELS = ['call', 'visit', 'email', 'wechat', 'meeting', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_SOURCES = ['command', 'modal', 'shortcut', 'dm', 'import'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

export const CONTACT_OUTCOMES = ['positive', 'neutral', 'negative', 'no_answer'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'loyal', 'at_risk', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** A tier id from the tier rules (config/tiers.json): core / potential / general by default. */
export type Tier = string;
export const DEFAULT_TIERS = ['core', 'potential', 'general'] as const;

export const CALLBACK_REASONS = ['next_date', 'cadence', 'one_off', 'new_customer', 'win_back'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];
export type CallbackStatus = 'pending' | 'sent' | 'done' | 'cancelled';

export const SUMMARY_MAX_LENGTH = 3000;
export const CUSTOMER_NAME_MAX_LENGTH = 100;

/** One identity of a person on one platform. */
export interface PlatformAccount {
  platform: string;
  externalId: string;
  workspaceId: string;
  /** When the person last spoke through it (kept coarse: see ACCOUNT_USE_PRECISION_MS). */
  lastUsedAt: Date | null;
}

/** A person: everything but their platform identities (accounts) is theirs whichever app they use. */
export interface User {
  id: number;
  /** Oldest first; never empty for someone who has talked to the bot. */
  accounts: PlatformAccount[];
  /** `/crm settings notify`: where reminders and alerts go; null = the account used last. */
  notifyPlatform: string | null;
  displayName: string;
  role: Role;
  locale: 'en' | 'zh' | null;
  localeSeenAt: Date | null;
  timezone: string | null;
  managerId: number | null;
  workingHours: WorkingHours;
}

/** When someone wants to be reminded: local times "HH:MM" and ISO weekdays (1 = Monday … 7 = Sunday). */
export interface WorkingHours {
  start: string;
  end: string;
  days: number[];
}

export interface Callback {
  id: number;
  customerId: number;
  assigneeId: number;
  reason: CallbackReason;
  note: string | null;
  dueAt: Date;
  deliverAt: Date;
  status: CallbackStatus;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  messageRef: string | null;
  escalatedAt: Date | null;
  completedAt: Date | null;
  completedById: number | null;
}

export const POLL_KINDS = ['csat', 'nps'] as const;
export type PollKind = (typeof POLL_KINDS)[number];
export type PollStatus = 'open' | 'closed' | 'cancelled';
/** The score range each kind offers as buttons. */
export const POLL_SCALES: Record<PollKind, { min: number; max: number }> = { csat: { min: 1, max: 5 }, nps: { min: 0, max: 10 } };
/** Longest question: a poll's question is one Block Kit section (≤ 3000) with room for its framing. */
export const POLL_QUESTION_MAX_LENGTH = 2000;
export const POLL_COMMENT_MAX_LENGTH = 1000;

export interface Poll {
  id: number;
  customerId: number;
  kind: PollKind;
  question: string;
  locale: 'en' | 'zh';
  anonymous: boolean;
  allowInternal: boolean;
  platform: string;
  workspaceId: string;
  channelId: string;
  channelName: string | null;
  messageRef: string | null;
  status: PollStatus;
  closesAt: Date;
  createdById: number | null;
  campaignId: number | null;
  closedAt: Date | null;
  resultsPostedAt: Date | null;
  revision: number;
  renderedRevision: number;
  createdAt: Date;
}

export interface PollAnswer {
  id: number;
  pollId: number;
  /** Named polls only: who answered (platform user id and name). */
  respondentId: string | null;
  respondentName: string | null;
  score: number;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
  alertClaimedAt: Date | null;
  alertRef: string | null;
}

export interface SurveyCampaign {
  id: number;
  kind: PollKind;
  /** null = every customer the creator can see. */
  tier: Tier | null;
  cron: string;
  scheduleLabel: string;
  timezone: string;
  cooldownDays: number;
  anonymous: boolean;
  question: string | null;
  platform: string;
  workspaceId: string;
  createdById: number;
  status: 'active' | 'cancelled';
  nextRunAt: Date;
  lastRunAt: Date | null;
  createdAt: Date;
}

export interface CustomerFields {
  company: string | null;
  phone: string | null;
  email: string | null;
  industry: string | null;
  region: string | null;
  tags: string[];
}

export interface Customer extends CustomerFields {
  id: number;
  name: string;
  ownerId: number;
  lifecycleStage: LifecycleStage;
  tier: Tier;
  /** A manager's override of the tier cadence, in days. */
  cadenceDays: number | null;
  totalSpend: number;
  orderCount: number;
  lastOrderAt: Date | null;
  lastContactAt: Date | null;
  /** The conversation shared with the customer (Slack Connect channel, WeCom group): polls go there. */
  channelId: string | null;
  channelName: string | null;
  /** The platform that conversation is on; null for channels linked before it was recorded (Slack's). */
  channelPlatform: string | null;
  /** The language the customer reads; null = the workspace default. */
  language: 'en' | 'zh' | null;
  /** Why a person set the lifecycle stage by hand; null while the rules decide it. */
  stageOverride: string | null;
  /** Churn risk, 0–100, from the last recompute. */
  riskScore: number;
  /** Set once the customer's personal data was erased on request. */
  erasedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContactLog {
  id: number;
  customerId: number;
  authorId: number;
  channel: ContactChannel;
  summary: string;
  outcome: ContactOutcome | null;
  occurredAt: Date;
  nextFollowUpAt: Date | null;
  source: ContactSource;
  createdAt: Date;
}

export interface ContactDraft {
  id: string;
  userId: number;
  customerId: number | null;
  customerText: string;
  channel: ContactChannel;
  summary: string;
  nextFollowUpAt: Date | null;
  status: 'open' | 'saved' | 'cancelled';
  createdAt: Date;
}

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  /** When, by the domain's clock, for entries the domain reads back by time (default: the database's now). */
  at?: Date;
}

export interface AuditEvent {
  id: number;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  at: Date;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
