// Which platforms a configuration runs (src/chat/platform.ts activePlatforms over the registry).
import { describe, expect, it } from 'vitest';
import { activePlatforms, type PlatformModule } from '../../../src/chat/platform.js';
import { loadConfig } from '../../../src/config/env.js';
import { PLATFORMS } from '../../../src/platforms/registry.js';

const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef' };
/** A public platform that is always configured, registered after the sandbox. */
const other: PlatformModule = { name: 'other', configured: () => true, create: () => ({ mount: () => undefined }) };
const names = (env: Record<string, string>, modules: readonly PlatformModule[] = PLATFORMS) => activePlatforms(modules, loadConfig(env)).map((m) => m.name);

describe('activePlatforms', () => {
  it('runs the sandbox alone when nothing is configured, and Slack alone when it is', () => {
    expect(names({})).toEqual(['sandbox']);
    expect(names(slackEnv)).toEqual(['slack']);
    expect(names({ SANDBOX: '0' })).toEqual([]);
  });

  it('SANDBOX=auto gives way to any public platform; SANDBOX=1 serves beside it, last', () => {
    expect(names({}, [...PLATFORMS, other])).toEqual(['other']);
    expect(names({ SANDBOX: '1' }, [...PLATFORMS, other])).toEqual(['other', 'sandbox']);
    expect(names({ ...slackEnv, SANDBOX: '1' }, [...PLATFORMS, other])).toEqual(['slack', 'other', 'sandbox']);
  });
});
