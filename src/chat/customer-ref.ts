// A customer named in a command: found (and permitted), or a reply that helps pick or create one.
import type { CustomerAction } from '../domain/policy.js';
import type { Customer } from '../domain/types.js';
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import type { MentionRef } from './grammar.js';
import { ACTIONS } from './ids.js';
import { ambiguousReply, didYouMeanReply, notFoundReply } from './views/customer.js';

export interface CustomerRefOptions {
  /** The same command with the customer given by id, offered as one button per candidate. */
  rerun: (id: number) => string;
  /** Offer to create a customer of that name when none matches. */
  offerCreate?: boolean;
}

export async function withCustomer(ctx: ChatContext, ref: string, action: CustomerAction, options: CustomerRefOptions, run: (customer: Customer) => Promise<Outcome>): Promise<Outcome> {
  const found = await ctx.domain.customers.resolve(ctx.actor, ref, action);
  if (found.kind === 'ambiguous') {
    return { reply: ambiguousReply(ctx, ref, found.candidates, { action: ACTIONS.runCommand, valueFor: options.rerun }, found.total) };
  }
  if (found.kind === 'none' && found.suggestions.length > 0) {
    // A near miss is not a new customer: offer the close names, not "Create …".
    return { reply: didYouMeanReply(ctx, ref, found.suggestions, { action: ACTIONS.runCommand, valueFor: options.rerun }) };
  }
  if (found.kind === 'none') {
    return { reply: notFoundReply(ctx, ref, options.offerCreate ? { action: ACTIONS.quickAddCustomer, value: ref.slice(0, 100) } : undefined) };
  }
  return run(found.customer);
}

/** A mention written back into command text, as the grammar reads it. */
export function mentionText(mention: MentionRef): string {
  if (!mention.plain) return `<@${mention.id}>`;
  return mention.platform ? `@${mention.platform}:${mention.id}` : `@${mention.id}`;
}
