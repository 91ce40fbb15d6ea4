// Bot.home: what the user's own overview page (Slack's App Home tab) shows, gathered from the
// domain with bounded queries (first page of each list plus a count), rendered by views/home.ts.
// Creates no user and changes nothing but a user's refreshed profile: it is read whenever the page is opened or refreshed, also
// for people who never used the bot (they get a welcome page in their platform language, or the
// refusal when they are not staff, audited like a refused command).
import type { Domain } from '../domain/index.js';
import { atLocalTime, localDateKey } from '../domain/time.js';
import { toLocale } from '../i18n/catalog.js';
import type { PlatformDirectory, Speaker } from './bot-types.js';
import { callbackView } from './views/callbacks.js';
import { askPlatform, identify, isRefusal, viewContextFor, viewIn, type ChatContext, type ChatServices, type ChatSettings } from './context.js';
import { staffRefusalReply } from './errors.js';
import type { Reply } from './reply.js';
import { HOME_LIMITS, homeReply, welcomeHomeReply, type HomeData } from './views/home.js';

export interface HomeEnvironment {
  domain: Domain;
  directories: Readonly<Record<string, PlatformDirectory>>;
  settings: ChatSettings;
  services: ChatServices;
}

export async function homePage(env: HomeEnvironment, speaker: Speaker): Promise<Reply> {
  const { domain, settings } = env;
  const actor = await domain.users.find(speaker.platform, speaker.externalId);
  if (!actor) {
    // Nothing is stored: the record is made when they first act, if they are staff at all.
    const remembered = await domain.users.recentRefusal(speaker.platform, speaker.externalId);
    if (remembered) return staffRefusalReply({ refused: remembered, locale: settings.defaultLocale });
    const { profile, check } = await askPlatform(env.directories[speaker.platform], speaker.externalId);
    const locale = toLocale(profile?.locale, settings.defaultLocale);
    const refused = await domain.users.screen(speaker, check);
    if (refused) return staffRefusalReply({ refused, locale });
    return welcomeHomeReply(viewIn(locale, profile?.timezone ?? settings.defaultTimezone, settings));
  }
  // A user is re-checked like on any request (at most daily): one Slack now calls a guest, or of
  // another organisation, sees the refusal here too, not their customers.
  const identified = await identify(domain, env.directories, settings, speaker);
  if (isRefusal(identified)) return staffRefusalReply(identified);
  const user = identified.actor;
  const ctx: ChatContext = { ...viewContextFor(user, settings), actor: user, speaker, meta: {}, now: domain.clock.now(), domain, settings, services: env.services };
  return homeReply(ctx, await loadHome(ctx));
}

/** The first instant of the day after `now` in `timezone`. */
export function endOfDay(now: Date, timezone: string): Date {
  const [y = 0, m = 1, d = 1] = localDateKey(now, timezone).split('-').map(Number);
  const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return atLocalTime(tomorrow, 0, 0, timezone);
}

export async function loadHome(ctx: ChatContext): Promise<HomeData> {
  const { actor, domain, now } = ctx;
  const manages = actor.role !== 'rep';
  const [today, mine, polls, lowScores, team] = await Promise.all([
    domain.callbacks.dueBefore({ assigneeIds: [actor.id], before: endOfDay(now, ctx.timezone), limit: HOME_LIMITS.callbacks }),
    domain.reports.tierSummary(actor, { kind: 'mine' }),
    domain.polls.list(actor, { status: 'open', page: 1 }),
    domain.polls.recentLowScores(actor, { days: HOME_LIMITS.lowScoreDays, limit: HOME_LIMITS.lowScores }),
    manages ? loadTeam(ctx) : Promise.resolve(null),
  ]);
  return {
    actor,
    now,
    today: { items: await Promise.all(today.items.map((callback) => callbackView(ctx, callback))), total: today.total },
    tiers: mine.counts,
    polls: {
      items: polls.items.slice(0, HOME_LIMITS.polls).map((poll) => ({ poll, customer: polls.customers.get(poll.customerId) ?? null })),
      total: polls.total,
      scope: actor.role === 'admin' ? 'all' : actor.role === 'manager' ? 'team' : 'own',
    },
    lowScores,
    team,
  };
}

/** Managers: their team and themselves; admins: everyone. */
async function loadTeam(ctx: ChatContext): Promise<HomeData['team']> {
  const { actor, domain } = ctx;
  const assigneeIds = actor.role === 'admin' ? undefined : [actor.id, ...(await domain.users.teamMemberIds(actor.id))];
  const [summary, overdue] = await Promise.all([
    domain.reports.tierSummary(actor, { kind: 'team' }),
    domain.callbacks.due(actor, { ...(assigneeIds ? { assigneeIds } : {}), overdue: true, page: 1, pageSize: 1 }),
  ]);
  return { scope: actor.role === 'admin' ? 'all' : 'team', tiers: summary.counts, overdueCallbacks: overdue.total };
}
