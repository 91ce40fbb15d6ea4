// Button values and form state come back from the platform and may be forged: every handler
// parses them again with zod, and a value that does not parse changes nothing.
import { z } from 'zod';
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { privateReply } from './reply.js';

export type ActionHandler = (ctx: ChatContext, value: string) => Promise<Outcome>;

/** The polite answer to a value that does not parse (a forged or outdated button). */
export const staleAction = (ctx: ChatContext): Outcome => ({ reply: privateReply(`⚠️ ${ctx.t('error.stale_action')}`) });

export function withValue<T>(schema: z.ZodType<T>, handle: (ctx: ChatContext, value: T) => Promise<Outcome>): ActionHandler {
  return async (ctx, raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? handle(ctx, parsed.data) : staleAction(ctx);
  };
}

/** A string holding JSON that must match `shape`. */
export function jsonOf<T>(shape: z.ZodType<T>, maxLength = 3000) {
  return z
    .string()
    .max(maxLength)
    .transform((text, issues) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        issues.addIssue({ code: 'custom', message: 'not json' });
        return z.NEVER;
      }
    })
    .pipe(shape);
}
