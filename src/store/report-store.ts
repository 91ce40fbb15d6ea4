// Summaries for managers: tier counts and movement, the most at-risk customers, and the per-rep
// report figures. Every figure is an aggregate computed by the database (GROUP BY), never a loop
// over customers here. The ReportStore port.
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import type { ReportScope, ReportStore, SatisfactionFigures } from '../domain/ports.js';
import type { Provider } from './datasource.js';
import { placeholders } from './query-helpers.js';

type Client = PrismaClient | Prisma.TransactionClient;

function customerWhere(scope: ReportScope): Prisma.CustomerWhereInput {
  return {
    erasedAt: null,
    ...(scope.ownerIds ? { ownerId: { in: scope.ownerIds } } : {}),
    ...(scope.tag ? { tags: { contains: `,${scope.tag},` } } : {}),
  };
}

/** `AND c."ownerId" IN (?, …)` and the tag filter, for raw statements over Customer c. */
/** `<column> IN (?, …)` for the scope's people (nothing at all for an empty list), or no condition. */
function peopleSql(column: string, ids: number[] | undefined): { sql: string | null; params: unknown[] } {
  if (!ids) return { sql: null, params: [] };
  return ids.length === 0 ? { sql: '1 = 0', params: [] } : { sql: `${column} IN (${ids.map(() => '?').join(', ')})`, params: ids };
}

function scopeSql(scope: ReportScope): { sql: string; params: unknown[] } {
  const parts: string[] = ['c."erasedAt" IS NULL'];
  const owners = peopleSql('c."ownerId"', scope.ownerIds);
  if (owners.sql) parts.push(owners.sql);
  const params: unknown[] = [...owners.params];
  if (scope.tag) {
    parts.push(`c."tags" LIKE ?`);
    params.push(`%,${scope.tag},%`);
  }
  return { sql: parts.join(' AND '), params };
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

export function createReportStore(db: Client, provider: Provider): ReportStore {
  const raw = async <T>(sql: string, params: unknown[]) => (await db.$queryRawUnsafe(placeholders(provider, sql), ...params)) as T[];
  // "On time": done before the end of the day after it was due.
  const onTime = provider === 'postgresql' ? `cb."completedAt" <= cb."dueAt" + INTERVAL '1 day'` : `julianday(cb."completedAt") <= julianday(cb."dueAt") + 1`;

  async function satisfaction(scope: ReportScope, from: Date, to: Date, byOwner: boolean): Promise<Array<SatisfactionFigures & { ownerId: number | null }>> {
    const s = scopeSql(scope);
    const group = byOwner ? 'c."ownerId", ' : '';
    const rows = await raw<Record<string, unknown>>(
      `SELECT ${group}p."kind" AS kind, COUNT(*) AS answers, SUM(a."score") AS total,
              SUM(CASE WHEN a."score" >= 4 THEN 1 ELSE 0 END) AS satisfied,
              SUM(CASE WHEN a."score" >= 9 THEN 1 ELSE 0 END) AS promoters,
              SUM(CASE WHEN a."score" <= 6 THEN 1 ELSE 0 END) AS detractors
         FROM "PollAnswer" a JOIN "Poll" p ON p."id" = a."pollId" JOIN "Customer" c ON c."id" = p."customerId"
        WHERE a."updatedAt" >= ? AND a."updatedAt" < ? AND ${s.sql}
        GROUP BY ${group}p."kind"`,
      [from, to, ...s.params],
    );
    const out = new Map<number | null, SatisfactionFigures & { ownerId: number | null }>();
    for (const row of rows) {
      const ownerId = byOwner ? num(row.ownerId) : null;
      const entry = out.get(ownerId) ?? { ownerId, csatAnswers: 0, csatTotal: 0, csatSatisfied: 0, npsAnswers: 0, promoters: 0, detractors: 0 };
      if (row.kind === 'csat') {
        entry.csatAnswers += num(row.answers);
        entry.csatTotal += num(row.total);
        entry.csatSatisfied += num(row.satisfied);
      } else {
        entry.npsAnswers += num(row.answers);
        entry.promoters += num(row.promoters);
        entry.detractors += num(row.detractors);
      }
      out.set(ownerId, entry);
    }
    return [...out.values()];
  }

  return {
    async tierCounts(scope) {
      const rows = await db.customer.groupBy({ by: ['tier'], where: customerWhere(scope), _count: { _all: true } });
      return rows.map((r) => ({ tier: r.tier, count: r._count._all }));
    },
    async tierMoves(scope, since, limit) {
      const where: Prisma.TierChangeWhereInput = { at: { gte: since }, fromTier: { not: null }, customer: customerWhere(scope) };
      const [pairs, latest] = await Promise.all([
        db.tierChange.groupBy({ by: ['fromTier', 'toTier'], where, _count: { _all: true } }),
        db.tierChange.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit, include: { customer: { select: { name: true, ownerId: true } } } }),
      ]);
      return {
        pairs: pairs.map((p) => ({ from: p.fromTier ?? '', to: p.toTier, count: p._count._all })),
        latest: latest.map((m) => ({ customerId: m.customerId, name: m.customer.name, ownerId: m.customer.ownerId, from: m.fromTier ?? '', to: m.toTier, at: m.at })),
      };
    },
    async topAtRisk(scope, limit) {
      const rows = await db.customer.findMany({
        where: { ...customerWhere(scope), riskScore: { gt: 0 } },
        orderBy: [{ riskScore: 'desc' }, { id: 'asc' }],
        take: limit,
        select: { id: true, name: true, ownerId: true, tier: true, riskScore: true, riskLevel: true, lifecycleStage: true },
      });
      return rows.map((r) => ({ customerId: r.id, name: r.name, ownerId: r.ownerId, tier: r.tier, riskScore: r.riskScore, atRisk: r.riskLevel === 'at_risk', stage: r.lifecycleStage }));
    },
    async repActivity(scope, from, to) {
      const s = scopeSql(scope);
      const authors = scope.ownerIds ? { authorId: { in: scope.ownerIds } } : {};
      const assignees = peopleSql('cb."assigneeId"', scope.ownerIds);
      const [contacts, callbacks, tiers, stages] = await Promise.all([
        db.contactLog.groupBy({ by: ['authorId'], where: { occurredAt: { gte: from, lt: to }, ...authors }, _count: { _all: true } }),
        raw<Record<string, unknown>>(
          `SELECT cb."assigneeId" AS "userId", COUNT(*) AS done, SUM(CASE WHEN ${onTime} THEN 1 ELSE 0 END) AS "onTime"
             FROM "Callback" cb WHERE cb."status" = 'done' AND cb."completedAt" >= ? AND cb."completedAt" < ?${assignees.sql ? ` AND ${assignees.sql}` : ''}
            GROUP BY cb."assigneeId"`,
          [from, to, ...assignees.params],
        ),
        db.customer.groupBy({ by: ['ownerId', 'tier'], where: customerWhere(scope), _count: { _all: true } }),
        raw<Record<string, unknown>>(
          `SELECT c."ownerId" AS "ownerId",
                  SUM(CASE WHEN sc."toStage" = 'churned' THEN 1 ELSE 0 END) AS churned,
                  SUM(CASE WHEN sc."fromStage" IN ('at_risk', 'churned') AND sc."toStage" IN ('new', 'active', 'loyal') THEN 1 ELSE 0 END) AS "wonBack"
             FROM "StageChange" sc JOIN "Customer" c ON c."id" = sc."customerId"
            WHERE sc."at" >= ? AND sc."at" < ? AND ${s.sql}
            GROUP BY c."ownerId"`,
          [from, to, ...s.params],
        ),
      ]);
      return {
        contacts: contacts.map((r) => ({ userId: r.authorId, count: r._count._all })),
        callbacks: callbacks.map((r) => ({ userId: num(r.userId), done: num(r.done), onTime: num(r.onTime) })),
        tiers: tiers.map((r) => ({ userId: r.ownerId, tier: r.tier, count: r._count._all })),
        stages: stages.map((r) => ({ userId: num(r.ownerId), churned: num(r.churned), wonBack: num(r.wonBack) })),
      };
    },
    satisfactionByOwner: (scope, from, to) => satisfaction(scope, from, to, true),
    async satisfactionOverall(scope, from, to) {
      const [row] = await satisfaction(scope, from, to, false);
      return row ?? { csatAnswers: 0, csatTotal: 0, csatSatisfied: 0, npsAnswers: 0, promoters: 0, detractors: 0 };
    },
    async churnBase(scope) {
      // Customers past "prospect" and not churned now: with those churned in the period, the base
      // the churn rate is taken over.
      return db.customer.count({ where: { ...customerWhere(scope), lifecycleStage: { notIn: ['prospect', 'churned'] } } });
    },
  };
}
