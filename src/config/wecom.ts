// WeCom (企业微信): the section its adapter will fill (corp id, agent id, secret, callback token and
// AES key). The rule for it, as for Slack: its keys are required only once one of them is set (its
// check()), so a deployment without WeCom never names them. Empty until the WeCom adapter arrives;
// then its read() adds `wecom: WecomConfig | null` and wecomConfigured() looks at its keys.
import { defineSection, type Env } from './section.js';

export const wecomSection = defineSection<Record<never, never>>({
  name: 'wecom',
  shape: {},
  read: () => ({}),
});

/** Whether WeCom's keys are set (a public chat platform: the sandbox's `auto` gives way to it). */
export function wecomConfigured(_env: Env): boolean {
  return false;
}
