// People and their platform accounts; `/crm link` codes. The only module that turns user rows into domain users.
import type { PrismaClient, Prisma } from '../generated/sqlite/client.js';
import type { LinkCodeStore, NewUser, UserStore } from '../domain/ports.js';
import type { PlatformAccount, User } from '../domain/types.js';
import { insertedOnce, isUniqueViolation } from './query-helpers.js';

type Client = PrismaClient | Prisma.TransactionClient;
type UserRow = Prisma.UserModel & { accounts: Prisma.PlatformAccountModel[] };

/** Every user read carries its accounts, oldest first. */
const WITH_ACCOUNTS = { accounts: { orderBy: { id: 'asc' } } } as const satisfies Prisma.UserInclude;

function toAccount(row: Prisma.PlatformAccountModel): PlatformAccount {
  return { platform: row.platform, externalId: row.externalId, workspaceId: row.workspaceId, lastUsedAt: row.lastUsedAt };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    accounts: row.accounts.map(toAccount),
    notifyPlatform: row.notifyPlatform,
    displayName: row.displayName,
    role: row.role as User['role'],
    locale: row.locale === 'en' || row.locale === 'zh' ? row.locale : null,
    localeSeenAt: row.localeSeenAt,
    timezone: row.timezone,
    managerId: row.managerId,
    workingHours: { start: row.workStart, end: row.workEnd, days: row.workDays.split(',').map(Number) },
  };
}

export function createUserStore(db: Client): UserStore {
  async function findByAccount(platform: string, externalId: string): Promise<User | null> {
    const account = await db.platformAccount.findUnique({ where: { platform_externalId: { platform, externalId } }, include: { user: { include: WITH_ACCOUNTS } } });
    return account && toUser(account.user);
  }
  // Two first messages from one person race (two tabs, replicas): the account's unique key decides.
  async function createUser(user: NewUser): Promise<User | null> {
    const { platform, externalId, workspaceId, displayName, ...rest } = user;
    try {
      return toUser(
        await db.user.create({
          data: { ...rest, displayName: displayName ?? '', accounts: { create: { platform, externalId, workspaceId: workspaceId ?? '' } } },
          include: WITH_ACCOUNTS,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }
  return {
    async findById(id) {
      const row = await db.user.findUnique({ where: { id }, include: WITH_ACCOUNTS });
      return row && toUser(row);
    },
    async findByIds(ids) {
      const rows = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, include: WITH_ACCOUNTS });
      return rows.map(toUser);
    },
    async firstWithRole(role) {
      const row = await db.user.findFirst({ where: { role }, orderBy: { id: 'asc' }, include: WITH_ACCOUNTS });
      return row && toUser(row);
    },
    async listByPlatform(platform, limit) {
      const rows = await db.user.findMany({ where: { accounts: { some: { platform } } }, orderBy: { id: 'asc' }, take: limit, include: WITH_ACCOUNTS });
      return rows.map(toUser);
    },
    findByAccount,
    addAccount(userId, account) {
      return insertedOnce(() => db.platformAccount.create({ data: { userId, platform: account.platform, externalId: account.externalId, workspaceId: account.workspaceId ?? '' } }));
    },
    async removeAccount(userId, platform) {
      const { count } = await db.platformAccount.deleteMany({ where: { userId, platform } });
      return count > 0;
    },
    async touchAccount(platform, externalId, at, precisionMs) {
      const stale = new Date(at.getTime() - precisionMs);
      await db.platformAccount.updateMany({ where: { platform, externalId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: stale } }] }, data: { lastUsedAt: at } });
    },
    async holdsData(userId) {
      const counts = await Promise.all([
        db.customer.count({ where: { ownerId: userId } }),
        db.callback.count({ where: { assigneeId: userId } }),
        db.contactLog.count({ where: { authorId: userId } }),
        db.customerShare.count({ where: { userId } }),
        db.poll.count({ where: { createdById: userId } }),
        db.user.count({ where: { managerId: userId } }),
      ]);
      return counts.some((n) => n > 0);
    },
    async mergeInto(fromId, intoId) {
      const from = { equals: fromId };
      await db.customer.updateMany({ where: { ownerId: from }, data: { ownerId: intoId } });
      await db.callback.updateMany({ where: { assigneeId: from }, data: { assigneeId: intoId } });
      await db.callback.updateMany({ where: { completedById: from }, data: { completedById: intoId } });
      await db.contactLog.updateMany({ where: { authorId: from }, data: { authorId: intoId } });
      await db.contactDraft.updateMany({ where: { userId: from }, data: { userId: intoId } });
      // A customer shared with both keeps one share.
      const both = (await db.customerShare.findMany({ where: { userId: intoId }, select: { customerId: true } })).map((s) => s.customerId);
      await db.customerShare.deleteMany({ where: { userId: fromId, customerId: { in: both } } });
      await db.customerShare.updateMany({ where: { userId: from }, data: { userId: intoId } });
      await db.customerShare.updateMany({ where: { grantedById: from }, data: { grantedById: intoId } });
      await db.poll.updateMany({ where: { createdById: from }, data: { createdById: intoId } });
      await db.surveyCampaign.updateMany({ where: { createdById: from }, data: { createdById: intoId } });
      await db.stageChange.updateMany({ where: { actorId: from }, data: { actorId: intoId } });
      await db.importBatch.updateMany({ where: { userId: from }, data: { userId: intoId } });
      await db.user.updateMany({ where: { managerId: from, id: { not: intoId } }, data: { managerId: intoId } });
      await db.user.updateMany({ where: { id: intoId, managerId: from }, data: { managerId: null } });
      await db.auditEvent.updateMany({ where: { actorId: from }, data: { actorId: intoId } });
      await db.linkCode.deleteMany({ where: { userId: fromId } });
      await db.platformAccount.updateMany({ where: { userId: from }, data: { userId: intoId } });
      await db.user.delete({ where: { id: fromId } });
    },
    create: createUser,
    async createOrGet(user) {
      return (await createUser(user)) ?? (await findByAccount(user.platform, user.externalId))!;
    },
    async update(id, changes) {
      const { workingHours, ...rest } = changes;
      const hours = workingHours && { workStart: workingHours.start, workEnd: workingHours.end, workDays: workingHours.days.join(',') };
      return toUser(await db.user.update({ where: { id }, data: { ...rest, ...hours }, include: WITH_ACCOUNTS }));
    },
    async teamMemberIds(managerId) {
      const rows = await db.user.findMany({ where: { managerId }, select: { id: true } });
      return rows.map((r) => r.id);
    },
    countByRole(role) {
      return db.user.count({ where: { role } });
    },
    async dissolveTeam(managerId) {
      const ids = (await db.user.findMany({ where: { managerId }, select: { id: true } })).map((u) => u.id);
      await db.user.updateMany({ where: { managerId }, data: { managerId: null } });
      return ids;
    },
  };
}

export function createLinkCodeStore(db: Client): LinkCodeStore {
  return {
    async create(code) {
      await db.linkCode.create({ data: code });
    },
    find(codeHash) {
      return db.linkCode.findUnique({ where: { codeHash }, select: { userId: true, platform: true, expiresAt: true, usedAt: true } });
    },
    async consume(codeHash, now) {
      const { count } = await db.linkCode.updateMany({ where: { codeHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      return count === 1;
    },
    async recordFailure(account, at) {
      await db.linkAttempt.create({ data: { platform: account.platform, externalId: account.externalId, at } });
    },
    failuresSince(account, since) {
      return db.linkAttempt.count({ where: { platform: account.platform, externalId: account.externalId, at: { gte: since } } });
    },
    async prune(codesBefore, attemptsBefore) {
      await db.linkCode.deleteMany({ where: { expiresAt: { lt: codesBefore } } });
      await db.linkAttempt.deleteMany({ where: { at: { lt: attemptsBefore } } });
    },
  };
}
