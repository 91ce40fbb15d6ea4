// Where a command's customer and people begin, read from the words alone. Names with spaces
// need no quotes ("log Blue Cedar Apparel call …", "share Acme @Bob Smith"): the chat layer
// (typed-names.ts) checks these spans against the names it knows, and the parse stays pure.
import { SUBCOMMANDS } from './grammar.js';
import { is } from './grammar-kit.js';
import { POLL_WORDS } from './grammar-polls.js';
import type { Token } from './text/tokenize.js';

/**
 * - `known`: the customer is the longest run of words that is a known name (else the first word);
 * - `beforeChannel`: the same, else the words before the first contact channel (`log Blue Cedar call …`);
 * - `rest`: the customer is everything that follows;
 * - `untilOption`: everything up to the first key=value or @person.
 */
export type CustomerExtent = 'known' | 'beforeChannel' | 'rest' | 'untilOption';

export interface ArgumentSpans {
  customer?: { index: number; extent: CustomerExtent };
  /** From this token on, a typed `@name` (or owner=@name) may run over the words after it. */
  peopleFrom?: number;
}

export function argumentSpans(tokens: Token[]): ArgumentSpans {
  const [first, second] = tokens;
  const at = (index: number, extent: CustomerExtent) => ({ index, extent });
  if (is(first, SUBCOMMANDS.customer)) {
    if (is(second, SUBCOMMANDS.add)) return { customer: at(2, 'untilOption'), peopleFrom: 3 };
    if (is(second, SUBCOMMANDS.show)) return { customer: at(2, 'rest') };
    if (is(second, SUBCOMMANDS.edit) || is(second, SUBCOMMANDS.share) || is(second, SUBCOMMANDS.unshare) || is(second, SUBCOMMANDS.assign)) return { customer: at(2, 'untilOption'), peopleFrom: 3 };
    return {};
  }
  if (is(first, SUBCOMMANDS.log)) return { customer: at(1, 'beforeChannel') };
  if (is(first, SUBCOMMANDS.remind) || is(first, SUBCOMMANDS.audit) || is(first, SUBCOMMANDS.stage)) return { customer: at(1, 'known') };
  if (is(first, SUBCOMMANDS.tier)) return { customer: at(1, 'rest') };
  if (is(first, SUBCOMMANDS.privacy) && (is(second, SUBCOMMANDS.export) || is(second, SUBCOMMANDS.erase))) return { customer: at(2, 'rest') };
  if (is(first, SUBCOMMANDS.poll) && (is(second, POLL_WORDS.csat) || is(second, POLL_WORDS.nps))) return { customer: at(2, 'known') };
  if (is(first, SUBCOMMANDS.poll) && is(second, POLL_WORDS.results)) return { customer: at(2, 'rest') };
  const takesPeople = [SUBCOMMANDS.role, SUBCOMMANDS.team, SUBCOMMANDS.handover, SUBCOMMANDS.due, SUBCOMMANDS.tiers, SUBCOMMANDS.report].some((words) => is(first, words));
  return takesPeople ? { peopleFrom: 1 } : {};
}
