// The configuration by feature (src/config/<feature>.ts) composed into one Config: every problem of
// every section in one message, each once; a feature's keys required only when it is enabled.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/env.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration by feature', () => {
  it('names one problem of each section, each once, in the one start-up message', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc', // slack: the signing secret is now required
      DATABASE_URL: 'postgresql://u@db/rapport', // store: PostgreSQL needs ENCRYPTION_KEY
      LOG_LEVEL: 'loud', // core
      SCHEDULER_CRON: 'every minute', // scheduler
      POLL_LOW_NPS: '11', // polls
      REPORT_CRON: 'mondays', // tiers
      SANDBOX: 'maybe', // sandbox
      API_KEYS: 'erp:short', // api: found by reading the list, still in the same message
    };
    const found = problems(env);
    const variables = ['SLACK_SIGNING_SECRET', 'ENCRYPTION_KEY', 'LOG_LEVEL', 'SCHEDULER_CRON', 'POLL_LOW_NPS', 'REPORT_CRON', 'SANDBOX', 'API_KEYS'];
    expect(found).toHaveLength(variables.length);
    variables.forEach((name) => expect(found.filter((p) => p.startsWith(name) || p.includes(` ${name} `)).length, name).toBeGreaterThanOrEqual(1));
    expect(new Set(found).size).toBe(found.length);
    expect(() => loadConfig(env)).toThrow(/^Invalid configuration \(8 problems\)/);
  });

  it('requires a feature’s keys only once the feature is enabled', () => {
    // Slack off: none of its keys is asked for, and the sandbox serves alone on this machine.
    expect(loadConfig({})).toMatchObject({ slack: null, sandbox: { enabled: true }, host: '127.0.0.1' });
    expect(loadConfig({}).hostGiven).toBeUndefined();
    // One of Slack's keys set: the other becomes required.
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1-A1-2-abc' })).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN \(Socket Mode\) needs SLACK_BOT_TOKEN/)]);
    // SANDBOX=1 is remembered as asked for (it then serves beside another platform too).
    expect(loadConfig({ SANDBOX: '1' }).sandbox).toEqual({ enabled: true, requested: true });
    expect(loadConfig({ HOST: '0.0.0.0' })).toMatchObject({ host: '0.0.0.0', hostGiven: true });
  });

  it('never imports the store', () => {
    const dir = path.resolve(import.meta.dirname, '../../../src/config');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/from '\.\.\/store\//);
    }
  });
});
