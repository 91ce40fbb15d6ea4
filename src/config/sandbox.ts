// The local sandbox chat page: SANDBOX=1 on, 0 off, auto (default) only when no chat platform is configured.
import { defineSection, optionalText } from './section.js';

export interface SandboxConfig {
  enabled: boolean;
  /** SANDBOX=1: served beside the other platforms too (auto gives way to them). */
  requested?: true;
}

/** Whether the sandbox is wanted, given whether a public chat platform is configured. */
export function sandboxWanted(setting: string | undefined, platformConfigured: boolean): boolean {
  const value = (setting ?? 'auto').toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return !platformConfigured;
}

export const sandboxSection = defineSection<{ sandbox: SandboxConfig }>({
  name: 'sandbox',
  shape: {
    SANDBOX: optionalText.refine((v) => v === undefined || /^(0|1|true|false|auto)$/i.test(v), {
      message: 'SANDBOX must be 1 (on), 0 (off) or auto (the default: on when no chat platform is configured).',
    }),
  },
  read: (env, _problems, { chatPlatformConfigured }) => ({
    sandbox: { enabled: sandboxWanted(env.SANDBOX, chatPlatformConfigured), ...(/^(1|true)$/i.test(env.SANDBOX ?? '') ? { requested: true as const } : {}) },
  }),
});
