// What managers read: the tier summary (`/crm tiers`) and the period report (`/crm report`, the
// weekly digest). Figures come from the database's aggregates (ReportStore); here they are put in
// order and the percentages derived. Team-wide figures are for managers and admins only: a rep
// asking for the team gets their own.
import { DomainError } from './errors.js';
import type { Clock, ReportScope, SatisfactionFigures, Stores, TierMove } from './ports.js';
import { periodRange, trendBuckets, type ReportPeriod } from './report-calendar.js';
import type { TierConfig } from './tiering/config.js';
import type { Tier, User } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export type { ReportPeriod } from './report-calendar.js';

/** `default`: what `report` alone means: a rep's own, a manager's team, an admin's whole company. */
export type ScopeRequest = { kind: 'default' } | { kind: 'mine' } | { kind: 'team' } | { kind: 'user'; user: User };

export interface ResolvedScope {
  scope: ReportScope;
  /** Whose figures these are: the actor's own, their team's, everyone's, or one person's. */
  label: 'own' | 'team' | 'all' | 'user';
  user?: User;
  /** A rep asked for the team and got their own. */
  narrowed: boolean;
}

export interface TierSummary {
  resolved: ResolvedScope;
  counts: Array<{ tier: Tier; count: number }>;
  moves: { up: number; down: number; pairs: Array<{ from: Tier; to: Tier; count: number; direction: 'up' | 'down' }>; latest: Array<TierMove & { direction: 'up' | 'down' }> };
  atRisk: Array<{ customerId: number; name: string; ownerId: number; tier: Tier; riskScore: number; atRisk: boolean; stage: string }>;
  people: Map<number, User>;
  since: Date;
}

export interface SatisfactionView {
  csatAnswers: number;
  csatAverage: number | null;
  csatPercent: number | null;
  npsAnswers: number;
  nps: number | null;
}

export interface RepRow extends SatisfactionView {
  userId: number;
  user: User | null;
  contacts: number;
  callbacksDone: number;
  callbacksOnTime: number;
  onTimePercent: number | null;
  tiers: Record<Tier, number>;
  churned: number;
  wonBack: number;
}

export interface PeriodReport {
  resolved: ResolvedScope;
  period: ReportPeriod;
  from: Date;
  to: Date;
  reps: RepRow[];
  team: SatisfactionView & {
    satisfactionTarget: number;
    churned: number;
    churnBase: number;
    churnRate: number | null;
    churnTarget: number;
    npsTrend: Array<{ from: Date; nps: number | null; answers: number }>;
  };
}

export function satisfactionView(f: SatisfactionFigures): SatisfactionView {
  return {
    csatAnswers: f.csatAnswers,
    csatAverage: f.csatAnswers === 0 ? null : f.csatTotal / f.csatAnswers,
    csatPercent: f.csatAnswers === 0 ? null : (100 * f.csatSatisfied) / f.csatAnswers,
    npsAnswers: f.npsAnswers,
    nps: f.npsAnswers === 0 ? null : (100 * (f.promoters - f.detractors)) / f.npsAnswers,
  };
}

export class ReportService {
  constructor(
    private readonly stores: Stores,
    private readonly clock: Clock,
    private readonly config: TierConfig,
  ) {}

  async resolveScope(actor: User, asked: ScopeRequest, tag?: string): Promise<ResolvedScope> {
    const request: ScopeRequest = asked.kind === 'default' ? { kind: actor.role === 'rep' ? 'mine' : 'team' } : asked;
    const withTag = (scope: ReportScope): ReportScope => (tag ? { ...scope, tag } : scope);
    if (request.kind === 'user' && request.user.id !== actor.id) {
      const allowed = actor.role === 'admin' || (actor.role === 'manager' && request.user.managerId === actor.id);
      if (!allowed) {
        await this.stores.audit.append({ actorId: actor.id, action: 'access.denied', entityType: 'action', entityId: 'report.team', after: { reason: 'not_team_member', userId: request.user.id } });
        throw new DomainError('permission.denied', { reason: actor.role === 'rep' ? 'role' : 'not_team_member' });
      }
      return { scope: withTag({ ownerIds: [request.user.id] }), label: 'user', user: request.user, narrowed: false };
    }
    if (request.kind === 'team' && actor.role !== 'rep') {
      if (actor.role === 'admin') return { scope: withTag({}), label: 'all', narrowed: false };
      const members = await this.stores.users.teamMemberIds(actor.id);
      return { scope: withTag({ ownerIds: [actor.id, ...members] }), label: 'team', narrowed: false };
    }
    return { scope: withTag({ ownerIds: [actor.id] }), label: 'own', narrowed: request.kind === 'team' };
  }

  private tierRank(tier: Tier): number {
    const index = this.config.tiers.findIndex((t) => t.id === tier);
    return index === -1 ? this.config.tiers.length : index;
  }

  async tierSummary(actor: User, request: ScopeRequest, tag?: string): Promise<TierSummary> {
    const resolved = await this.resolveScope(actor, request, tag);
    const since = new Date(this.clock.now().getTime() - 7 * DAY_MS);
    const [rows, moves, atRisk] = await Promise.all([
      this.stores.reports.tierCounts(resolved.scope),
      this.stores.reports.tierMoves(resolved.scope, since, 10),
      this.stores.reports.topAtRisk(resolved.scope, 5),
    ]);
    const counted = new Map(rows.map((r) => [r.tier, r.count]));
    // Every tier of the rules, best first, then any tier the rules no longer have.
    const tiers = [...this.config.tiers.map((t) => t.id), ...rows.map((r) => r.tier).filter((id) => !this.config.tiers.some((t) => t.id === id))];
    const counts = tiers.map((tier) => ({ tier, count: counted.get(tier) ?? 0 }));
    // Up = towards the first tier of the rules.
    const direction = (m: { from: Tier; to: Tier }): 'up' | 'down' => (this.tierRank(m.to) < this.tierRank(m.from) ? 'up' : 'down');
    const up = moves.pairs.filter((p) => direction(p) === 'up').reduce((n, p) => n + p.count, 0);
    const down = moves.pairs.filter((p) => direction(p) === 'down').reduce((n, p) => n + p.count, 0);
    const ownerIds = [...new Set([...moves.latest.map((m) => m.ownerId), ...atRisk.map((c) => c.ownerId)])];
    const people = new Map((await this.stores.users.findByIds(ownerIds)).map((u) => [u.id, u]));
    return { resolved, counts, moves: { up, down, pairs: moves.pairs.map((p) => ({ ...p, direction: direction(p) })), latest: moves.latest.map((m) => ({ ...m, direction: direction(m) })) }, atRisk, people, since };
  }

  /** The period on the reader's calendar (`timezone`): days and weeks are theirs, not UTC's. */
  async report(actor: User, period: ReportPeriod, request: ScopeRequest, timezone: string, now = this.clock.now()): Promise<PeriodReport> {
    const resolved = await this.resolveScope(actor, request);
    return this.reportFor(resolved, period, now, timezone);
  }

  /** The report for a scope already decided (the weekly digest: everyone's). */
  async reportFor(resolved: ResolvedScope, period: ReportPeriod, now: Date, timezone: string): Promise<PeriodReport> {
    const { from, to } = periodRange(period, now, timezone);
    const { scope } = resolved;
    const [activity, byOwner, overall, churnBase] = await Promise.all([
      this.stores.reports.repActivity(scope, from, to),
      this.stores.reports.satisfactionByOwner(scope, from, to),
      this.stores.reports.satisfactionOverall(scope, from, to),
      this.stores.reports.churnBase(scope),
    ]);
    const ids = new Set<number>(scope.ownerIds ?? []);
    for (const list of [activity.contacts, activity.callbacks, activity.tiers, activity.stages]) for (const row of list) ids.add(row.userId);
    for (const row of byOwner) if (row.ownerId !== null) ids.add(row.ownerId);
    const users = new Map((await this.stores.users.findByIds([...ids])).map((u) => [u.id, u]));
    const reps: RepRow[] = [...ids].sort((a, b) => a - b).map((userId) => {
      const callbacks = activity.callbacks.find((c) => c.userId === userId);
      const stages = activity.stages.find((s) => s.userId === userId);
      const satisfaction = byOwner.find((s) => s.ownerId === userId);
      const tiers: Record<Tier, number> = {};
      for (const row of activity.tiers.filter((t) => t.userId === userId)) tiers[row.tier] = row.count;
      return {
        userId,
        user: users.get(userId) ?? null,
        contacts: activity.contacts.find((c) => c.userId === userId)?.count ?? 0,
        callbacksDone: callbacks?.done ?? 0,
        callbacksOnTime: callbacks?.onTime ?? 0,
        onTimePercent: callbacks && callbacks.done > 0 ? (100 * callbacks.onTime) / callbacks.done : null,
        ...satisfactionView(satisfaction ?? { csatAnswers: 0, csatTotal: 0, csatSatisfied: 0, npsAnswers: 0, promoters: 0, detractors: 0 }),
        tiers,
        churned: stages?.churned ?? 0,
        wonBack: stages?.wonBack ?? 0,
      };
    });
    const churned = activity.stages.reduce((n, s) => n + s.churned, 0);
    const base = churnBase + churned;
    const npsTrend = await Promise.all(
      trendBuckets(period, now, timezone).map(async (bucket) => {
        const figures = await this.stores.reports.satisfactionOverall(scope, bucket.from, bucket.to);
        return { from: bucket.from, nps: satisfactionView(figures).nps, answers: figures.npsAnswers };
      }),
    );
    return {
      resolved,
      period,
      from,
      to,
      reps,
      team: {
        ...satisfactionView(overall),
        satisfactionTarget: this.config.targets.satisfactionPercent,
        churned,
        churnBase: base,
        churnRate: base === 0 ? null : (100 * churned) / base,
        churnTarget: this.config.targets.churnRatePercent,
        npsTrend,
      },
    };
  }
}
