// Environment → typed Config, validated once at boot.
// Every problem is collected and reported together with how to fix it, so an operator fixes
// the .env file in one pass instead of one restart per mistake. Secret values are never echoed.
import cron from 'node-cron';
import { z } from 'zod';
import { parseApiKeys, type ApiKey } from '../api/api-keys.js';
import { currencyCode, FALLBACK_CURRENCY } from '../domain/currency.js';
import { loadTierConfig, TierConfigError, type TierConfig } from '../domain/tiering/config.js';
import { ADMIN_ID_PLATFORMS, parseAdminEntry, STAFF_POLICIES, type StaffPolicy } from '../domain/staff.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOCALES = ['en', 'zh'] as const;
export type ConfigLocale = (typeof LOCALES)[number];

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export { DEFAULT_DATABASE_URL } from '../store/datasource.js';
import { DEFAULT_DATABASE_URL } from '../store/datasource.js';

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set → Socket Mode (no public URL needed); unset → HTTP mode on POST /slack/events. */
  appToken?: string;
  /** Base URL of the Slack Web API, always ending with '/'. */
  apiUrl: string;
  socketMode: boolean;
}

export interface Config {
  /** null when Slack is not configured (the app can still run other platforms / the sandbox). */
  slack: SlackConfig | null;
  slackConfigured: boolean;
  databaseUrl: string;
  databaseProvider: 'sqlite' | 'postgresql';
  port: number;
  host: string;
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
  scheduler: SchedulerConfig;
  polls: PollConfig;
  /** The value rules: RFM bands, tiers, lifecycle, churn warning, report targets (TIER_CONFIG_FILE). */
  tiers: TierConfig;
  /** Clients allowed to call the REST API (API_KEYS); empty = the API refuses everyone. */
  apiKeys: ApiKey[];
  /** When tiers are recomputed (nightly) and when the weekly report goes to MANAGERS_CHANNEL. */
  tierCron: string;
  reportCron: string;
  /** The local sandbox chat page: on when no chat platform is configured, or with SANDBOX=1. */
  sandbox: { enabled: boolean };
  /**
   * Keys for phone numbers and emails at rest: `current` encrypts, `previous` only decrypt (values
   * not yet re-encrypted by `npm run rotate-key`). null = SQLite's key file (src/store/field-cipher.ts).
   */
  encryption: { current: EncryptionKey; previous: EncryptionKey[] } | null;
}

export interface SchedulerConfig {
  /** node-cron expression of the callback sweep (default every minute). */
  cron: string;
  cadenceDays: { core: number; potential: number; general: number };
  newCustomerDays: number;
  escalateAfterDays: number;
  digestThreshold: number;
  /** Channel for escalations of reps who have no manager. */
  managersChannel?: string;
}

export interface PollConfig {
  /** Days a poll stays open without `closes <date>`. */
  defaultDays: number;
  /** Scores at or below these alert the owner rep (CSAT 1–5, NPS 0–10). */
  lowScore: { csat: number; nps: number };
  /** Whether answers from our own workspace count; by default only external (Slack Connect) members'. */
  allowInternal: boolean;
}

const CADENCE_PATTERN = /^\s*(core|potential|general|new)\s*=\s*\d{1,4}\s*$/;

function parseCadence(text: string): Record<string, number> {
  return Object.fromEntries(splitList(text).map((pair) => pair.split('=').map((p) => p.trim())).map(([k, v]) => [k, Number(v)]));
}

export interface EncryptionKey {
  /** Stored with every value it encrypts, so a value names the key that reads it. */
  id: string;
  /** 32 bytes. Non-enumerable: printing or serialising a config never shows it. */
  key: Buffer;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** What is wrong with an `<id>:<base64 of 32 bytes>` key text, or null when it is fine. Never quotes the key. */
export function encryptionKeyProblem(text: string): string | null {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return 'is not of the form <key id>:<base64 of 32 bytes>';
  if (!KEY_ID.test(trimmed.slice(0, colon))) return 'has a key id that is not 1–32 letters, digits, _ or -';
  const material = trimmed.slice(colon + 1);
  if (!BASE64.test(material)) return 'has a key that is not base64';
  const bytes = Buffer.from(material, 'base64').length;
  return bytes === 32 ? null : `has a key of ${bytes} bytes instead of 32`;
}

/** `<id>:<base64 of 32 bytes>` → key, or null when malformed (see encryptionKeyProblem for why). */
export function parseEncryptionKey(text: string): EncryptionKey | null {
  if (encryptionKeyProblem(text) !== null) return null;
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const result = { id: trimmed.slice(0, colon) } as EncryptionKey;
  Object.defineProperty(result, 'key', { value: Buffer.from(trimmed.slice(colon + 1), 'base64'), enumerable: false });
  return result;
}

/** Where the tier rules are read from unless TIER_CONFIG_FILE says otherwise (missing = built-in defaults). */
export const DEFAULT_TIER_CONFIG_FILE = 'config/tiers.json';

const KEY_EXAMPLE = 'k1:$(openssl rand -base64 32)';

/** Thrown by loadConfig; `problems` holds one line per problem, the message lists them all. */
export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}); fix your environment or .env file:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

// `KEY=` in a .env file means "unset", not "empty string".
const optionalText = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}, z.string().optional());

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
      message:
        'SLACK_BOT_TOKEN must start with "xoxb-": copy the Bot User OAuth Token from your Slack app\'s "OAuth & Permissions" page (not a user token xoxp- or an app token xapp-).',
    }),
    SLACK_SIGNING_SECRET: optionalText.refine((v) => v === undefined || /^[0-9a-zA-Z]{16,}$/.test(v), {
      message:
        'SLACK_SIGNING_SECRET does not look like a signing secret: copy "Signing Secret" from your Slack app\'s "Basic Information" page.',
    }),
    SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
      message:
        'SLACK_APP_TOKEN must start with "xapp-": create an App-Level Token with the connections:write scope under "Basic Information", or leave it unset to use HTTP mode.',
    }),
    SLACK_API_URL: optionalText.refine((v) => v === undefined || isHttpUrl(v), {
      message: 'SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (or leave it unset).',
    }),
    DATABASE_URL: optionalText.refine(
      (v) => v === undefined || v.startsWith('file:') || v.startsWith('postgresql://') || v.startsWith('postgres://'),
      {
        message:
          'DATABASE_URL must start with "file:" (SQLite, e.g. file:./data/rapport.db) or "postgresql://" / "postgres://" (PostgreSQL), or be left unset for the default SQLite file.',
      },
    ),
    PORT: optionalText.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 65535), {
      message: 'PORT must be a whole number between 0 and 65535 (default 3000).',
    }),
    HOST: optionalText,
    DEFAULT_LOCALE: optionalText.refine((v) => v === undefined || (LOCALES as readonly string[]).includes(v), {
      message: `DEFAULT_LOCALE must be one of ${LOCALES.join(', ')} (default en).`,
    }),
    MANAGERS_LOCALE: optionalText.refine((v) => v === undefined || (LOCALES as readonly string[]).includes(v), {
      message: `MANAGERS_LOCALE must be one of ${LOCALES.join(', ')} (default: DEFAULT_LOCALE): the language of churn warnings, escalations and reports in MANAGERS_CHANNEL.`,
    }),
    DEFAULT_TIMEZONE: optionalText.refine((v) => v === undefined || isValidTimeZone(v), {
      message: 'DEFAULT_TIMEZONE must be an IANA time zone such as UTC, Asia/Shanghai or America/New_York.',
    }),
    DEFAULT_CURRENCY: optionalText.refine((v) => v === undefined || currencyCode(v) !== null, {
      message: `DEFAULT_CURRENCY must be an ISO 4217 currency code such as CNY, USD or EUR (default ${FALLBACK_CURRENCY}).`,
    }),
    LOG_LEVEL: optionalText.refine((v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v), {
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (default info).`,
    }),
    ENCRYPTION_KEY: optionalText.superRefine((v, ctx) => {
      const problem = v === undefined ? null : encryptionKeyProblem(v);
      if (problem) {
        ctx.addIssue({
          code: 'custom',
          message: `ENCRYPTION_KEY ${problem}: it must be "<key id>:<base64 of 32 random bytes>", e.g. ${KEY_EXAMPLE}; the key id is 1–32 letters, digits, _ or -.`,
        });
      }
    }),
    ENCRYPTION_OLD_KEYS: optionalText.superRefine((v, ctx) => {
      splitList(v ?? '').forEach((entry, index) => {
        const problem = encryptionKeyProblem(entry);
        if (problem) {
          ctx.addIssue({
            code: 'custom',
            message: `ENCRYPTION_OLD_KEYS entry ${index + 1} ${problem}: it must be a comma-separated list of "<key id>:<base64 of 32 bytes>" (the keys you rotated away from).`,
          });
        }
      });
    }),
    SCHEDULER_CRON: optionalText.refine((v) => v === undefined || cron.validate(v), {
      message: 'SCHEDULER_CRON must be a cron expression such as "* * * * *" (every minute, the default).',
    }),
    CALLBACK_CADENCE_DAYS: optionalText.refine((v) => v === undefined || (splitList(v).every((p) => CADENCE_PATTERN.test(p)) && Object.values(parseCadence(v)).every((d) => d >= 1)), {
      message: 'CALLBACK_CADENCE_DAYS must look like "core=14,potential=30,general=90,new=7" (whole days ≥ 1; any subset).',
    }),
    CALLBACK_ESCALATE_AFTER_DAYS: optionalText.refine((v) => v === undefined || /^\d{1,3}$/.test(v), {
      message: 'CALLBACK_ESCALATE_AFTER_DAYS must be a whole number of days (default 3).',
    }),
    REMINDER_DIGEST_THRESHOLD: optionalText.refine((v) => v === undefined || (/^\d{1,3}$/.test(v) && Number(v) >= 1), {
      message: 'REMINDER_DIGEST_THRESHOLD must be a whole number ≥ 1 (default 5): more reminders at once than this become one digest.',
    }),
    MANAGERS_CHANNEL: optionalText,
    TIER_CONFIG_FILE: optionalText,
    TIER_RECOMPUTE_CRON: optionalText.refine((v) => v === undefined || cron.validate(v), {
      message: 'TIER_RECOMPUTE_CRON must be a cron expression such as "30 2 * * *" (02:30 every night, the default).',
    }),
    REPORT_CRON: optionalText.refine((v) => v === undefined || cron.validate(v), {
      message: 'REPORT_CRON must be a cron expression such as "0 9 * * 1" (Mondays 09:00, the default): when the weekly report goes to MANAGERS_CHANNEL.',
    }),
    API_KEYS: optionalText,
    SANDBOX: optionalText.refine((v) => v === undefined || /^(0|1|true|false|auto)$/i.test(v), {
      message: 'SANDBOX must be 1 (on), 0 (off) or auto (the default: on when no chat platform is configured).',
    }),
    POLL_DEFAULT_DAYS: optionalText.refine((v) => v === undefined || (/^\d{1,2}$/.test(v) && Number(v) >= 1 && Number(v) <= 90), {
      message: 'POLL_DEFAULT_DAYS must be a whole number of days from 1 to 90 (default 7): how long a poll stays open without "closes <date>".',
    }),
    POLL_LOW_CSAT: optionalText.refine((v) => v === undefined || /^[1-5]$/.test(v), {
      message: 'POLL_LOW_CSAT must be a score from 1 to 5 (default 2): a CSAT answer at or below it alerts the owner.',
    }),
    POLL_LOW_NPS: optionalText.refine((v) => v === undefined || /^(10|[0-9])$/.test(v), {
      message: 'POLL_LOW_NPS must be a score from 0 to 10 (default 6): an NPS answer at or below it alerts the owner.',
    }),
    POLL_ALLOW_INTERNAL_ANSWERS: optionalText.refine((v) => v === undefined || /^(true|false|1|0|yes|no)$/i.test(v), {
      message: 'POLL_ALLOW_INTERNAL_ANSWERS must be true or false (default false: only answers from the customer\'s side count).',
    }),
    STAFF_POLICY: optionalText.refine((v) => v === undefined || (STAFF_POLICIES as readonly string[]).includes(v.trim().toLowerCase()), {
      message: 'STAFF_POLICY must be members (default: every full member of your workspace starts as a rep) or invited (only people an admin gave a role: ADMIN_USER_IDS or /crm role @someone rep).',
    }),
    ADMIN_USER_IDS: optionalText.refine((v) => v === undefined || splitList(v).every((id) => parseAdminEntry(id) !== null), {
      message: `ADMIN_USER_IDS must be a comma-separated list of user ids, each a Slack member id or <platform>:<id> (${ADMIN_ID_PLATFORMS.join(', ')}), e.g. U012ABCDEF,slack:U034GHIJKL,wecom:zhangsan.`,
    }),
  })
  .superRefine((env, ctx) => {
    // Token and signing secret only make sense together: the token sends, the secret verifies.
    if (env.SLACK_BOT_TOKEN !== undefined && env.SLACK_SIGNING_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message:
          'SLACK_SIGNING_SECRET is required when SLACK_BOT_TOKEN is set: copy "Signing Secret" from your Slack app\'s "Basic Information" page.',
      });
    }
    if (env.SLACK_SIGNING_SECRET !== undefined && env.SLACK_BOT_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message:
          'SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET is set: install the app to your workspace and copy the Bot User OAuth Token (xoxb-…), or unset both to run without Slack.',
      });
    }
    const keys = [env.ENCRYPTION_KEY, ...splitList(env.ENCRYPTION_OLD_KEYS ?? '')].flatMap((text) => {
      const key = text === undefined ? null : parseEncryptionKey(text);
      return key ? [key] : [];
    });
    const duplicates = [...new Set(keys.map((k) => k.id).filter((id, i, ids) => ids.indexOf(id) !== i))];
    for (const id of duplicates) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_OLD_KEYS'],
        message: `The key id "${id}" appears more than once in ENCRYPTION_KEY and ENCRYPTION_OLD_KEYS: a key id names exactly one key, so give a new key a new id.`,
      });
    }
    if (env.ENCRYPTION_OLD_KEYS !== undefined && env.ENCRYPTION_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEY'],
        message: 'ENCRYPTION_OLD_KEYS needs ENCRYPTION_KEY as well: the old keys only decrypt, ENCRYPTION_KEY is the key new values are encrypted with.',
      });
    }
    const postgres = env.DATABASE_URL !== undefined && /^postgres(ql)?:\/\//.test(env.DATABASE_URL);
    if (postgres && env.ENCRYPTION_KEY === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ENCRYPTION_KEY'],
        message: `ENCRYPTION_KEY is required with PostgreSQL (every replica must use the same key): set it to ${KEY_EXAMPLE} and keep it safe; without it the encrypted phone numbers and emails cannot be read.`,
      });
    }
    if (env.SLACK_APP_TOKEN !== undefined && env.SLACK_BOT_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message: 'SLACK_APP_TOKEN (Socket Mode) needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET as well.',
      });
    }
  });

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function schedulerConfig(e: z.infer<typeof envSchema>): SchedulerConfig {
  const cadence = parseCadence(e.CALLBACK_CADENCE_DAYS ?? '');
  return {
    cron: e.SCHEDULER_CRON ?? '* * * * *',
    cadenceDays: { core: cadence.core ?? 14, potential: cadence.potential ?? 30, general: cadence.general ?? 90 },
    newCustomerDays: cadence.new ?? 7,
    escalateAfterDays: e.CALLBACK_ESCALATE_AFTER_DAYS !== undefined ? Number(e.CALLBACK_ESCALATE_AFTER_DAYS) : 3,
    digestThreshold: e.REMINDER_DIGEST_THRESHOLD !== undefined ? Number(e.REMINDER_DIGEST_THRESHOLD) : 5,
    ...(e.MANAGERS_CHANNEL !== undefined ? { managersChannel: e.MANAGERS_CHANNEL } : {}),
  };
}

function sandboxWanted(setting: string | undefined, platformConfigured: boolean): boolean {
  const value = (setting ?? 'auto').toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return !platformConfigured;
}

/** Reads and validates the environment. Throws ConfigError naming every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // One line per problem; the messages above already name the variable and the fix.
    const problems = parsed.error.issues.map((issue) => issue.message);
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  // Files and lists with rules of their own: every problem is reported together.
  const problems: string[] = [];
  const keys = parseApiKeys(e.API_KEYS);
  if (!keys.ok) problems.push(...keys.problems);
  let tiers: TierConfig | undefined;
  const tierFile = e.TIER_CONFIG_FILE ?? DEFAULT_TIER_CONFIG_FILE;
  try {
    tiers = loadTierConfig(tierFile, { required: e.TIER_CONFIG_FILE !== undefined });
  } catch (error) {
    if (!(error instanceof TierConfigError)) throw error;
    problems.push(...error.problems.map((p) => `TIER_CONFIG_FILE (${tierFile}): ${p}`));
  }
  if (problems.length > 0 || !tiers || !keys.ok) throw new ConfigError(problems);
  const slack: SlackConfig | null =
    e.SLACK_BOT_TOKEN !== undefined && e.SLACK_SIGNING_SECRET !== undefined
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          ...(e.SLACK_APP_TOKEN !== undefined ? { appToken: e.SLACK_APP_TOKEN } : {}),
          apiUrl: withTrailingSlash(e.SLACK_API_URL ?? DEFAULT_SLACK_API_URL),
          socketMode: e.SLACK_APP_TOKEN !== undefined,
        }
      : null;
  const databaseUrl = e.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  return {
    slack,
    slackConfigured: slack !== null,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql',
    port: e.PORT !== undefined ? Number(e.PORT) : 3000,
    // The sandbox alone is for this machine only; a chat platform needs to be reachable.
    host: e.HOST ?? (slack === null && sandboxWanted(e.SANDBOX, false) ? '127.0.0.1' : '0.0.0.0'),
    defaultLocale: (e.DEFAULT_LOCALE ?? 'en') as ConfigLocale,
    managersLocale: (e.MANAGERS_LOCALE ?? e.DEFAULT_LOCALE ?? 'en') as ConfigLocale,
    defaultTimezone: e.DEFAULT_TIMEZONE ?? 'UTC',
    defaultCurrency: e.DEFAULT_CURRENCY !== undefined ? currencyCode(e.DEFAULT_CURRENCY)! : FALLBACK_CURRENCY,
    logLevel: (e.LOG_LEVEL ?? 'info') as LogLevel,
    adminUserIds: e.ADMIN_USER_IDS !== undefined ? splitList(e.ADMIN_USER_IDS) : [],
    staffPolicy: (e.STAFF_POLICY?.trim().toLowerCase() ?? 'members') as StaffPolicy,
    scheduler: schedulerConfig(e),
    tiers,
    apiKeys: keys.keys,
    tierCron: e.TIER_RECOMPUTE_CRON ?? '30 2 * * *',
    sandbox: { enabled: sandboxWanted(e.SANDBOX, slack !== null) },
    reportCron: e.REPORT_CRON ?? '0 9 * * 1',
    polls: {
      defaultDays: e.POLL_DEFAULT_DAYS !== undefined ? Number(e.POLL_DEFAULT_DAYS) : 7,
      lowScore: { csat: e.POLL_LOW_CSAT !== undefined ? Number(e.POLL_LOW_CSAT) : 2, nps: e.POLL_LOW_NPS !== undefined ? Number(e.POLL_LOW_NPS) : 6 },
      allowInternal: /^(true|1|yes)$/i.test(e.POLL_ALLOW_INTERNAL_ANSWERS ?? ''),
    },
    encryption:
      e.ENCRYPTION_KEY !== undefined
        ? { current: parseEncryptionKey(e.ENCRYPTION_KEY)!, previous: splitList(e.ENCRYPTION_OLD_KEYS ?? '').map((k) => parseEncryptionKey(k)!) }
        : null,
  };
}
