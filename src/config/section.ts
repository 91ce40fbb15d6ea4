// One feature's part of the configuration: the variables it reads (each with its own check and
// fix-it message), the rules across them, and what it adds to the Config. env.ts composes every
// section into one schema, so one start-up message still names every problem of every feature.
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

export interface ConfigSection<T> {
  /** The feature's name, for the reader of this code (store, slack, scheduler, …). */
  name: string;
  /** Its variables: optional text, each refined with the message that says how to fix it. */
  shape: z.ZodRawShape;
  /**
   * Rules across its variables. A feature's keys are required only when it is enabled (e.g. Slack's
   * signing secret once its bot token is set): a section never demands anything of a feature left off.
   */
  check?(env: Env, ctx: z.RefinementCtx): void;
  /** Its part of the Config from valid variables; problems found only now (files, lists) go to `problems`. */
  read(env: Env, problems: string[], context: SectionContext): T;
}

/** What a section may know of the others: whether a public chat platform (Slack, WeCom) is configured. */
export interface SectionContext {
  chatPlatformConfigured: boolean;
}

/** Keeps the section's exact type while checking it against the interface. */
export function defineSection<T>(section: ConfigSection<T>): ConfigSection<T> {
  return section;
}

// `KEY=` in a .env file means "unset", not "empty string".
export const optionalText = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}, z.string().optional());

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export function issue(ctx: z.RefinementCtx, variable: string, message: string): void {
  ctx.addIssue({ code: 'custom', path: [variable], message });
}
