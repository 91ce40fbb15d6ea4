// The domain's stores over Prisma. The only module that turns rows into domain objects.
import type { PrismaClient, Prisma } from '../generated/sqlite/client.js';
import { DomainError, DuplicateRequestError } from '../domain/errors.js';
import { systemClock, type Clock, type ContactStore, type CustomerStore, type DeliveryStore, type DraftStore, type PlatformStateStore, type ShareStore, type Stores } from '../domain/ports.js';
import { createAuditStore } from './audit-store.js';
import { createCallbackStore } from './callback-store.js';
import type { Provider } from './datasource.js';
import { ENCRYPTED_COLUMNS, type FieldCipher } from './field-cipher.js';
import { insertedOnce, isUniqueViolation, visibleTo } from './query-helpers.js';
import { createCampaignStore, createChurnSignalStore, createPollStore } from './poll-store.js';
import { createImportBatchStore, createValueStore } from './value-store.js';
import { createOutboundStore } from './outbound-store.js';
import { createReportStore } from './report-store.js';
import { createLinkCodeStore, createUserStore } from './user-store.js';
import type { ContactDraft, ContactLog, Customer } from '../domain/types.js';

/** A client or a client inside an interactive transaction: both have the model delegates. */
type Client = PrismaClient | Prisma.TransactionClient;

type CustomerRow = Prisma.CustomerModel;
type ContactRow = Prisma.ContactLogModel;
type DraftRow = Prisma.ContactDraftModel;

/** Tags live in one column as ",a,b," so that filtering by one tag is a single LIKE. */
export function encodeTags(tags: readonly string[]): string {
  return tags.length === 0 ? '' : `,${tags.join(',')},`;
}

function decodeTags(stored: string): string[] {
  return stored.split(',').filter((t) => t !== '');
}

/** What the stores need of the field cipher (src/store/field-cipher.ts). */
type StoreCipher = Pick<FieldCipher, 'encrypt' | 'decrypt' | 'keyWrap'>;

function toCustomer(row: CustomerRow, cipher: StoreCipher): Customer {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    phone: row.phone === null ? null : cipher.decrypt(row.phone, ENCRYPTED_COLUMNS.phone),
    email: row.email === null ? null : cipher.decrypt(row.email, ENCRYPTED_COLUMNS.email),
    industry: row.industry,
    region: row.region,
    tags: decodeTags(row.tags),
    ownerId: row.ownerId,
    lifecycleStage: row.lifecycleStage as Customer['lifecycleStage'],
    tier: row.tier as Customer['tier'],
    cadenceDays: row.cadenceDays,
    totalSpend: Number(row.totalSpend),
    orderCount: row.orderCount,
    lastOrderAt: row.lastOrderAt,
    lastContactAt: row.lastContactAt,
    channelId: row.channelId,
    channelName: row.channelName,
    channelPlatform: row.channelPlatform,
    language: row.language === 'en' || row.language === 'zh' ? row.language : null,
    stageOverride: row.stageOverride,
    riskScore: row.riskScore,
    erasedAt: row.erasedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toContact(row: ContactRow): ContactLog {
  return {
    id: row.id,
    customerId: row.customerId,
    authorId: row.authorId,
    channel: row.channel as ContactLog['channel'],
    summary: row.summary,
    outcome: row.outcome as ContactLog['outcome'],
    occurredAt: row.occurredAt,
    nextFollowUpAt: row.nextFollowUpAt,
    source: row.source as ContactLog['source'],
    createdAt: row.createdAt,
  };
}

function toDraft(row: DraftRow): ContactDraft {
  return {
    id: row.id,
    userId: row.userId,
    customerId: row.customerId,
    customerText: row.customerText,
    channel: row.channel as ContactDraft['channel'],
    summary: row.summary,
    nextFollowUpAt: row.nextFollowUpAt,
    status: row.status as ContactDraft['status'],
    createdAt: row.createdAt,
  };
}

function customerData<T extends { tags?: readonly string[]; phone?: string | null; email?: string | null }>(input: T, cipher: StoreCipher): Omit<T, 'tags'> & { tags?: string } {
  const { tags, ...rest } = input;
  const data: Omit<T, 'tags'> & { tags?: string } = tags === undefined ? rest : { ...rest, tags: encodeTags(tags) };
  for (const field of ['phone', 'email'] as const) {
    const value = input[field];
    if (typeof value === 'string') (data as Record<string, unknown>)[field] = cipher.encrypt(value, ENCRYPTED_COLUMNS[field]);
  }
  return data;
}

function customerStore(db: Client, cipher: StoreCipher): CustomerStore {
  const toDomain = (row: CustomerRow) => toCustomer(row, cipher);
  async function withDuplicateCheck<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('customer.duplicate_name');
      throw error;
    }
  }
  return {
    async create(customer) {
      return toDomain(await withDuplicateCheck(() => db.customer.create({ data: customerData(customer, cipher) })));
    },
    async findById(id) {
      const row = await db.customer.findUnique({ where: { id } });
      return row && toDomain(row);
    },
    async findByNameKey(nameKey) {
      const row = await db.customer.findUnique({ where: { nameKey } });
      return row && toDomain(row);
    },
    async existingNameKeys(nameKeys) {
      if (nameKeys.length === 0) return [];
      const rows = await db.customer.findMany({ where: { nameKey: { in: [...new Set(nameKeys)] } }, select: { nameKey: true } });
      return rows.map((r) => r.nameKey);
    },
    async searchByName(fragment, limit, visibility) {
      // Names that start with the fragment rank before names that merely contain it.
      const visible = visibleTo(visibility);
      const prefix = await db.customer.findMany({ where: { AND: [visible, { nameKey: { startsWith: fragment } }] }, orderBy: { nameKey: 'asc' }, take: limit });
      if (prefix.length >= limit) return prefix.map(toDomain);
      const inner = await db.customer.findMany({
        where: { AND: [visible, { nameKey: { contains: fragment }, id: { notIn: prefix.map((c) => c.id) } }] },
        orderBy: { nameKey: 'asc' },
        take: limit - prefix.length,
      });
      return [...prefix, ...inner].map(toDomain);
    },
    countByName(fragment, visibility) {
      return db.customer.count({ where: { AND: [visibleTo(visibility), { nameKey: { contains: fragment } }] } });
    },
    async list(query) {
      const where: Prisma.CustomerWhereInput = { AND: [visibleTo(query.visibility), query.tag ? { tags: { contains: `,${query.tag},` } } : {}, query.tier ? { tier: query.tier } : {}] };
      const [rows, total] = await Promise.all([
        db.customer.findMany({ where, orderBy: [{ nameKey: 'asc' }], skip: query.offset, take: query.limit }),
        db.customer.count({ where }),
      ]);
      return { items: rows.map(toDomain), total };
    },
    async update(id, changes) {
      return toDomain(await withDuplicateCheck(() => db.customer.update({ where: { id }, data: customerData(changes, cipher) })));
    },
    async namesFor(visibility, limit) {
      return db.customer.findMany({ where: { AND: [visibleTo(visibility), { erasedAt: null }] }, select: { id: true, name: true }, orderBy: { updatedAt: 'desc' }, take: limit });
    },
    async reassignAll(fromOwnerId, toOwnerId) {
      const ids = (await db.customer.findMany({ where: { ownerId: fromOwnerId }, select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
      await db.customer.updateMany({ where: { id: { in: ids } }, data: { ownerId: toOwnerId } });
      return ids;
    },
    async erase(id, pseudonym, at) {
      const row = await db.customer.update({
        where: { id },
        data: { name: pseudonym.name, nameKey: pseudonym.nameKey, company: null, phone: null, email: null, channelId: null, channelName: null, channelPlatform: null, erasedAt: at },
      });
      return toDomain(row);
    },
  };
}

function shareStore(db: Client): ShareStore {
  return {
    add: (customerId, userId, grantedById) => insertedOnce(() => db.customerShare.create({ data: { customerId, userId, grantedById } })),
    async remove(customerId, userId) {
      const { count } = await db.customerShare.deleteMany({ where: { customerId, userId } });
      return count > 0;
    },
    async customerIdsSharedWith(userId) {
      return (await db.customerShare.findMany({ where: { userId }, select: { customerId: true } })).map((s) => s.customerId);
    },
    async userIdsFor(customerId) {
      return (await db.customerShare.findMany({ where: { customerId }, select: { userId: true } })).map((s) => s.userId);
    },
    async removeAllFor(customerId) {
      await db.customerShare.deleteMany({ where: { customerId } });
    },
  };
}

function contactStore(db: Client, clock: Clock): ContactStore {
  return {
    async create(log) {
      try {
        return toContact(await db.contactLog.create({ data: { ...log, createdAt: clock.now() } }));
      } catch (error) {
        if (log.requestKey !== null && isUniqueViolation(error)) throw new DuplicateRequestError(log.requestKey);
        throw error;
      }
    },
    async recentForCustomer(customerId, limit) {
      const rows = await db.contactLog.findMany({ where: { customerId }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], take: limit });
      return rows.map(toContact);
    },
    async allForCustomer(customerId) {
      const rows = await db.contactLog.findMany({ where: { customerId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toContact);
    },
    async redactForCustomer(customerId) {
      const { count } = await db.contactLog.updateMany({ where: { customerId }, data: { summary: '', outcome: null } });
      return count;
    },
  };
}

function draftStore(db: Client): DraftStore {
  return {
    async create(draft) {
      return toDraft(await db.contactDraft.create({ data: draft }));
    },
    async findById(id) {
      const row = await db.contactDraft.findUnique({ where: { id } });
      return row && toDraft(row);
    },
    async update(id, changes) {
      return toDraft(await db.contactDraft.update({ where: { id }, data: changes }));
    },
    async close(id, status) {
      const { count } = await db.contactDraft.updateMany({ where: { id, status: 'open' }, data: { status } });
      return count === 1;
    },
    async deleteForCustomer(customerId) {
      const { count } = await db.contactDraft.deleteMany({ where: { customerId } });
      return count;
    },
  };
}

export function createDeliveryStore(db: Client): DeliveryStore {
  return {
    claim: (key) => insertedOnce(() => db.processedDelivery.create({ data: { key } })),
    async prune(before) {
      const { count } = await db.processedDelivery.deleteMany({ where: { createdAt: { lt: before } } });
      return count;
    },
  };
}

export function createPlatformStateStore(db: Client): PlatformStateStore {
  return {
    async get(platform, key) {
      return (await db.platformState.findUnique({ where: { platform_key: { platform, key } } }))?.value ?? null;
    },
    async set(platform, key, value) {
      await db.platformState.upsert({ where: { platform_key: { platform, key } }, create: { platform, key, value }, update: { value } });
    },
    async compareAndSet(platform, key, expected, value) {
      // The first value: whoever inserts first wins (the primary key refuses the other).
      if (expected === null) return insertedOnce(() => db.platformState.create({ data: { platform, key, value } }));
      const { count } = await db.platformState.updateMany({ where: { platform, key, value: expected }, data: { value } });
      return count === 1;
    },
  };
}

function storesOver(db: Client, options: StoreOptions, transaction: Stores['transaction']): Stores {
  return {
    users: createUserStore(db),
    customers: customerStore(db, options.cipher),
    shares: shareStore(db),
    contacts: contactStore(db, options.clock ?? systemClock),
    drafts: draftStore(db),
    callbacks: createCallbackStore(db, options.provider, options.clock),
    audit: createAuditStore(db, options.cipher.keyWrap(), options.clock),
    deliveries: createDeliveryStore(db),
    platformState: createPlatformStateStore(db),
    polls: createPollStore(db, options.clock),
    campaigns: createCampaignStore(db),
    churnSignals: createChurnSignalStore(db),
    value: createValueStore(db, options.provider),
    reports: createReportStore(db, options.provider),
    importBatches: createImportBatchStore(db),
    outbound: createOutboundStore(db),
    linkCodes: createLinkCodeStore(db),
    transaction,
  };
}

export interface StoreOptions {
  /**
   * Encrypts customers' phone numbers and emails on every write and decrypts them on every read, and
   * wraps the audit trail's per-customer keys: loadFieldCipher() in production.
   */
  cipher: StoreCipher;
  /** The database behind the client (Database.provider): some claims are written per provider. */
  provider: Provider;
  /**
   * The app's clock (the domain's): stamps the rows written without a time of their own (audit
   * entries, a callback's creation), never the database's now(). Default: the system clock.
   */
  clock?: Clock;
}

export function createPrismaStores(prisma: PrismaClient, options: StoreOptions): Stores {
  return storesOver(prisma, options, (work) =>
    prisma.$transaction((tx) => {
      // Inside a transaction, a nested transaction() simply joins it.
      const inner: Stores = storesOver(tx, options, (nested) => nested(inner));
      return work(inner);
    }),
  );
}
