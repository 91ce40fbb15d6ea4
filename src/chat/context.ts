// Who is asking, in which language and timezone: resolved once per request.
import type { Domain } from '../domain/index.js';
import type { User } from '../domain/types.js';
import type { FirstProfile } from '../domain/users.js';
import { toLocale, type Locale } from '../i18n/catalog.js';
import type { StaffCheck, StaffRefusal } from '../domain/staff.js';
import type { PlatformDirectory, PlatformProfile, RequestMeta, Speaker } from './bot-types.js';
import type { OutboundRouter } from './outbound.js';
import type { PollMessages } from './poll-messages.js';
import { viewIn, type ChatSettings, type ViewContext } from './view-context.js';

export { localized, managersView, viewContextFor, viewIn, type ChatSettings, type ViewContext } from './view-context.js';

/** What the chat layer does beyond answering the requester: posting polls in channels. */
export interface ChatServices {
  polls: PollMessages;
  /** The way out for notifications the requester's platform cannot carry (another platform's person). */
  outbound?: OutboundRouter;
}

export interface ChatContext extends ViewContext {
  actor: User;
  speaker: Speaker;
  meta: RequestMeta;
  now: Date;
  domain: Domain;
  settings: ChatSettings;
  services: ChatServices;
  /** The speaker's platform directory: people mentioned for the first time are looked up there. */
  directory?: PlatformDirectory;
}

/** A platform profile (and with it whether the person is still staff) is re-read at most this often. */
const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Someone who is not staff (staff.ts), and the language to tell them so in. */
export interface Refusal {
  refused: StaffRefusal;
  locale: Locale;
}

export const isRefusal = (value: object): value is Refusal => 'refused' in value;

/** What the platform says about a person now: their profile, and the facts the staff decision needs. */
export async function askPlatform(directory: PlatformDirectory | undefined, externalId: string): Promise<{ profile: PlatformProfile | null; check: StaffCheck }> {
  const [profile, home] = await Promise.all([
    directory ? directory.lookupProfile(externalId).catch(() => null) : null,
    directory ? directory.homeWorkspace().catch(() => null) : null,
  ]);
  const facts = profile?.kind ? { kind: profile.kind, ...(profile.workspace ? { workspace: profile.workspace } : {}) } : null;
  return { profile, check: { facts, home } };
}

/** What a newcomer's user starts with, from what the platform said of them. */
export function firstProfileOf(profile: PlatformProfile | null, defaultLocale: Locale): FirstProfile {
  if (!profile) return {};
  return {
    ...(profile.displayName ? { displayName: profile.displayName } : {}),
    locale: profile.locale ? toLocale(profile.locale, defaultLocale) : null,
    timezone: profile.timezone ?? null,
  };
}

/**
 * The user behind the speaker, made on first contact when they are staff, or why not. The platform
 * is asked at most once a day per person (the user row keeps when; a refusal is remembered a day).
 */
export async function identify(
  domain: Domain,
  directories: Readonly<Record<string, PlatformDirectory>>,
  settings: Pick<ChatSettings, 'defaultLocale'>,
  speaker: Speaker,
): Promise<{ actor: User } | Refusal> {
  const existing = await domain.users.find(speaker.platform, speaker.externalId);
  const now = domain.clock.now();
  const stale = !existing || existing.localeSeenAt === null || now.getTime() - existing.localeSeenAt.getTime() > PROFILE_MAX_AGE_MS;
  if (stale) {
    // Refused within the day (a refused user's profile stays stale): the platform is not asked again.
    const remembered = await domain.users.recentRefusal(speaker.platform, speaker.externalId);
    if (remembered) return { refused: remembered, locale: existing?.locale ?? settings.defaultLocale };
  }
  const asked = stale ? await askPlatform(directories[speaker.platform], speaker.externalId) : null;
  const profile = asked?.profile ?? null;
  const locale = profile?.locale ? toLocale(profile.locale, settings.defaultLocale) : (existing?.locale ?? undefined);
  const admitted = await domain.users.admit(speaker, asked?.check ?? null, firstProfileOf(profile, settings.defaultLocale), existing);
  if ('refused' in admitted) return { refused: admitted.refused, locale: locale ?? settings.defaultLocale };
  let actor = admitted.user;
  if (existing && profile) {
    actor = await domain.users.updateProfile(actor.id, {
      displayName: profile.displayName || actor.displayName,
      locale: locale ?? actor.locale,
      timezone: profile.timezone ?? actor.timezone,
      localeSeenAt: now,
    });
  }
  return { actor };
}

export async function resolveContext(
  domain: Domain,
  directories: Readonly<Record<string, PlatformDirectory>>,
  settings: ChatSettings,
  services: ChatServices,
  speaker: Speaker,
  meta: RequestMeta,
): Promise<ChatContext | Refusal> {
  const identified = await identify(domain, directories, settings, speaker);
  if (isRefusal(identified)) return identified;
  const { actor } = identified;
  const locale = actor.locale ?? settings.defaultLocale;
  const directory = directories[speaker.platform];
  return { ...viewIn(locale, actor.timezone ?? settings.defaultTimezone, settings), actor, speaker, meta, now: domain.clock.now(), domain, settings, services, ...(directory ? { directory } : {}) };
}
