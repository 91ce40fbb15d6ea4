// A plain sentence to the bot: understood, shown back as a draft, saved only on Save.
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { dateProblemText } from './date-replies.js';
import { block, privateReply } from './reply.js';
import { parseSentence } from './text/sentence.js';
import { draftReply } from './views/contact.js';

/** How many customer names a sentence is matched against (the user's most recently active). */
const NAME_CANDIDATES = 5000;

export async function understandMessage(ctx: ChatContext, text: string): Promise<Outcome> {
  const names = await ctx.domain.customers.names(ctx.actor, NAME_CANDIDATES);
  const sentence = parseSentence(text, { now: ctx.now, timezone: ctx.timezone, locale: ctx.locale, customerNames: names });
  const matches = sentence.customerMatches;
  if (matches.length === 0 && !sentence.customerText) return { reply: privateReply(ctx.t('dm.not_understood')) };
  const single = matches.length === 1 ? matches[0] : undefined;
  const draft = await ctx.domain.drafts.create(ctx.actor, {
    customerId: single?.id ?? null,
    customerText: single?.name ?? sentence.customerText ?? '',
    channel: sentence.channel,
    summary: sentence.summary,
    nextFollowUpAt: sentence.followUp?.date ?? null,
  });
  const customer = single ? await ctx.domain.customers.get(ctx.actor, single.id, 'contact.log') : null;
  const candidates = matches.length > 1 ? await Promise.all(matches.slice(0, 8).map((m) => ctx.domain.customers.get(ctx.actor, m.id, 'contact.log'))) : [];
  const reply = draftReply(ctx, draft, customer, candidates);
  if (!sentence.followUpProblem) return { reply };
  // The follow-up the text names was not taken: say why, above the draft.
  const { problem, text: typed } = sentence.followUpProblem;
  const warning = ctx.t('date_limit.no_follow_up', { reason: dateProblemText(ctx, problem, typed) });
  return { reply: { ...reply, text: `⚠️ ${warning}\n${reply.text}`, blocks: [block.section(`⚠️ ${warning}`), ...reply.blocks] } };
}
