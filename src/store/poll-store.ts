// Polls, their answers, survey campaigns and churn signals: the PollStore, CampaignStore and
// ChurnSignalStore ports of src/domain/ports.ts.
//
// Every "exactly once" here is one conditional UPDATE (updateMany with the condition in WHERE)
// whose row count says who won: closing a poll, claiming its results, its live refresh, a
// low-score alert, a campaign run. Both providers make a single UPDATE atomic, so two replicas
// never both win, without locks held across a network call.
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import { systemClock, type CampaignStore, type ChurnSignalStore, type Clock, type PollStore } from '../domain/ports.js';
import type { Poll, PollAnswer, PollKind, PollStatus, SurveyCampaign, Tier } from '../domain/types.js';
import { insertedOnce, isUniqueViolation, visibleTo } from './query-helpers.js';

type Client = PrismaClient | Prisma.TransactionClient;

function toPoll(row: Prisma.PollModel): Poll {
  return {
    id: row.id,
    customerId: row.customerId,
    kind: row.kind as PollKind,
    question: row.question,
    locale: row.locale === 'zh' ? 'zh' : 'en',
    anonymous: row.anonymous,
    allowInternal: row.allowInternal,
    platform: row.platform,
    workspaceId: row.workspaceId,
    channelId: row.channelId,
    channelName: row.channelName,
    messageRef: row.messageRef,
    status: row.status as PollStatus,
    closesAt: row.closesAt,
    createdById: row.createdById,
    campaignId: row.campaignId,
    closedAt: row.closedAt,
    resultsPostedAt: row.resultsPostedAt,
    revision: row.revision,
    renderedRevision: row.renderedRevision,
    createdAt: row.createdAt,
  };
}

function toAnswer(row: Prisma.PollAnswerModel): PollAnswer {
  return {
    id: row.id,
    pollId: row.pollId,
    respondentId: row.respondentId,
    respondentName: row.respondentName,
    score: row.score,
    comment: row.comment,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    alertClaimedAt: row.alertClaimedAt,
    alertRef: row.alertRef,
  };
}

function toCampaign(row: Prisma.SurveyCampaignModel): SurveyCampaign {
  return {
    id: row.id,
    kind: row.kind as PollKind,
    tier: row.tier as Tier | null,
    cron: row.cron,
    scheduleLabel: row.scheduleLabel,
    timezone: row.timezone,
    cooldownDays: row.cooldownDays,
    anonymous: row.anonymous,
    question: row.question,
    platform: row.platform,
    workspaceId: row.workspaceId,
    createdById: row.createdById,
    status: row.status === 'cancelled' ? 'cancelled' : 'active',
    nextRunAt: row.nextRunAt,
    lastRunAt: row.lastRunAt,
    createdAt: row.createdAt,
  };
}

/** A lease is free when nobody holds it or its holder's time ran out. */
const leaseFree = (field: 'refreshClaimedUntil' | 'resultsClaimedUntil', now: Date): Prisma.PollWhereInput => ({ OR: [{ [field]: null }, { [field]: { lt: now } }] });

export function createPollStore(db: Client, clock: Clock = systemClock): PollStore {
  return {
    async create(poll) {
      try {
        return { poll: toPoll(await db.poll.create({ data: poll })), created: true };
      } catch (error) {
        if (poll.sourceKey === null || !isUniqueViolation(error)) throw error;
        const existing = await db.poll.findUnique({ where: { sourceKey: poll.sourceKey } });
        if (!existing) throw error;
        return { poll: toPoll(existing), created: false };
      }
    },
    async findById(id) {
      const row = await db.poll.findUnique({ where: { id } });
      return row && toPoll(row);
    },
    async setMessageRef(id, ref) {
      await db.poll.update({ where: { id }, data: { messageRef: ref } });
    },
    async cancel(id) {
      await db.poll.updateMany({ where: { id, status: 'open' }, data: { status: 'cancelled' } });
    },
    async list(query) {
      const where: Prisma.PollWhereInput = {
        customer: visibleTo(query.visibility),
        ...(query.status ? { status: query.status } : { status: { not: 'cancelled' } }),
        ...(query.customerId !== undefined ? { customerId: query.customerId } : {}),
      };
      const [rows, total] = await Promise.all([
        db.poll.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: query.offset, take: query.limit }),
        db.poll.count({ where }),
      ]);
      return { items: rows.map(toPoll), total };
    },
    async lastPolledAt(customerIds) {
      if (customerIds.length === 0) return new Map();
      const rows = await db.poll.groupBy({ by: ['customerId'], where: { customerId: { in: customerIds }, status: { not: 'cancelled' } }, _max: { createdAt: true } });
      return new Map(rows.flatMap((r) => (r._max.createdAt ? [[r.customerId, r._max.createdAt] as const] : [])));
    },
    async upsertAnswer(write) {
      const key = { pollId_respondentKey: { pollId: write.pollId, respondentKey: write.respondentKey } };
      const previous = await db.pollAnswer.findUnique({ where: key, select: { score: true } });
      // Stamped by the app's clock (reports count answers by updatedAt), not the database's now();
      // so is every later write to the row below, which Prisma would stamp with the real time.
      const now = clock.now();
      const update = { score: write.score, respondentId: write.respondentId, respondentName: write.respondentName, updatedAt: now, ...(write.comment !== undefined ? { comment: write.comment || null } : {}) };
      const create = { ...update, pollId: write.pollId, respondentKey: write.respondentKey, createdAt: now };
      const upsert = () => db.pollAnswer.upsert({ where: key, create, update });
      let row;
      try {
        row = await upsert();
      } catch (error) {
        // Where Prisma cannot use the database's native upsert, two first clicks race on the unique
        // key: the loser's insert fails, and its second try updates the winner's row.
        if (!isUniqueViolation(error)) throw error;
        row = await upsert();
      }
      return { answer: toAnswer(row), previousScore: previous?.score ?? null };
    },
    async findAnswer(pollId, respondentKey) {
      const row = await db.pollAnswer.findUnique({ where: { pollId_respondentKey: { pollId, respondentKey } } });
      return row && toAnswer(row);
    },
    async findAnswerById(id) {
      const row = await db.pollAnswer.findUnique({ where: { id } });
      return row && toAnswer(row);
    },
    async backdateAnswer(id, at) {
      await db.pollAnswer.update({ where: { id }, data: { createdAt: at, updatedAt: at } });
    },
    async bumpRevision(pollId) {
      await db.poll.update({ where: { id: pollId }, data: { revision: { increment: 1 } } });
    },
    async tally(pollId) {
      const rows = await db.pollAnswer.groupBy({ by: ['score'], where: { pollId }, _count: { _all: true } });
      return rows.map((r) => ({ score: r.score, count: r._count._all }));
    },
    async respondentNames(pollId, limit) {
      const rows = await db.pollAnswer.findMany({ where: { pollId, respondentName: { not: null } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit, select: { respondentName: true } });
      return rows.map((r) => r.respondentName ?? '');
    },
    async answersWithComments(pollId, limit) {
      const rows = await db.pollAnswer.findMany({ where: { pollId, comment: { not: null } }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }], take: limit });
      return rows.map(toAnswer);
    },
    async claimAlert(answerId, at) {
      const { count } = await db.pollAnswer.updateMany({ where: { id: answerId, alertClaimedAt: null }, data: { alertClaimedAt: at, updatedAt: clock.now() } });
      return count === 1;
    },
    async setAlertRef(answerId, ref) {
      await db.pollAnswer.update({ where: { id: answerId }, data: { alertRef: ref, updatedAt: clock.now() } });
    },
    async claimRefresh(pollId, now, until) {
      const { count } = await db.poll.updateMany({ where: { AND: [{ id: pollId, status: 'open', messageRef: { not: null } }, leaseFree('refreshClaimedUntil', now)] }, data: { refreshClaimedUntil: until } });
      return count === 1;
    },
    async finishRefresh(pollId, renderedRevision) {
      await db.poll.update({ where: { id: pollId }, data: { renderedRevision, refreshClaimedUntil: null } });
    },
    async releaseRefresh(pollId) {
      await db.poll.update({ where: { id: pollId }, data: { refreshClaimedUntil: null } });
    },
    async staleOpenPolls(now, limit) {
      const rows = await db.poll.findMany({
        where: { AND: [{ status: 'open', messageRef: { not: null }, revision: { gt: db.poll.fields.renderedRevision } }, leaseFree('refreshClaimedUntil', now)] },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map((r) => r.id);
    },
    async dueToClose(now, limit) {
      const rows = await db.poll.findMany({ where: { status: 'open', closesAt: { lte: now } }, select: { id: true }, orderBy: { closesAt: 'asc' }, take: limit });
      return rows.map((r) => r.id);
    },
    async close(id, at, claimUntil) {
      const { count } = await db.poll.updateMany({ where: { id, status: 'open' }, data: { status: 'closed', closedAt: at, resultsClaimedUntil: claimUntil } });
      return count === 1;
    },
    async claimUnpublished(now, claimUntil, limit) {
      const candidates = await db.poll.findMany({
        where: { AND: [{ status: 'closed', resultsPostedAt: null }, leaseFree('resultsClaimedUntil', now)] },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: limit,
      });
      const claimed: number[] = [];
      for (const { id } of candidates) {
        const { count } = await db.poll.updateMany({ where: { AND: [{ id, status: 'closed', resultsPostedAt: null }, leaseFree('resultsClaimedUntil', now)] }, data: { resultsClaimedUntil: claimUntil } });
        if (count === 1) claimed.push(id);
      }
      return claimed;
    },
    async markResultsPosted(id, at) {
      await db.poll.update({ where: { id }, data: { resultsPostedAt: at, resultsClaimedUntil: null } });
    },
    async allForCustomer(customerId) {
      const rows = await db.poll.findMany({ where: { customerId }, include: { answers: { orderBy: { id: 'asc' } } }, orderBy: { id: 'asc' } });
      return rows.map(({ answers, ...poll }) => ({ poll: toPoll(poll), answers: answers.map(toAnswer) }));
    },
    async redactForCustomer(customerId) {
      await db.poll.updateMany({ where: { customerId, status: 'open' }, data: { status: 'cancelled' } });
      const { count } = await db.pollAnswer.updateMany({ where: { poll: { customerId } }, data: { respondentId: null, respondentName: null, comment: null } });
      return count;
    },
    async claimUndeliveredAlerts(now, claimedBefore, limit) {
      const candidates = await db.pollAnswer.findMany({ where: { alertRef: null, alertClaimedAt: { lt: claimedBefore } }, select: { id: true }, orderBy: { id: 'asc' }, take: limit });
      const claimed = [];
      for (const { id } of candidates) {
        const { count } = await db.pollAnswer.updateMany({ where: { id, alertRef: null, alertClaimedAt: { lt: claimedBefore } }, data: { alertClaimedAt: now, updatedAt: clock.now() } });
        const row = count === 1 ? await db.pollAnswer.findUnique({ where: { id } }) : null;
        if (row) claimed.push(toAnswer(row));
      }
      return claimed;
    },
  };
}

export function createCampaignStore(db: Client): CampaignStore {
  return {
    async create(campaign) {
      return toCampaign(await db.surveyCampaign.create({ data: campaign }));
    },
    async findById(id) {
      const row = await db.surveyCampaign.findUnique({ where: { id } });
      return row && toCampaign(row);
    },
    async listActive(createdById) {
      const rows = await db.surveyCampaign.findMany({ where: { status: 'active', ...(createdById !== undefined ? { createdById } : {}) }, orderBy: { id: 'asc' } });
      return rows.map(toCampaign);
    },
    async cancel(id) {
      const { count } = await db.surveyCampaign.updateMany({ where: { id, status: 'active' }, data: { status: 'cancelled' } });
      return count === 1;
    },
    async due(now, limit) {
      const rows = await db.surveyCampaign.findMany({ where: { status: 'active', nextRunAt: { lte: now } }, orderBy: { nextRunAt: 'asc' }, take: limit });
      return rows.map(toCampaign);
    },
    async claimRun(id, expectedNextRunAt, nextRunAt, now) {
      const { count } = await db.surveyCampaign.updateMany({ where: { id, status: 'active', nextRunAt: expectedNextRunAt }, data: { nextRunAt, lastRunAt: now } });
      return count === 1;
    },
  };
}

export function createChurnSignalStore(db: Client): ChurnSignalStore {
  return {
    record: (signal) => insertedOnce(() => db.churnSignal.create({ data: signal })),
    async forCustomer(customerId, since) {
      const rows = await db.churnSignal.findMany({ where: { customerId, at: { gte: since } }, orderBy: { at: 'asc' } });
      return rows.map(toSignal);
    },
    async recentForOwners(ownerIds, since, limit) {
      const where: Prisma.ChurnSignalWhereInput = { at: { gte: since }, customer: { ownerId: { in: ownerIds }, erasedAt: null } };
      const [rows, total] = await Promise.all([db.churnSignal.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit }), db.churnSignal.count({ where })]);
      return { items: rows.map(toSignal), total };
    },
  };
}

function toSignal(r: Prisma.ChurnSignalModel) {
  return { id: r.id, customerId: r.customerId, kind: r.kind as 'low_csat' | 'low_nps', score: r.score, sourceKey: r.sourceKey, at: r.at };
}
