// What the domain needs from the outside world. src/store implements the stores with Prisma;
// tests and the scheduler inject their own Clock.
import type {
  AuditEntry,
  AuditEvent,
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
} from './types.js';

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
}

export interface UserChanges {
  displayName?: string;
  role?: Role;
  locale?: 'en' | 'zh' | null;
  localeSeenAt?: Date;
  timezone?: string | null;
  managerId?: number | null;
}

export interface UserStore {
  findById(id: number): Promise<User | null>;
  findByIds(ids: number[]): Promise<User[]>;
  findByExternalId(platform: string, externalId: string): Promise<User | null>;
  /** Creates the user, or returns the existing one when another request created it first. */
  createOrGet(user: NewUser): Promise<User>;
  update(id: number, changes: UserChanges): Promise<User>;
  /** Ids of the users whose manager is this user. */
  teamMemberIds(managerId: number): Promise<number[]>;
}

export interface NewCustomer extends CustomerFields {
  name: string;
  nameKey: string;
  ownerId: number;
}

export interface CustomerChanges extends Partial<CustomerFields> {
  name?: string;
  nameKey?: string;
  ownerId?: number;
  lifecycleStage?: LifecycleStage;
  totalSpend?: number;
  orderCount?: number;
  lastOrderAt?: Date | null;
  nextFollowUpAt?: Date | null;
  lastContactAt?: Date | null;
}

export interface CustomerQuery {
  /** Restricts to these owners; undefined means every owner. */
  ownerIds?: number[];
  tag?: string;
  offset: number;
  limit: number;
}

export interface CustomerStore {
  /** Throws DomainError('customer.duplicate_name') when the name key is taken. */
  create(customer: NewCustomer): Promise<Customer>;
  findById(id: number): Promise<Customer | null>;
  findByNameKey(nameKey: string): Promise<Customer | null>;
  /** Customers whose name key contains the fragment, best (shortest) first. */
  searchByName(fragment: string, limit: number, ownerIds?: number[]): Promise<Customer[]>;
  list(query: CustomerQuery): Promise<{ items: Customer[]; total: number }>;
  /** Throws DomainError('customer.duplicate_name') on a rename onto a taken name. */
  update(id: number, changes: CustomerChanges): Promise<Customer>;
  /** Names of customers that could appear in a sentence, for plain-language matching. */
  namesFor(ownerIds: number[] | undefined, limit: number): Promise<Array<{ id: number; name: string }>>;
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
}

export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  forEntity(entityType: string, entityId: string, limit: number): Promise<AuditEvent[]>;
}

export interface DeliveryStore {
  /** Records a platform delivery key; true the first time it is seen, by any replica. */
  claim(key: string): Promise<boolean>;
}

/** Every store, plus a way to run several changes atomically. */
export interface Stores {
  users: UserStore;
  customers: CustomerStore;
  contacts: ContactStore;
  drafts: DraftStore;
  audit: AuditStore;
  deliveries: DeliveryStore;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
