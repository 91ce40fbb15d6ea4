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
  countByRole(role: Role): Promise<number>;
  /** Clears the manager of everyone in this manager's team; returns their ids. */
  dissolveTeam(managerId: number): Promise<number[]>;
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
  visibility: Visibility;
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
  searchByName(fragment: string, limit: number, visibility: Visibility): Promise<Customer[]>;
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

export interface DeliveryStore {
  /** Records a platform delivery key; true the first time it is seen, by any replica. */
  claim(key: string): Promise<boolean>;
}

/** Every store, plus a way to run several changes atomically. */
export interface Stores {
  users: UserStore;
  customers: CustomerStore;
  shares: ShareStore;
  contacts: ContactStore;
  drafts: DraftStore;
  audit: AuditStore;
  deliveries: DeliveryStore;
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
}
