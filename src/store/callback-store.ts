// Callbacks (回访) and their delivery claims: the contract is the CallbackStore port in
// src/domain/ports.ts.
//
// Exactly-once delivery across replicas rests on the database alone. claimDue is one UPDATE whose
// WHERE picks due, unclaimed rows and stamps them with the caller's token and lease, returning what
// it took:
// - PostgreSQL: the inner SELECT … FOR UPDATE SKIP LOCKED makes a concurrent claimer skip rows
//   being claimed; a row claimed and committed meanwhile fails the re-checked WHERE (its lease is
//   now in the future), so no row is ever handed to two claimers.
// - SQLite: one writer at a time, and a single UPDATE … RETURNING is atomic, so the same statement
//   without the row locks is enough.
// A replica that dies after claiming leaves a lease that runs out; the next claim takes the row
// again (attempts + 1) with a new token, and the old token can no longer mark it sent.
//
// Dates in raw SQL: Prisma's better-sqlite3 adapter (timestampFormat 'iso8601', the default) stores
// DateTime columns as TEXT like '2026-03-01T10:00:00.123+00:00' and turns Date parameters of raw
// queries into the same text, so comparing a column with a Date parameter compares like with like
// (fixed-width UTC text orders as time). On PostgreSQL the columns are TIMESTAMP(3) (UTC, no zone)
// and adapter-pg sends Dates as UTC 'YYYY-MM-DD HH:MM:SS.mmm'. Both adapters return Dates for
// these columns from raw queries; toDate() below still accepts text or epoch numbers.
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import { systemClock, type CallbackStore, type Claim, type Clock, type OpenCallbackQuery } from '../domain/ports.js';
import type { Callback, CallbackReason, CallbackStatus } from '../domain/types.js';
import type { Provider } from './datasource.js';
import { placeholders } from './query-helpers.js';

type Client = PrismaClient | Prisma.TransactionClient;
type CallbackRow = Prisma.CallbackModel;

/** Open = not finished: waiting to be delivered, or delivered and waiting for the rep. */
const OPEN: CallbackStatus[] = ['pending', 'sent'];
export const LAST_ERROR_MAX_LENGTH = 500;

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function toDateOrNull(value: Date | string | number | null): Date | null {
  return value === null ? null : toDate(value);
}

function toCallback(row: CallbackRow): Callback {
  return {
    id: Number(row.id),
    customerId: Number(row.customerId),
    assigneeId: Number(row.assigneeId),
    reason: row.reason as CallbackReason,
    note: row.note,
    dueAt: toDate(row.dueAt),
    deliverAt: toDate(row.deliverAt),
    status: row.status as CallbackStatus,
    attempts: Number(row.attempts),
    lastError: row.lastError,
    sentAt: toDateOrNull(row.sentAt),
    messageRef: row.messageRef,
    escalatedAt: toDateOrNull(row.escalatedAt),
    completedAt: toDateOrNull(row.completedAt),
    completedById: row.completedById === null ? null : Number(row.completedById),
  };
}


/** listOpen's order, which also decides which open callback is a customer's next follow-up. */
const OPEN_ORDER: Prisma.CallbackOrderByWithRelationInput[] = [{ dueAt: 'asc' }, { id: 'asc' }];

/** RETURNING gives no order guarantee: claims are handed out oldest first. */
const byTime = (key: 'deliverAt' | 'dueAt') => (a: Callback, b: Callback) => a[key].getTime() - b[key].getTime() || a.id - b.id;

interface CallbackSql {
  claimDue: string;
  claimEscalations: string;
  insert: string;
}

const sqlByProvider = new Map<Provider, CallbackSql>();

/**
 * The claim and insert statements for a provider, parameters as `?` (SQLite) or $n (PostgreSQL),
 * in the order the store passes them. Exported for tests to EXPLAIN them.
 */
export function callbackSql(provider: Provider): CallbackSql {
  const cached = sqlByProvider.get(provider);
  if (cached) return cached;
  const rowLocks = provider === 'postgresql' ? ' FOR UPDATE SKIP LOCKED' : '';

  const claimDue = placeholders(
    provider,
    `UPDATE "Callback" SET "claimToken" = ?, "claimedUntil" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
      WHERE "id" IN (
        SELECT "id" FROM "Callback"
         WHERE "status" = 'pending' AND "deliverAt" <= ? AND ("claimedUntil" IS NULL OR "claimedUntil" < ?)
         ORDER BY "deliverAt", "id" LIMIT ?${rowLocks})
      RETURNING *`,
  );

  // The escalation lease lives in its own column, so it never disturbs a delivery claim of the same
  // row (a pending callback can be overdue and still being delivered). claimToken stays the delivery's.
  const claimEscalations = placeholders(
    provider,
    `UPDATE "Callback" SET "escalationClaimedUntil" = ?, "updatedAt" = ?
      WHERE "id" IN (
        SELECT "id" FROM "Callback"
         WHERE "status" IN ('pending', 'sent') AND "dueAt" < ? AND "escalatedAt" IS NULL
           AND ("escalationClaimedUntil" IS NULL OR "escalationClaimedUntil" < ?)
         ORDER BY "dueAt", "id" LIMIT ?${rowLocks})
      RETURNING *`,
  );

  // ON CONFLICT rather than create-and-catch: on PostgreSQL a failed INSERT aborts the surrounding
  // transaction, and Prisma's upsert is a SELECT then an INSERT (it races the same way). An open or
  // finished occurrence is left as it is (the caller reads it); a cancelled one is the schedule coming
  // back to a time it had dropped (next friday → monday → friday again) and is opened afresh, or the
  // customer would be left without a next callback.
  const insert = placeholders(
    provider,
    `INSERT INTO "Callback" ("customerId", "assigneeId", "reason", "note", "dueAt", "deliverAt", "occurrenceKey", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("occurrenceKey") DO UPDATE SET
       "status" = 'pending', "assigneeId" = excluded."assigneeId", "note" = excluded."note", "dueAt" = excluded."dueAt",
       "deliverAt" = excluded."deliverAt", "snoozedUntil" = NULL, "claimToken" = NULL, "claimedUntil" = NULL, "attempts" = 0,
       "lastError" = NULL, "sentAt" = NULL, "messageRef" = NULL, "escalatedAt" = NULL, "escalationClaimedUntil" = NULL,
       "completedAt" = NULL, "completedById" = NULL, "updatedAt" = excluded."updatedAt"
     WHERE "Callback"."status" = 'cancelled'
     RETURNING *`,
  );

  const sql = { claimDue, claimEscalations, insert };
  sqlByProvider.set(provider, sql);
  return sql;
}

export function createCallbackStore(db: Client, provider: Provider, clock: Clock = systemClock): CallbackStore {
  const { claimDue: claimDueSql, claimEscalations: claimEscalationsSql, insert: insertSql } = callbackSql(provider);

  async function findById(id: number): Promise<Callback | null> {
    const row = await db.callback.findUnique({ where: { id } });
    return row && toCallback(row);
  }

  return {
    async schedule(callback) {
      const now = clock.now();
      const inserted = await db.$queryRawUnsafe<CallbackRow[]>(
        insertSql,
        callback.customerId,
        callback.assigneeId,
        callback.reason,
        callback.note,
        callback.dueAt,
        callback.deliverAt,
        callback.occurrenceKey,
        now,
        now,
      );
      const row = inserted[0] ?? (await db.callback.findUnique({ where: { occurrenceKey: callback.occurrenceKey } }));
      if (!row) throw new Error(`callback ${callback.occurrenceKey} neither inserted nor found`);
      return toCallback(row);
    },

    findById,

    async cancelOpen(customerId, reasons) {
      if (reasons.length === 0) return 0;
      const { count } = await db.callback.updateMany({
        where: { customerId, reason: { in: [...reasons] }, status: { in: OPEN } },
        data: { status: 'cancelled', claimToken: null, claimedUntil: null },
      });
      return count;
    },

    async listOpen(query: OpenCallbackQuery) {
      const where: Prisma.CallbackWhereInput = {
        status: { in: OPEN },
        ...(query.assigneeIds !== undefined && { assigneeId: { in: query.assigneeIds } }),
        ...(query.dueBefore !== undefined && { dueAt: { lt: query.dueBefore } }),
        ...(query.customerId !== undefined && { customerId: query.customerId }),
      };
      const [rows, total] = await Promise.all([
        db.callback.findMany({ where, orderBy: OPEN_ORDER, skip: query.offset, take: query.limit }),
        db.callback.count({ where }),
      ]);
      return { items: rows.map(toCallback), total };
    },

    async nextOpenOf(customerIds) {
      const next = new Map<number, Callback>();
      if (customerIds.length === 0) return next;
      // A customer has a handful of open callbacks (its scheduled one, one-offs, a win-back): reading
      // them all for a page of customers is cheaper than one query per customer.
      const rows = await db.callback.findMany({ where: { customerId: { in: [...new Set(customerIds)] }, status: { in: OPEN } }, orderBy: OPEN_ORDER });
      for (const row of rows) if (!next.has(row.customerId)) next.set(row.customerId, toCallback(row));
      return next;
    },

    async claimDue(now: Date, claim: Claim, limit: number) {
      if (limit <= 0) return [];
      const rows = await db.$queryRawUnsafe<CallbackRow[]>(claimDueSql, claim.token, claim.until, new Date(), now, now, limit);
      return rows.map(toCallback).sort(byTime('deliverAt'));
    },

    async markSent(id, token, sentAt, messageRef) {
      // The token alone decides: a lease that ran out while nobody took the row over still lets the
      // slow sender record the message it did send (so it is not sent again).
      const { count } = await db.callback.updateMany({
        where: { id, claimToken: token, status: 'pending' },
        data: { status: 'sent', sentAt, messageRef, claimedUntil: null, lastError: null },
      });
      return count === 1;
    },

    async release(id, token, retryAt, error) {
      // Stays pending; the lease becomes "not before retryAt" and the token is dropped, so the
      // releasing replica cannot mark it sent any more. `error` is a code, never personal data.
      await db.callback.updateMany({
        where: { id, claimToken: token, status: 'pending' },
        data: { claimToken: null, claimedUntil: retryAt, lastError: error.slice(0, LAST_ERROR_MAX_LENGTH) },
      });
    },

    async deferClaimed(id, token, deliverAt) {
      // Under the token, like markSent: whoever holds the claim decides, once. The claim's attempt is
      // given back (nothing was tried), and the new deliverAt keeps claimDue off it until then.
      const { count } = await db.callback.updateMany({
        where: { id, claimToken: token, status: 'pending' },
        data: { deliverAt, claimToken: null, claimedUntil: null, attempts: { decrement: 1 } },
      });
      return count === 1;
    },

    async claimEscalations(now: Date, dueBefore: Date, claim: Claim, limit: number) {
      if (limit <= 0) return [];
      const rows = await db.$queryRawUnsafe<CallbackRow[]>(claimEscalationsSql, claim.until, new Date(), dueBefore, now, limit);
      return rows.map(toCallback).sort(byTime('dueAt'));
    },

    async markEscalated(id, _token, at) {
      // No column holds an escalation token (the schema has only the lease), so the token is not
      // checked: the first mark wins and any later one gets false. Being re-claimed needs the lease
      // to run out first, so a second escalation can only happen when sending one outlasts the lease —
      // exactly when a token check would not prevent it either (both would already have sent).
      const { count } = await db.callback.updateMany({
        where: { id, escalatedAt: null, status: { in: OPEN } },
        data: { escalatedAt: at, escalationClaimedUntil: null },
      });
      return count === 1;
    },

    async holdEscalation(id, until) {
      await db.callback.updateMany({ where: { id, escalatedAt: null, status: { in: OPEN } }, data: { escalationClaimedUntil: until } });
    },

    async complete(id, byUserId, at) {
      const { count } = await db.callback.updateMany({
        where: { id, status: { in: OPEN } },
        data: { status: 'done', completedAt: at, completedById: byUserId, claimToken: null, claimedUntil: null },
      });
      return count === 1 ? findById(id) : null;
    },

    async reschedule(id, dueAt, deliverAt) {
      // A new occurrence in all but id: any claim or escalation of the old time no longer counts.
      const { count } = await db.callback.updateMany({
        where: { id, status: { in: OPEN } },
        data: {
          status: 'pending',
          dueAt,
          deliverAt,
          snoozedUntil: dueAt,
          claimToken: null,
          claimedUntil: null,
          attempts: 0,
          lastError: null,
          sentAt: null,
          messageRef: null,
          escalatedAt: null,
          escalationClaimedUntil: null,
        },
      });
      return count === 1 ? findById(id) : null;
    },

    async listPendingOf(assigneeId, deliverBy) {
      const rows = await db.callback.findMany({
        where: { assigneeId, status: 'pending', ...(deliverBy ? { deliverAt: { lte: deliverBy } } : {}) },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toCallback);
    },

    async claimIds(ids, now, claim) {
      if (ids.length === 0) return [];
      // One UPDATE: a row another replica holds (live lease) is left to it.
      await db.callback.updateMany({
        where: { id: { in: ids }, status: 'pending', OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
        data: { claimToken: claim.token, claimedUntil: claim.until, attempts: { increment: 1 } },
      });
      const rows = await db.callback.findMany({ where: { id: { in: ids }, claimToken: claim.token }, orderBy: [{ deliverAt: 'asc' }, { id: 'asc' }] });
      return rows.map(toCallback);
    },

    async retime(id, deliverAt) {
      const { count } = await db.callback.updateMany({ where: { id, status: 'pending' }, data: { deliverAt } });
      return count === 1;
    },

    async reassignOpenOfCustomer(customerId, toUserId) {
      const { count } = await db.callback.updateMany({ where: { customerId, status: { in: OPEN } }, data: { assigneeId: toUserId } });
      return count;
    },

    async reassignOpenOfUser(fromUserId, toUserId) {
      const { count } = await db.callback.updateMany({ where: { assigneeId: fromUserId, status: { in: OPEN } }, data: { assigneeId: toUserId } });
      return count;
    },
  };
}
