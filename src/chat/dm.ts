// A plain sentence to the bot: understood, shown back as a draft, saved only on Save. A question
// about what is due gets the due list instead.
import type { CustomerResolution } from '../domain/customers.js';
import type { Customer } from '../domain/types.js';
import type { Outcome } from './bot-types.js';
import { runCallbackCommand } from './callback-commands.js';
import type { ChatContext } from './context.js';
import { dateProblemText } from './date-replies.js';
import { block, privateReply } from './reply.js';
import { literal } from './markup.js';
import { peopleAsText } from './people-in-text.js';
import { dueQuestion } from './text/questions.js';
import { parseSentence } from './text/sentence.js';
import { draftReply } from './views/contact.js';

/** How many customer names a sentence is matched against (the user's most recently active). */
const NAME_CANDIDATES = 5000;
const MAX_CANDIDATES = 8;

export async function understandMessage(ctx: ChatContext, typed: string): Promise<Outcome> {
  const text = await peopleAsText(ctx, typed);
  const question = dueQuestion(text);
  if (question) return runCallbackCommand(ctx, { kind: 'due', scope: 'mine', overdue: question.overdue, page: 1 });
  const names = await ctx.domain.customers.names(ctx.actor, NAME_CANDIDATES);
  const sentence = parseSentence(text, { now: ctx.now, timezone: ctx.timezone, locale: ctx.locale, customerNames: names });
  const matches = sentence.customerMatches;
  if (matches.length === 0 && !sentence.customerText) return { reply: privateReply(ctx.t('dm.not_understood')) };
  // A whole name said in the sentence is taken as it is; otherwise the words that look like the
  // customer are found the way a command's customer is (part of a name, a near miss, several).
  const found: CustomerResolution =
    matches.length > 0
      ? await resolution(ctx, matches.map((m) => m.id))
      : await ctx.domain.customers.resolve(ctx.actor, sentence.customerText ?? '', 'contact.log');
  const customer = found.kind === 'found' ? found.customer : null;
  const candidates = found.kind === 'ambiguous' ? found.candidates : found.kind === 'none' ? found.suggestions : [];
  const draft = await ctx.domain.drafts.create(ctx.actor, {
    customerId: customer?.id ?? null,
    customerText: customer?.name ?? sentence.customerText ?? '',
    channel: sentence.channel,
    summary: sentence.summary,
    nextFollowUpAt: sentence.followUp?.date ?? null,
  });
  const reply = draftReply(ctx, draft, customer, candidates.slice(0, MAX_CANDIDATES));
  // Say why there is a choice, so a near miss is never mistaken for a new customer; and why a
  // follow-up the text names was not taken.
  const query = sentence.customerText ?? '';
  const lead = matches.length > 0 || candidates.length === 0 ? null : ctx.t(found.kind === 'ambiguous' ? 'customer.ambiguous' : 'customer.did_you_mean', { query: literal(query) });
  const problem = sentence.followUpProblem;
  const warning = problem ? ctx.t('date_limit.no_follow_up', { reason: dateProblemText(ctx, problem.problem, problem.text) }) : null;
  const notes = [lead, warning].filter((note): note is string => note !== null);
  if (notes.length === 0) return { reply };
  return { reply: { ...reply, text: `${notes.map((n) => `⚠️ ${n}`).join('\n')}\n${reply.text}`, blocks: [...notes.map((n) => block.section(`⚠️ ${n}`)), ...reply.blocks] } };
}

/** The customers named in a sentence, checked as a command's would be. */
async function resolution(ctx: ChatContext, ids: number[]): Promise<CustomerResolution> {
  const customers: Customer[] = await Promise.all(ids.slice(0, MAX_CANDIDATES).map((id) => ctx.domain.customers.get(ctx.actor, id, 'contact.log')));
  return customers.length === 1 ? { kind: 'found', customer: customers[0]! } : { kind: 'ambiguous', candidates: customers };
}
