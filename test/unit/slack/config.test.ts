// src/config/env.ts (kept with the Slack adapter's tests: the Slack settings are most of it).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { inspect } from 'node:util';
import { DEFAULT_TIER_CONFIG } from '../../../src/domain/tiering/config.js';
import { describe, expect, it } from 'vitest';
import { loadDotenv } from '../../../src/config/dotenv.js';
import { ConfigError, loadConfig } from '../../../src/config/env.js';

const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults without any variable (Slack off, SQLite file)', () => {
    expect(loadConfig({})).toEqual({
      slack: null,
      slackConfigured: false,
      databaseUrl: 'file:./data/rapport.db',
      databaseProvider: 'sqlite',
      port: 3000,
      host: '127.0.0.1', // only the sandbox serves: this machine only
      defaultLocale: 'en',
      managersLocale: 'en',
      defaultTimezone: 'UTC',
      defaultCurrency: 'CNY',
      logLevel: 'info',
      adminUserIds: [],
      staffPolicy: 'members',
      scheduler: { cron: '* * * * *', cadenceDays: { core: 14, potential: 30, general: 90 }, newCustomerDays: 7, escalateAfterDays: 3, digestThreshold: 5 },
      polls: { defaultDays: 7, lowScore: { csat: 2, nps: 6 }, allowInternal: false },
      // config/tiers.json holds the built-in rules.
      tiers: DEFAULT_TIER_CONFIG,
      apiKeys: [],
      tierCron: '30 2 * * *',
      reportCron: '0 9 * * 1',
      sandbox: { enabled: true },
      encryption: null,
    });
  });

  it('refuses to start on impossible tier rules, naming each rule, and on bad API keys', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rapport-tiers-'));
    const problemsWith = (change: (rules: typeof DEFAULT_TIER_CONFIG) => void, env: Record<string, string> = {}) => {
      const rules = structuredClone(DEFAULT_TIER_CONFIG);
      change(rules);
      const file = path.join(dir, `tiers-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(rules));
      try {
        loadConfig({ TIER_CONFIG_FILE: file, ...env });
        return '';
      } catch (error) {
        return (error as { problems: string[] }).problems.join('\n');
      }
    };
    // Each value out of its range is named by its path …
    const ranges = problemsWith((r) => void (r.tiers[0]!.minScore = 6), { API_KEYS: 'erp:tiny-secret' });
    expect(ranges).toContain('tiers.0.minScore');
    expect(ranges).toContain('API_KEYS entry 1');
    expect(ranges).not.toContain('tiny-secret');
    // … and rules that cannot work together are named too.
    const impossible = problemsWith((r) => {
      r.tiers[2]!.minScore = 1; // customers below 1 would have no tier
      r.lifecycle.churnedAfterDays = 100; // churned before at risk (120)
      r.weights.monetary = 0;
      r.weights.frequency = 0;
      r.recency = [{ withinDays: null, score: 3 }]; // the best score is now 3: core (4) is out of reach
    });
    rmSync(dir, { recursive: true, force: true });
    expect(impossible).toContain('the last tier ("general") must have minScore 0');
    expect(impossible).toContain('atRiskAfterDays must be lower than churnedAfterDays');
    expect(impossible).toContain('tiers "core": minScore 4 can never be reached');
    expect(() => loadConfig({ TIER_CONFIG_FILE: path.join(os.tmpdir(), 'no-such-rules.json') })).toThrow(/does not exist/);
  });

  it('reads DEFAULT_CURRENCY as an ISO 4217 code, CNY when unset, and refuses anything else', () => {
    expect(loadConfig({}).defaultCurrency).toBe('CNY');
    expect(loadConfig({ DEFAULT_CURRENCY: ' usd ' }).defaultCurrency).toBe('USD');
    for (const bad of ['ABC', 'US', 'dollars', '人民币']) expect(() => loadConfig({ DEFAULT_CURRENCY: bad })).toThrow(/DEFAULT_CURRENCY must be an ISO 4217 currency code/);
  });

  it('reads the poll settings and refuses scores off the scales, naming each', () => {
    expect(loadConfig({ POLL_DEFAULT_DAYS: '14', POLL_LOW_CSAT: '3', POLL_LOW_NPS: '0', POLL_ALLOW_INTERNAL_ANSWERS: 'yes' }).polls).toEqual({
      defaultDays: 14,
      lowScore: { csat: 3, nps: 0 },
      allowInternal: true,
    });
    const problems = (() => {
      try {
        loadConfig({ POLL_DEFAULT_DAYS: '0', POLL_LOW_CSAT: '6', POLL_LOW_NPS: '11', POLL_ALLOW_INTERNAL_ANSWERS: 'maybe' });
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    })();
    for (const name of ['POLL_DEFAULT_DAYS', 'POLL_LOW_CSAT', 'POLL_LOW_NPS', 'POLL_ALLOW_INTERNAL_ANSWERS']) expect(problems.join('\n')).toContain(name);
  });

  it('reads the callback schedule and refuses impossible values, naming each', () => {
    expect(loadConfig({ CALLBACK_CADENCE_DAYS: 'core=7, new=3', SCHEDULER_CRON: '*/5 * * * *', MANAGERS_CHANNEL: 'C0MGRS' }).scheduler).toEqual({
      cron: '*/5 * * * *',
      cadenceDays: { core: 7, potential: 30, general: 90 },
      newCustomerDays: 3,
      escalateAfterDays: 3,
      digestThreshold: 5,
      managersChannel: 'C0MGRS',
    });
    const problems = (() => {
      try {
        loadConfig({ CALLBACK_CADENCE_DAYS: 'core=0,vip=3', SCHEDULER_CRON: 'every minute', REMINDER_DIGEST_THRESHOLD: '0' });
        return [];
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
    })();
    expect(problems.join('\n')).toMatch(/CALLBACK_CADENCE_DAYS/);
    expect(problems.join('\n')).toMatch(/SCHEDULER_CRON/);
    expect(problems.join('\n')).toMatch(/REMINDER_DIGEST_THRESHOLD/);
  });

  it('reads a complete environment; empty values count as unset', () => {
    const config = loadConfig({
      ...slackEnv,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      DATABASE_URL: 'postgres://u:p@db:5432/rapport',
      ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
      PORT: '8080',
      HOST: '127.0.0.1',
      DEFAULT_LOCALE: 'zh',
      DEFAULT_TIMEZONE: 'Asia/Shanghai',
      LOG_LEVEL: 'debug',
      ADMIN_USER_IDS: ' U01, U02 ,,U03 ',
    });
    expect(config).toMatchObject({
      slack: { botToken: 'xoxb-1-2-abc', apiUrl: 'http://127.0.0.1:9999/api/', socketMode: false },
      slackConfigured: true,
      databaseProvider: 'postgresql',
      port: 8080,
      defaultLocale: 'zh',
      defaultTimezone: 'Asia/Shanghai',
      logLevel: 'debug',
      adminUserIds: ['U01', 'U02', 'U03'],
    });
    expect(config.slack?.appToken).toBeUndefined();
  });

  it('the managers’ channel speaks DEFAULT_LOCALE unless MANAGERS_LOCALE says otherwise', () => {
    expect(loadConfig({ DEFAULT_LOCALE: 'zh' }).managersLocale).toBe('zh');
    expect(loadConfig({ DEFAULT_LOCALE: 'zh', MANAGERS_LOCALE: 'en' }).managersLocale).toBe('en');
    expect(() => loadConfig({ MANAGERS_LOCALE: 'fr' })).toThrow(/MANAGERS_LOCALE must be one of en, zh/);
  });

  it('selects Socket Mode when an app token is set', () => {
    expect(loadConfig({ ...slackEnv, SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' }).slack).toMatchObject({ socketMode: true, appToken: 'xapp-1-A1-2-abc' });
  });

  it('names every problem at once, each with how to fix it, and never echoes a secret', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_APP_TOKEN: 'nope',
      SLACK_API_URL: 'not a url',
      DATABASE_URL: 'mysql://x',
      PORT: '70000',
      DEFAULT_LOCALE: 'fr',
      DEFAULT_TIMEZONE: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
    });
    expect(found).toHaveLength(9);
    const text = found.join('\n');
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL', 'DATABASE_URL', 'PORT', 'DEFAULT_LOCALE', 'DEFAULT_TIMEZONE', 'LOG_LEVEL']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('OAuth & Permissions'); // says where to find the right value
    expect(text).not.toContain('xoxp-user-token-secret');
  });

  it('requires the bot token and the signing secret together', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' }).join()).toMatch(/SLACK_SIGNING_SECRET is required/);
    expect(problems({ SLACK_SIGNING_SECRET: slackEnv.SLACK_SIGNING_SECRET }).join()).toMatch(/SLACK_BOT_TOKEN is required/);
  });

  it('throws one ConfigError whose message lists the problems for the operator', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'x' })).toThrow(/Invalid configuration \(2 problems\)[\s\S]*PORT[\s\S]*LOG_LEVEL/);
  });
});

describe('encryption keys', () => {
  const keyText = (id: string, bytes = 32) => `${id}:${randomBytes(bytes).toString('base64')}`;

  it('reads the current key and the old ones; the key bytes never show when the config is printed', () => {
    const k2 = keyText('k2');
    const k1 = keyText('k1');
    const legacy = keyText('2025_legacy-key');
    const { encryption } = loadConfig({ ENCRYPTION_KEY: k2, ENCRYPTION_OLD_KEYS: ` ${k1} ,${legacy}` });
    expect(encryption?.current.id).toBe('k2');
    expect(encryption?.current.key.equals(Buffer.from(k2.slice(3), 'base64'))).toBe(true);
    expect(encryption?.previous.map((k) => k.id)).toEqual(['k1', '2025_legacy-key']);
    expect(encryption?.previous[0]?.key.length).toBe(32);
    const printed = JSON.stringify(encryption) + inspect(encryption, { depth: 5 });
    for (const text of [k2, k1, legacy]) expect(printed).not.toContain(text.split(':')[1]);
    expect(printed).not.toMatch(/[0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2}/); // no Buffer dump either
  });

  it('accepts unpadded and URL-safe base64, as long as it is 32 bytes', () => {
    const bytes = randomBytes(32);
    expect(loadConfig({ ENCRYPTION_KEY: `a:${bytes.toString('base64url')}` }).encryption?.current.key.equals(bytes)).toBe(true);
  });

  it('names every key problem at once, without echoing any key', () => {
    const short = keyText('k1', 16);
    const badId = keyText('has space');
    const notBase64 = 'k3:!!!!';
    const found = problems({ ENCRYPTION_KEY: short, ENCRYPTION_OLD_KEYS: `${badId},${notBase64},nocolon` });
    expect(found).toEqual([
      expect.stringMatching(/^ENCRYPTION_KEY has a key of 16 bytes instead of 32: .*openssl rand -base64 32/),
      expect.stringMatching(/^ENCRYPTION_OLD_KEYS entry 1 has a key id that is not 1–32 letters, digits, _ or -/),
      expect.stringMatching(/^ENCRYPTION_OLD_KEYS entry 2 has a key that is not base64/),
      expect.stringMatching(/^ENCRYPTION_OLD_KEYS entry 3 is not of the form <key id>:<base64 of 32 bytes>/),
    ]);
    const text = found.join('\n');
    for (const secret of [short.split(':')[1]!, badId.split(':')[1]!, '!!!!', 'nocolon']) expect(text).not.toContain(secret);
  });

  it('refuses one key id for two keys, old keys without a current key, and PostgreSQL without a key', () => {
    expect(problems({ ENCRYPTION_KEY: keyText('k1'), ENCRYPTION_OLD_KEYS: `${keyText('k0')},${keyText('k1')}` })).toEqual([
      expect.stringMatching(/key id "k1" appears more than once/),
    ]);
    expect(problems({ ENCRYPTION_OLD_KEYS: keyText('k1') })).toEqual([expect.stringMatching(/ENCRYPTION_OLD_KEYS needs ENCRYPTION_KEY/)]);
    expect(problems({ DATABASE_URL: 'postgresql://u@db/rapport' })).toEqual([expect.stringMatching(/ENCRYPTION_KEY is required with PostgreSQL/)]);
    // SQLite without a key is fine: the app keeps one in a file next to the database.
    expect(loadConfig({ DATABASE_URL: 'file:./data/other.db' }).encryption).toBeNull();
  });
});

describe('loadDotenv', () => {
  it('fills unset variables from the file and never overrides the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4000\nLOG_LEVEL=debug\n');
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    expect(loadDotenv(file, env)).toBe(true);
    expect(env).toEqual({ PORT: '4000', LOG_LEVEL: 'warn' });
    expect(loadDotenv(join(dir, 'missing.env'), env)).toBe(false);
  });
});

describe('STAFF_POLICY', () => {
  it('is members by default, invited when asked, and anything else is refused with the fix', () => {
    expect(loadConfig({}).staffPolicy).toBe('members');
    expect(loadConfig({ STAFF_POLICY: ' Invited ' }).staffPolicy).toBe('invited');
    expect(() => loadConfig({ STAFF_POLICY: 'everyone' })).toThrow(/STAFF_POLICY must be members .* or invited/);
  });
});
