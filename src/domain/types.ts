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

export const TIERS = ['core', 'potential', 'general'] as const;
export type Tier = (typeof TIERS)[number];

export const CALLBACK_REASONS = ['next_date', 'cadence', 'one_off', 'new_customer', 'win_back'] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];
export type CallbackStatus = 'pending' | 'sent' | 'done' | 'cancelled';

export const SUMMARY_MAX_LENGTH = 3000;
export const CUSTOMER_NAME_MAX_LENGTH = 100;

export interface User {
  id: number;
  platform: string;
  externalId: string;
  workspaceId: string;
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
  nextFollowUpAt: Date | null;
  lastContactAt: Date | null;
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
