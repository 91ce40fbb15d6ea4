// Customer value: orders, the figures the tier recompute reads (aggregated in the database, a page
// of customers at a time), the batched write of its results, tier/stage history, churn alerts
// (an outbox claimed like callbacks) and once-per-period job runs. The ValueStore port.
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import type { CustomerFigures, ImportBatchRow, ImportBatchStore, ScoreWrite, ValueStore } from '../domain/ports.js';
import { sameOrder, type StoredOrder } from '../domain/orders-types.js';
import type { LifecycleStage } from '../domain/types.js';
import type { Provider } from './datasource.js';
import { insertedOnce, placeholders } from './query-helpers.js';

type Client = PrismaClient | Prisma.TransactionClient;

/** Rows per batched UPDATE: 12 parameters a row stays far below both providers' limits. */
const WRITE_BATCH = 500;
const OPEN_CALLBACK = ['pending', 'sent'];

const toDate = (value: Date | string | number | null | undefined): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(value));

/** UPDATE … FROM (VALUES …): one statement per batch on both providers (SQLite ≥ 3.33). */
function batchUpdateSql(provider: Provider, rows: number): string {
  const columns = ['id', 'tier', 'rScore', 'fScore', 'mScore', 'rfmScore', 'scoredAt', 'lifecycleStage', 'riskScore', 'riskLevel', 'riskSince'];
  let n = 0;
  const param = (cast: string) => (provider === 'postgresql' ? `$${++n}::${cast}` : '?');
  const casts = ['int', 'text', 'float8', 'float8', 'float8', 'float8', 'timestamp(3)', 'text', 'int', 'text', 'timestamp(3)'];
  const values = Array.from({ length: rows }, () => `(${casts.map(param).join(', ')})`).join(', ');
  if (provider === 'postgresql') {
    const sets = columns.slice(1).map((c) => `"${c}" = v."${c}"`).join(', ');
    return `UPDATE "Customer" AS c SET ${sets} FROM (VALUES ${values}) AS v(${columns.map((c) => `"${c}"`).join(', ')}) WHERE c."id" = v."id"`;
  }
  // SQLite names VALUES columns column1, column2, …
  const sets = columns.slice(1).map((c, i) => `"${c}" = v.column${i + 2}`).join(', ');
  return `UPDATE "Customer" SET ${sets} FROM (VALUES ${values}) AS v WHERE "Customer"."id" = v.column1`;
}

/** NULL currency: stored before orders had one, i.e. in the default currency (assignCurrency fills it in at start-up). */
function storedOrder(row: { orderId: string; customerId: number; amount: unknown; currency: string | null; orderedAt: Date }, fallbackCurrency: string): StoredOrder {
  return { orderId: row.orderId, customerId: row.customerId, amount: Number(row.amount), currency: row.currency ?? fallbackCurrency, orderedAt: row.orderedAt };
}

export function createValueStore(db: Client, provider: Provider): ValueStore {
  /**
   * Order count and amount per customer and currency. Raw, with the sum as text: SQLite's driver
   * adapter types a result column by its first row, so an integer sum there (13100) truncated the
   * fractional sums after it (1200.5 → 1200) in a groupBy.
   */
  async function orderSums(where: { customerIds: { from: number; to: number }; since?: Date }): Promise<Array<{ customerId: number; currency: string | null; orders: number; amount: number }>> {
    const sql = `SELECT "customerId" AS "customerId", "currency" AS currency, COUNT(*) AS orders, CAST(SUM("amount") AS TEXT) AS amount
                   FROM "Order" WHERE "customerId" >= ? AND "customerId" <= ?${where.since ? ` AND "orderedAt" >= ?` : ''}
                  GROUP BY "customerId", "currency"`;
    const params: unknown[] = [where.customerIds.from, where.customerIds.to, ...(where.since ? [where.since] : [])];
    const rows = (await db.$queryRawUnsafe(placeholders(provider, sql), ...params)) as Array<{ customerId: unknown; currency: string | null; orders: unknown; amount: string | null }>;
    return rows.map((r) => ({ customerId: Number(r.customerId), currency: r.currency, orders: Number(r.orders), amount: Number(r.amount ?? 0) }));
  }

  return {
    async insertOrders(orders, spendCurrency) {
      const results = [];
      for (const order of orders) {
        const created = await insertedOnce(() => db.order.create({ data: order }));
        if (created) {
          // The card's value figures follow the orders (they also hold figures entered by hand);
          // spend only in the one currency it is counted in.
          const customer = await db.customer.findUniqueOrThrow({ where: { id: order.customerId }, select: { lastOrderAt: true } });
          await db.customer.update({
            where: { id: order.customerId },
            data: {
              ...(order.currency === spendCurrency ? { totalSpend: { increment: order.amount } } : {}),
              orderCount: { increment: 1 },
              ...(customer.lastOrderAt === null || customer.lastOrderAt < order.orderedAt ? { lastOrderAt: order.orderedAt } : {}),
            },
          });
          results.push({ orderId: order.orderId, status: 'created' as const, customerId: order.customerId });
        } else {
          const existing = await db.order.findUniqueOrThrow({ where: { orderId: order.orderId }, select: { orderId: true, customerId: true, amount: true, currency: true, orderedAt: true } });
          const same = sameOrder(storedOrder(existing, spendCurrency), order);
          results.push(same ? { orderId: order.orderId, status: 'duplicate' as const, customerId: existing.customerId } : { orderId: order.orderId, status: 'conflict' as const, customerId: existing.customerId });
        }
      }
      return results;
    },

    async insertOrdersBulk(orders) {
      return orders.length === 0 ? 0 : (await db.order.createMany({ data: orders })).count;
    },

    async figuresPage(query) {
      const customers = await db.customer.findMany({
        where: { id: { gt: query.afterId }, erasedAt: null, ...(query.customerId !== undefined ? { id: query.customerId } : {}) },
        orderBy: { id: 'asc' },
        take: query.limit,
        select: {
          id: true, ownerId: true, tier: true, cadenceDays: true, lifecycleStage: true, stageOverride: true, riskScore: true, riskLevel: true, riskSince: true,
          createdAt: true, lastContactAt: true, totalSpend: true, orderCount: true, lastOrderAt: true, rScore: true, fScore: true, mScore: true, rfmScore: true,
        },
      });
      if (customers.length === 0) return [];
      const range = { gte: customers[0]!.id, lte: customers[customers.length - 1]!.id };
      const [all, window, overdue, low] = await Promise.all([
        db.order.groupBy({ by: ['customerId'], where: { customerId: range }, _count: { _all: true }, _min: { orderedAt: true }, _max: { orderedAt: true } }),
        orderSums({ customerIds: { from: range.gte, to: range.lte }, since: query.windowStart }),
        db.callback.groupBy({ by: ['customerId'], where: { customerId: range, status: { in: OPEN_CALLBACK }, dueAt: { lt: query.now } }, _count: { _all: true } }),
        db.churnSignal.groupBy({ by: ['customerId'], where: { customerId: range, at: { gte: query.lowScoreSince } }, _count: { _all: true } }),
      ]);
      const byId = <T extends { customerId: number }>(rows: T[]) => new Map(rows.map((r) => [r.customerId, r]));
      const [allOf, overdueOf, lowOf] = [byId(all), byId(overdue), byId(low)];
      // Orders in the window: all of them counted, only those in the spend currency summed.
      const windowOf = new Map<number, { count: number; spend: number }>();
      for (const row of window) {
        const entry = windowOf.get(row.customerId) ?? { count: 0, spend: 0 };
        entry.count += row.orders;
        if ((row.currency ?? query.spendCurrency) === query.spendCurrency) entry.spend += row.amount;
        windowOf.set(row.customerId, entry);
      }
      return customers.map((c): CustomerFigures => {
        const orders = allOf.get(c.id);
        const inWindow = windowOf.get(c.id);
        return {
          customerId: c.id,
          ownerId: c.ownerId,
          tier: c.tier,
          cadenceDays: c.cadenceDays,
          lifecycleStage: c.lifecycleStage as LifecycleStage,
          stageOverridden: c.stageOverride !== null,
          riskScore: c.riskScore,
          riskLevel: c.riskLevel === 'at_risk' ? 'at_risk' : 'ok',
          riskSince: c.riskSince,
          createdAt: c.createdAt,
          lastContactAt: c.lastContactAt,
          manual: { totalSpend: Number(c.totalSpend), orderCount: c.orderCount, lastOrderAt: c.lastOrderAt },
          orders: orders
            ? { count: orders._count._all, firstAt: toDate(orders._min.orderedAt), lastAt: toDate(orders._max.orderedAt), inWindow: inWindow?.count ?? 0, spendInWindow: inWindow?.spend ?? 0 }
            : null,
          overdueCallbacks: overdueOf.get(c.id)?._count._all ?? 0,
          lowScores: lowOf.get(c.id)?._count._all ?? 0,
          scores: c.rfmScore === null ? null : { r: c.rScore ?? 0, f: c.fScore ?? 0, m: c.mScore ?? 0, total: c.rfmScore },
        };
      });
    },

    async storedOrders(orderIds, spendCurrency) {
      if (orderIds.length === 0) return [];
      const rows = await db.order.findMany({ where: { orderId: { in: orderIds } }, select: { orderId: true, customerId: true, amount: true, currency: true, orderedAt: true } });
      return rows.map((row) => storedOrder(row, spendCurrency));
    },

    async spendByCurrency(customerId) {
      const rows = await orderSums({ customerIds: { from: customerId, to: customerId } });
      return rows
        .map((r) => ({ currency: r.currency ?? '', amount: r.amount, orders: r.orders }))
        .sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
    },

    async assignCurrency(code) {
      return (await db.order.updateMany({ where: { currency: null }, data: { currency: code } })).count;
    },

    async writeScores(writes: ScoreWrite[], at) {
      for (let i = 0; i < writes.length; i += WRITE_BATCH) {
        const batch = writes.slice(i, i + WRITE_BATCH);
        const params = batch.flatMap((w) => [w.customerId, w.tier, w.r, w.f, w.m, w.total, at, w.stage, w.riskScore, w.riskLevel, w.riskSince]);
        await db.$executeRawUnsafe(batchUpdateSql(provider, batch.length), ...params);
        const tierChanges = batch.filter((w) => w.tierChanged || w.previousTier === null).map((w) => ({ customerId: w.customerId, fromTier: w.previousTier, toTier: w.tier, score: w.total, at }));
        if (tierChanges.length > 0) await db.tierChange.createMany({ data: tierChanges });
        const stageChanges = batch.filter((w) => w.stageChange).map((w) => ({ customerId: w.customerId, fromStage: w.stageChange!.from, toStage: w.stage, rule: w.stageChange!.rule, at }));
        if (stageChanges.length > 0) await db.stageChange.createMany({ data: stageChanges });
      }
    },

    async recordManualStage(change) {
      await db.customer.update({ where: { id: change.customerId }, data: { lifecycleStage: change.to, stageOverride: change.reason, stageOverrideAt: change.at } });
      await db.stageChange.create({ data: { customerId: change.customerId, fromStage: change.from, toStage: change.to, rule: 'manual', reason: change.reason, actorId: change.actorId, at: change.at } });
    },

    async clearStageOverride(customerId) {
      await db.customer.update({ where: { id: customerId }, data: { stageOverride: null, stageOverrideAt: null } });
    },

    async enqueueChurnAlert(alert) {
      await db.churnAlert.create({ data: { customerId: alert.customerId, riskScore: alert.riskScore, signals: JSON.stringify(alert.signals), createdAt: alert.at } });
    },

    async claimChurnAlerts(now, until, limit) {
      const candidates = await db.churnAlert.findMany({ where: { sentAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] }, orderBy: { id: 'asc' }, take: limit, select: { id: true } });
      const claimed = [];
      for (const { id } of candidates) {
        const { count } = await db.churnAlert.updateMany({ where: { id, sentAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] }, data: { claimedUntil: until, attempts: { increment: 1 } } });
        if (count !== 1) continue;
        const row = await db.churnAlert.findUniqueOrThrow({ where: { id } });
        claimed.push({ id: row.id, customerId: row.customerId, riskScore: row.riskScore, signals: JSON.parse(row.signals) as unknown[], at: row.createdAt, attempts: row.attempts });
      }
      return claimed;
    },

    async markChurnAlertSent(id, at) {
      await db.churnAlert.update({ where: { id }, data: { sentAt: at, claimedUntil: null } });
    },

    async claimRiskTransition(customerId, at) {
      const { count } = await db.customer.updateMany({ where: { id: customerId, riskLevel: 'ok' }, data: { riskLevel: 'at_risk', riskSince: at } });
      return count === 1;
    },

    async churnAlertDeliveries(alertId) {
      const rows = await db.churnAlertDelivery.findMany({ where: { alertId }, select: { destination: true } });
      return rows.map((r) => r.destination);
    },

    async recordChurnAlertDelivery(alertId, destination, at) {
      await insertedOnce(() => db.churnAlertDelivery.create({ data: { alertId, destination, at } }));
    },

    async claimJobRun(key, at, until) {
      if (await insertedOnce(() => db.jobRun.create({ data: { key, startedAt: at, claimedUntil: until } }))) return true;
      // Taken before: ours only when unfinished and its lease ran out (the replica that held it died).
      // A row from before leases (claimedUntil null, not done) counts as expired.
      const { count } = await db.jobRun.updateMany({ where: { key, doneAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: at } }] }, data: { claimedUntil: until } });
      return count === 1;
    },

    async renewJobRun(key, until) {
      await db.jobRun.updateMany({ where: { key, doneAt: null }, data: { claimedUntil: until } });
    },

    async unfinishedJobRuns(now) {
      return db.jobRun.findMany({ where: { doneAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] }, orderBy: { startedAt: 'asc' }, select: { key: true, startedAt: true } });
    },

    async finishJobRun(key, at) {
      await db.jobRun.update({ where: { key }, data: { doneAt: at, claimedUntil: null } });
    },
  };
}

export function createImportBatchStore(db: Client): ImportBatchStore {
  const toRow = (row: Prisma.ImportBatchModel): ImportBatchRow => ({ ...row, kind: row.kind === 'orders' ? 'orders' : 'customers', status: row.status as ImportBatchRow['status'] });
  return {
    async create(batch) {
      return toRow(await db.importBatch.create({ data: batch }));
    },
    async findById(id) {
      const row = await db.importBatch.findUnique({ where: { id } });
      return row && toRow(row);
    },
    async close(id, status) {
      const { count } = await db.importBatch.updateMany({ where: { id, status: 'pending' }, data: { status } });
      return count === 1;
    },
  };
}
