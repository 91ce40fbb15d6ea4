// Who is asking, in which language and timezone: resolved once per request.
import type { Domain } from '../domain/index.js';
import type { User } from '../domain/types.js';
import { toLocale, translate, type Locale, type MessageKey, type Params } from '../i18n/catalog.js';
import type { PlatformDirectory, RequestMeta, Speaker } from './bot-types.js';
import type { PollMessages } from './poll-messages.js';

/** What the chat layer does beyond answering the requester: posting polls in channels. */
export interface ChatServices {
  polls: PollMessages;
}

export interface ChatSettings {
  defaultLocale: Locale;
  /** The language of the managers' channel (MANAGERS_LOCALE); defaultLocale when not set. */
  managersLocale?: Locale;
  defaultTimezone: string;
  /** Signs button values that must not be forged (see signed-values.ts). */
  actionSecret: string;
  /** Display names of the tiers of the tier rules (config/tiers.json), by tier id. */
  tierNames: Readonly<Record<string, { en: string; zh: string }>>;
}

/** What rendering a reply needs: a language and a timezone. */
export interface ViewContext {
  locale: Locale;
  timezone: string;
  t(key: MessageKey, params?: Params): string;
  /** A tier's name in this language (tier ids come from the tier rules). */
  tierName(tier: string): string;
}

type NamingSettings = Pick<ChatSettings, 'tierNames'>;

/** A view context for a language and timezone: what every message the bot writes is rendered in. */
export function viewIn(locale: Locale, timezone: string, settings: NamingSettings): ViewContext {
  return { locale, timezone, t: localized(locale), tierName: (tier) => settings.tierNames[tier]?.[locale] ?? tier };
}

/** How to speak to a user the bot writes to on its own (reminders, escalations). */
export function viewContextFor(user: User, settings: Pick<ChatSettings, 'defaultLocale' | 'defaultTimezone' | 'tierNames'>): ViewContext {
  return viewIn(user.locale ?? settings.defaultLocale, user.timezone ?? settings.defaultTimezone, settings);
}

/** How to speak in the managers' channel: its readers share one language (MANAGERS_LOCALE) and the default timezone. */
export function managersView(settings: Pick<ChatSettings, 'defaultLocale' | 'managersLocale' | 'defaultTimezone' | 'tierNames'>): ViewContext {
  return viewIn(settings.managersLocale ?? settings.defaultLocale, settings.defaultTimezone, settings);
}

export interface ChatContext extends ViewContext {
  actor: User;
  speaker: Speaker;
  meta: RequestMeta;
  now: Date;
  domain: Domain;
  settings: ChatSettings;
  services: ChatServices;
}

/** A platform profile is re-read at most this often; between reads the database copy serves. */
const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function localized(locale: Locale): (key: MessageKey, params?: Params) => string {
  return (key, params) => translate(locale, key, params);
}

export async function resolveContext(
  domain: Domain,
  directories: Readonly<Record<string, PlatformDirectory>>,
  settings: ChatSettings,
  services: ChatServices,
  speaker: Speaker,
  meta: RequestMeta,
): Promise<ChatContext> {
  let actor = await domain.users.ensure(speaker);
  const now = domain.clock.now();
  const directory = directories[speaker.platform];
  const stale = actor.localeSeenAt === null || now.getTime() - actor.localeSeenAt.getTime() > PROFILE_MAX_AGE_MS;
  if (directory && stale) {
    const profile = await directory.lookupProfile(speaker.externalId).catch(() => null);
    if (profile) {
      actor = await domain.users.updateProfile(actor.id, {
        displayName: profile.displayName || actor.displayName,
        locale: profile.locale ? toLocale(profile.locale, settings.defaultLocale) : actor.locale,
        timezone: profile.timezone ?? actor.timezone,
        localeSeenAt: now,
      });
    }
  }
  const locale = actor.locale ?? settings.defaultLocale;
  return { ...viewIn(locale, actor.timezone ?? settings.defaultTimezone, settings), actor, speaker, meta, now, domain, settings, services };
}
