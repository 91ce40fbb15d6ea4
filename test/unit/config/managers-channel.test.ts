// MANAGERS_CHANNEL per platform: "slack:C1,wecom:robot", a bare id meaning Slack, anything else refused by name.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/env.js';
import { parseManagersChannels } from '../../../src/config/managers-channel.js';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    return (error as { problems: string[] }).problems.join('\n');
  }
}

describe('MANAGERS_CHANNEL', () => {
  it('a bare id is Slack’s, as before channels named their platform', () => {
    expect(loadConfig({ MANAGERS_CHANNEL: 'C0MGRS' }).managersChannels).toEqual({ slack: 'C0MGRS' });
    expect(loadConfig({}).managersChannels).toBeUndefined();
  });

  it('one channel per platform, in the order written', () => {
    const channels = loadConfig({ MANAGERS_CHANNEL: ' wecom:robot , slack:C0MGRS' }).managersChannels!;
    expect(channels).toEqual({ wecom: 'robot', slack: 'C0MGRS' });
    expect(Object.keys(channels)).toEqual(['wecom', 'slack']);
    expect(parseManagersChannels('SLACK:C1')).toEqual({ slack: 'C1' });
  });

  it('refuses a platform twice, an empty entry or id, and names the variable', () => {
    for (const bad of ['slack:C1,slack:C2', 'slack:', 'C1,,wecom:x', 'slack:C 1', '1x:C1', 'C1,C2']) {
      expect(parseManagersChannels(bad)).toBeNull();
      expect(problemsOf({ MANAGERS_CHANNEL: bad })).toContain('MANAGERS_CHANNEL must be a channel id (Slack) or a comma-separated list of platform:channel');
    }
  });
});
