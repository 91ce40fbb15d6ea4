// Settings every feature shares: where the server listens, languages, zone, currency, logs, who is staff.
import { currencyCode, FALLBACK_CURRENCY } from '../domain/currency.js';
import { isValidTimezone } from '../domain/time.js';
import { ADMIN_ID_PLATFORMS, parseAdminEntry, STAFF_POLICIES, type StaffPolicy } from '../domain/staff.js';
import { defineSection, optionalText, splitList } from './section.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOCALES = ['en', 'zh'] as const;
export type ConfigLocale = (typeof LOCALES)[number];

export interface CoreConfig {
  port: number;
  defaultLocale: ConfigLocale;
  /** The language of what the bot posts in MANAGERS_CHANNEL (a channel has many readers; one language is chosen). */
  managersLocale: ConfigLocale;
  defaultTimezone: string;
  /** ISO 4217 code of amounts that name no currency; the currency spend and tiers are counted in. */
  defaultCurrency: string;
  logLevel: LogLevel;
  /** Platform user ids (Slack U…, WeCom userid) that are admins from the start. */
  adminUserIds: string[];
  /** STAFF_POLICY: `members` — every full member of our workspace starts as a rep; `invited` — only those an admin gave a role. */
  staffPolicy: StaffPolicy;
}


const oneOf = (values: readonly string[]) => (v: string | undefined) => v === undefined || values.includes(v);

export const coreSection = defineSection<CoreConfig>({
  name: 'core',
  shape: {
    PORT: optionalText.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 65535), {
      message: 'PORT must be a whole number between 0 and 65535 (default 3000).',
    }),
    // Read by env.ts: its default depends on which platforms are configured.
    HOST: optionalText,
    DEFAULT_LOCALE: optionalText.refine(oneOf(LOCALES), { message: `DEFAULT_LOCALE must be one of ${LOCALES.join(', ')} (default en).` }),
    MANAGERS_LOCALE: optionalText.refine(oneOf(LOCALES), {
      message: `MANAGERS_LOCALE must be one of ${LOCALES.join(', ')} (default: DEFAULT_LOCALE): the language of churn warnings, escalations and reports in MANAGERS_CHANNEL.`,
    }),
    DEFAULT_TIMEZONE: optionalText.refine((v) => v === undefined || isValidTimezone(v), {
      message: 'DEFAULT_TIMEZONE must be an IANA time zone such as UTC, Asia/Shanghai or America/New_York.',
    }),
    DEFAULT_CURRENCY: optionalText.refine((v) => v === undefined || currencyCode(v) !== null, {
      message: `DEFAULT_CURRENCY must be an ISO 4217 currency code such as CNY, USD or EUR (default ${FALLBACK_CURRENCY}).`,
    }),
    LOG_LEVEL: optionalText.refine(oneOf(LOG_LEVELS), { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (default info).` }),
    STAFF_POLICY: optionalText.refine((v) => v === undefined || (STAFF_POLICIES as readonly string[]).includes(v.trim().toLowerCase()), {
      message:
        'STAFF_POLICY must be members (default: every full member of your workspace starts as a rep) or invited (only people an admin gave a role: ADMIN_USER_IDS or /crm role @someone rep).',
    }),
    ADMIN_USER_IDS: optionalText.refine((v) => v === undefined || splitList(v).every((id) => parseAdminEntry(id) !== null), {
      message: `ADMIN_USER_IDS must be a comma-separated list of user ids, each a Slack member id or <platform>:<id> (${ADMIN_ID_PLATFORMS.join(', ')}), e.g. U012ABCDEF,slack:U034GHIJKL,wecom:zhangsan.`,
    }),
  },
  read(env) {
    return {
      port: env.PORT !== undefined ? Number(env.PORT) : 3000,
      defaultLocale: (env.DEFAULT_LOCALE ?? 'en') as ConfigLocale,
      managersLocale: (env.MANAGERS_LOCALE ?? env.DEFAULT_LOCALE ?? 'en') as ConfigLocale,
      defaultTimezone: env.DEFAULT_TIMEZONE ?? 'UTC',
      defaultCurrency: env.DEFAULT_CURRENCY !== undefined ? currencyCode(env.DEFAULT_CURRENCY)! : FALLBACK_CURRENCY,
      logLevel: (env.LOG_LEVEL ?? 'info') as LogLevel,
      adminUserIds: env.ADMIN_USER_IDS !== undefined ? splitList(env.ADMIN_USER_IDS) : [],
      staffPolicy: (env.STAFF_POLICY?.trim().toLowerCase() ?? 'members') as StaffPolicy,
    };
  },
});
