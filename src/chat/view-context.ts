// How the bot speaks to one reader: a language, a timezone, the currency and the tier names.
// Every view and message renders in one; apart from the request context (context.ts), so that
// what renders messages outside a request (poll posts, reminders) never depends on a request.
import { FALLBACK_CURRENCY } from '../domain/currency.js';
import type { User } from '../domain/types.js';
import { translate, type Locale, type MessageKey, type Params } from '../i18n/catalog.js';

export interface ChatSettings {
  defaultLocale: Locale;
  /** The language of the managers' channel (MANAGERS_LOCALE); defaultLocale when not set. */
  managersLocale?: Locale;
  defaultTimezone: string;
  /** Signs button values that must not be forged (see signed-values.ts). */
  actionSecret: string;
  /** Display names of the tiers of the tier rules (config/tiers.json), by tier id. */
  tierNames: Readonly<Record<string, { en: string; zh: string }>>;
  /** DEFAULT_CURRENCY: the currency of customers' spend and tier thresholds. */
  currency?: string;
}

/** What rendering a reply needs: a language and a timezone. */
export interface ViewContext {
  locale: Locale;
  timezone: string;
  /** The configured currency (DEFAULT_CURRENCY): of spend and of the tier thresholds. */
  currency: string;
  t(key: MessageKey, params?: Params): string;
  /** A tier's name in this language (tier ids come from the tier rules). */
  tierName(tier: string): string;
}

type NamingSettings = Pick<ChatSettings, 'tierNames' | 'currency'>;

/** A view context for a language and timezone: what every message the bot writes is rendered in. */
export function viewIn(locale: Locale, timezone: string, settings: NamingSettings): ViewContext {
  return { locale, timezone, currency: settings.currency ?? FALLBACK_CURRENCY, t: localized(locale), tierName: (tier) => settings.tierNames[tier]?.[locale] ?? tier };
}

/** How to speak to a user the bot writes to on its own (reminders, escalations). */
export function viewContextFor(user: User, settings: Pick<ChatSettings, 'defaultLocale' | 'defaultTimezone' | 'tierNames' | 'currency'>): ViewContext {
  return viewIn(user.locale ?? settings.defaultLocale, user.timezone ?? settings.defaultTimezone, settings);
}

/** How to speak in the managers' channel: its readers share one language (MANAGERS_LOCALE) and the default timezone. */
export function managersView(settings: Pick<ChatSettings, 'defaultLocale' | 'managersLocale' | 'defaultTimezone' | 'tierNames'>): ViewContext {
  return viewIn(settings.managersLocale ?? settings.defaultLocale, settings.defaultTimezone, settings);
}

export function localized(locale: Locale): (key: MessageKey, params?: Params) => string {
  return (key, params) => translate(locale, key, params);
}
