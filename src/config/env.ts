// Environment → typed Config, validated once at boot, one section per feature (store, slack,
// scheduler, polls, tiers, api, sandbox, wecom, and the shared core). Every problem of every section
// is collected and reported together with how to fix it, so an operator fixes the .env file in one
// pass instead of one restart per mistake. Secret values are never echoed.
import { z } from 'zod';
import type { ApiKey } from '../api/api-keys.js';
import { apiSection } from './api.js';
import { coreSection, type CoreConfig } from './core.js';
import { pollsSection, type PollConfig } from './polls.js';
import { sandboxSection, type SandboxConfig } from './sandbox.js';
import { schedulerSection, type SchedulerConfig } from './scheduler.js';
import { optionalText, type ConfigSection, type Env } from './section.js';
import { slackSection, type SlackConfig } from './slack.js';
import { storeSection, type StoreConfig } from './store.js';
import { tiersSection, type TiersConfig } from './tiers.js';
import { wecomConfigured, wecomSection } from './wecom.js';

export { LOCALES, LOG_LEVELS, type ConfigLocale, type LogLevel } from './core.js';
export { DEFAULT_DATABASE_URL, encryptionKeyProblem, parseEncryptionKey, type EncryptionKey } from './store.js';
export { DEFAULT_SLACK_API_URL, type SlackConfig } from './slack.js';
export { DEFAULT_TIER_CONFIG_FILE } from './tiers.js';
export type { PollConfig } from './polls.js';
export type { SchedulerConfig } from './scheduler.js';

export interface Config extends CoreConfig, StoreConfig, TiersConfig {
  /** null when Slack is not configured (the app can still run other platforms / the sandbox). */
  slack: SlackConfig | null;
  slackConfigured: boolean;
  /** HOST, or the default for the platforms configured here (127.0.0.1 for the sandbox alone). */
  host: string;
  /** Set when HOST was given: the app then never chooses another. */
  hostGiven?: true;
  scheduler: SchedulerConfig;
  /** The managers' channel per platform (MANAGERS_CHANNEL): escalations, churn warnings, the weekly report. */
  managersChannels?: Record<string, string>;
  polls: PollConfig;
  /** Clients allowed to call the REST API (API_KEYS); empty = the API refuses everyone. */
  apiKeys: ApiKey[];
  /** The local sandbox chat page: on when no chat platform is configured, or with SANDBOX=1. */
  sandbox: SandboxConfig;
}

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

const SECTIONS: ReadonlyArray<ConfigSection<unknown>> = [slackSection, storeSection, coreSection, schedulerSection, tiersSection, apiSection, sandboxSection, pollsSection, wecomSection];

// One schema of every section's variables, with every section's cross-variable rules.
const envSchema = z.object(Object.assign({}, ...SECTIONS.map((s) => s.shape)) as z.ZodRawShape).superRefine((env, ctx) => {
  for (const section of SECTIONS) section.check?.(env as Env, ctx);
});

/** Every variable of every section as the schema sees it (trimmed; empty = unset), valid or not. */
function cleaned(env: NodeJS.ProcessEnv): Env {
  const names = SECTIONS.flatMap((section) => Object.keys(section.shape));
  return Object.fromEntries(names.map((name) => [name, optionalText.safeParse(env[name]).data]));
}

/** Reads and validates the environment. Throws ConfigError naming every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  // One line per problem; each section's messages already name the variable and the fix.
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  const failed = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])));
  const e = parsed.success ? (parsed.data as Env) : cleaned(env);
  // Files and lists with rules of their own (API_KEYS, TIER_CONFIG_FILE) are read too when their
  // section's variables are valid, so their problems join the others in the same message.
  const sound = (section: ConfigSection<unknown>) => Object.keys(section.shape).every((name) => !failed.has(name));
  const slack = slackSection.read(e, problems, { chatPlatformConfigured: false });
  const context = { chatPlatformConfigured: slack.slack !== null || wecomConfigured(e) };
  const read = <T>(section: ConfigSection<T>) => section.read(e, problems, context);
  const tiers = sound(tiersSection) ? read(tiersSection) : null;
  const apiKeys = sound(apiSection) ? read(apiSection) : { apiKeys: [] };
  if (problems.length > 0 || !tiers) throw new ConfigError([...new Set(problems)]);
  const sandbox = read(sandboxSection);
  return {
    ...slack,
    ...read(storeSection),
    ...read(coreSection),
    // The sandbox alone is for this machine only; a chat platform needs to be reachable.
    host: e.HOST ?? (!context.chatPlatformConfigured && sandbox.sandbox.enabled ? '127.0.0.1' : '0.0.0.0'),
    ...(e.HOST !== undefined ? { hostGiven: true as const } : {}),
    ...read(schedulerSection),
    ...read(pollsSection),
    ...tiers,
    ...apiKeys,
    ...sandbox,
    ...read(wecomSection),
  };
}
