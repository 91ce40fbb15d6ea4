// Survey campaigns: a poll to every matching customer on a schedule (`/crm survey schedule …`),
// skipping customers surveyed within the cool-down and those without a channel.
import type { CustomerService } from './customers.js';
import { DomainError } from './errors.js';
import type { AccountKey, Clock, Stores } from './ports.js';
import { nextRunAfter, type SurveySchedule } from './survey-schedule.js';
import type { Customer, PollKind, SurveyCampaign, Tier, User } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_COOLDOWN_DAYS = 60;
export const MAX_COOLDOWN_DAYS = 730;
/** Customers read per page while choosing a run's targets. */
const PAGE = 500;

export interface NewCampaignInput {
  kind: PollKind;
  tier: Tier | null;
  schedule: SurveySchedule;
  cooldownDays: number;
  anonymous: boolean;
  question: string | null;
  /** The account that asked: its polls are posted on that platform. */
  via: AccountKey;
}

/** Who a run (or a preview) sends to, and who it skips and why. */
export interface CampaignTargets {
  send: Customer[];
  recentlySurveyed: Customer[];
  withoutChannel: Customer[];
}

export class SurveyService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
    private readonly defaultTimezone: string,
  ) {}

  async schedule(actor: User, input: NewCampaignInput): Promise<{ campaign: SurveyCampaign; preview: CampaignTargets }> {
    await this.customers.requireGeneral(actor, 'survey.manage');
    if (!Number.isInteger(input.cooldownDays) || input.cooldownDays < 0 || input.cooldownDays > MAX_COOLDOWN_DAYS) {
      throw new DomainError('survey.cooldown_invalid', { max: MAX_COOLDOWN_DAYS });
    }
    const now = this.clock.now();
    const timezone = actor.timezone ?? this.defaultTimezone;
    const campaign = await this.stores.campaigns.create({
      kind: input.kind,
      tier: input.tier,
      cron: input.schedule.cron,
      scheduleLabel: input.schedule.label,
      timezone,
      cooldownDays: input.cooldownDays,
      anonymous: input.anonymous,
      question: input.question,
      platform: input.via.platform,
      workspaceId: input.via.workspaceId ?? '',
      createdById: actor.id,
      nextRunAt: nextRunAfter(input.schedule, now, timezone),
    });
    await this.stores.audit.append({ actorId: actor.id, action: 'survey.schedule', entityType: 'campaign', entityId: String(campaign.id), after: { kind: campaign.kind, tier: campaign.tier, cron: campaign.cron, cooldownDays: campaign.cooldownDays } });
    return { campaign, preview: await this.targets(campaign, actor, campaign.nextRunAt) };
  }

  /** Active campaigns: all of them for an admin, a manager's own otherwise. */
  async list(actor: User): Promise<SurveyCampaign[]> {
    await this.customers.requireGeneral(actor, 'survey.manage');
    return this.stores.campaigns.listActive(actor.role === 'admin' ? undefined : actor.id);
  }

  async cancel(actor: User, id: number): Promise<SurveyCampaign> {
    await this.customers.requireGeneral(actor, 'survey.manage');
    const campaign = await this.stores.campaigns.findById(id);
    if (!campaign || campaign.status !== 'active' || (actor.role !== 'admin' && campaign.createdById !== actor.id)) throw new DomainError('survey.not_found', { id });
    if (!(await this.stores.campaigns.cancel(id))) throw new DomainError('survey.not_found', { id });
    await this.stores.audit.append({ actorId: actor.id, action: 'survey.cancel', entityType: 'campaign', entityId: String(id) });
    return { ...campaign, status: 'cancelled' };
  }

  /**
   * The scheduler: the runs due now, each claimed by moving the campaign's next run forward, so
   * one replica runs it. A campaign late by several periods runs once, not once per missed period.
   */
  async claimDueRuns(now: Date, limit = 20): Promise<Array<{ campaign: SurveyCampaign; runAt: Date; creator: User | null }>> {
    const runs = [];
    for (const campaign of await this.stores.campaigns.due(now, limit)) {
      const schedule = { cron: campaign.cron, label: campaign.scheduleLabel as SurveySchedule['label'] };
      const next = nextRunAfter(schedule, now, campaign.timezone);
      if (!(await this.stores.campaigns.claimRun(campaign.id, campaign.nextRunAt, next, now))) continue;
      runs.push({ campaign, runAt: campaign.nextRunAt, creator: await this.stores.users.findById(campaign.createdById) });
    }
    return runs;
  }

  /**
   * The customers a run reaches: those its creator may still see (access can change after
   * scheduling), of the campaign's tier, not erased; minus the recently surveyed and the unreachable.
   */
  async targets(campaign: SurveyCampaign, creator: User, at: Date): Promise<CampaignTargets> {
    const visibility = await this.customers.visibilityFor(creator);
    const all: Customer[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await this.stores.customers.list({ visibility, offset, limit: PAGE, ...(campaign.tier ? { tier: campaign.tier } : {}) });
      all.push(...items.filter((c) => c.erasedAt === null));
      if (items.length < PAGE) break;
    }
    const lastPolled = await this.stores.polls.lastPolledAt(all.map((c) => c.id));
    const cutoff = at.getTime() - campaign.cooldownDays * DAY_MS;
    const targets: CampaignTargets = { send: [], recentlySurveyed: [], withoutChannel: [] };
    for (const customer of all) {
      const last = lastPolled.get(customer.id);
      if (!customer.channelId) targets.withoutChannel.push(customer);
      else if (last && last.getTime() > cutoff) targets.recentlySurveyed.push(customer);
      else targets.send.push(customer);
    }
    return targets;
  }
}
