// src/config/env.ts (kept with the Slack adapter's tests: the Slack settings are most of it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      host: '0.0.0.0',
      defaultLocale: 'en',
      defaultTimezone: 'UTC',
      logLevel: 'info',
      adminUserIds: [],
    });
  });

  it('reads a complete environment; empty values count as unset', () => {
    const config = loadConfig({
      ...slackEnv,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      DATABASE_URL: 'postgres://u:p@db:5432/rapport',
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
