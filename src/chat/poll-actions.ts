// Clicks on a poll. Respondents are customers (Slack Connect guests, WeCom external contacts), not
// users of ours: their clicks never create a user, never look them up on the platform, and are
// never logged with who they are. Values are signed (a forged poll id or score is refused) and
// parsed again here; the domain re-checks the poll, the scale and the deadline.
import { z } from 'zod';
import { DomainError, isDomainError } from '../domain/errors.js';
import type { Domain } from '../domain/index.js';
import type { Respondent } from '../domain/polls.js';
import type { Poll } from '../domain/types.js';
import { translate, type Locale } from '../i18n/catalog.js';
import { withValue, type ActionHandler } from './action-values.js';
import type { Outcome, Speaker } from './bot-types.js';
import { viewIn, type ChatServices, type ChatSettings, type ViewContext } from './context.js';
import { domainErrorMessage } from './errors.js';
import { ACTIONS, FORMS, SIGNED } from './ids.js';
import { privateReply, type FormValues } from './reply.js';
import { verifyValue } from './signed-values.js';
import { logContactForm } from './views/contact.js';
import { commentForm, commentSavedReply, recoverySummary, voteConfirmation } from './views/polls.js';

export interface RespondentEnv {
  domain: Domain;
  services: ChatServices;
  settings: ChatSettings;
}

const RESPONDENT_ACTIONS: ReadonlySet<string> = new Set([ACTIONS.pollVote, ACTIONS.pollComment]);
const RESPONDENT_FORMS: ReadonlySet<string> = new Set([FORMS.pollComment]);

export const isRespondentAction = (action: string) => RESPONDENT_ACTIONS.has(action);
export const isRespondentForm = (formId: string) => RESPONDENT_FORMS.has(formId);

const votePayload = z.string().regex(/^\d{1,9}:\d{1,2}$/).transform((v) => v.split(':').map(Number) as [number, number]);
const pollIdPayload = z.string().regex(/^\d{1,9}$/).transform(Number);

function respondentOf(speaker: Speaker): Respondent {
  return { platform: speaker.platform, workspaceId: speaker.workspaceId ?? '', externalId: speaker.externalId, ...(speaker.displayName ? { displayName: speaker.displayName } : {}) };
}

/** A refusal in the poll's language when the poll is known, else the workspace's. */
function viewOfLocale(env: RespondentEnv, locale: Locale): ViewContext {
  return viewIn(locale, env.settings.defaultTimezone, env.settings);
}

function refusal(env: RespondentEnv, locale: Locale, error: DomainError): Outcome {
  return { reply: privateReply(`⚠️ ${domainErrorMessage(viewOfLocale(env, locale), error)}`) };
}

/**
 * A colleague's click is refused in the colleague's language: ours when they have talked to the
 * bot (read from the database, never looked up on the platform), else the workspace's.
 */
async function colleagueLocale(env: RespondentEnv, speaker: Speaker): Promise<Locale> {
  const colleague = await env.domain.users.find(speaker.platform, speaker.externalId).catch(() => null);
  return colleague?.locale ?? env.settings.defaultLocale;
}

function stale(env: RespondentEnv): Outcome {
  return { reply: privateReply(`⚠️ ${translate(env.settings.defaultLocale, 'error.stale_action')}`) };
}

/** The signed payload of a poll button, or null for anything forged or tampered with. */
function verified(env: RespondentEnv, purpose: string, value: string): string | null {
  return verifyValue(env.settings.actionSecret, purpose, 0, value);
}

async function pollOf(env: RespondentEnv, pollId: number): Promise<Poll | null> {
  return env.domain.polls.find(pollId).catch(() => null);
}

export async function runRespondentAction(env: RespondentEnv, speaker: Speaker, action: string, value: string): Promise<Outcome> {
  if (action === ACTIONS.pollVote) {
    const payload = votePayload.safeParse(verified(env, SIGNED.pollVote, value));
    if (!payload.success) return stale(env);
    const [pollId, score] = payload.data;
    return vote(env, speaker, pollId, score);
  }
  const payload = pollIdPayload.safeParse(verified(env, SIGNED.pollComment, value));
  if (!payload.success) return stale(env);
  const poll = await pollOf(env, payload.data);
  if (!poll) return refusal(env, env.settings.defaultLocale, new DomainError('poll.not_found', { id: payload.data }));
  const view = env.services.polls.viewOf(poll);
  const respondent = respondentOf(speaker);
  if (poll.status !== 'open' || env.domain.clock.now() >= poll.closesAt) return refusal(env, poll.locale, new DomainError('poll.closed', { id: poll.id }));
  if (!poll.allowInternal && !env.domain.polls.isExternal(poll, respondent)) return refusal(env, await colleagueLocale(env, speaker), new DomainError('poll.internal_respondent'));
  const current = await env.domain.polls.answerOf(poll.id, respondent);
  return { form: commentForm(view, poll, value, current) };
}

type VoteOutcome = { ok: true; outcome: Outcome } | { ok: false; error: DomainError; locale: Locale };

/** Records the answer; the owner's alert and the live count follow in the background. */
async function recordVote(env: RespondentEnv, speaker: Speaker, pollId: number, score: number, comment?: string): Promise<VoteOutcome> {
  try {
    const result = await env.domain.polls.vote(pollId, respondentOf(speaker), score, comment);
    const polls = env.services.polls;
    polls.touch(pollId);
    if (result.alert) polls.alertOwner(result);
    else if (comment !== undefined && result.answer.alertRef) polls.updateAlert(result.poll, result.answer);
    const view = polls.viewOf(result.poll);
    return { ok: true, outcome: { reply: comment === undefined ? voteConfirmation(view, result.poll, score, result.previousScore) : commentSavedReply(view, result.poll) } };
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // Refused: a colleague in their language; a respondent in the poll's, when there is such a poll.
    if (error.code === 'poll.internal_respondent') return { ok: false, error, locale: await colleagueLocale(env, speaker) };
    return { ok: false, error, locale: (await pollOf(env, pollId))?.locale ?? env.settings.defaultLocale };
  }
}

async function vote(env: RespondentEnv, speaker: Speaker, pollId: number, score: number): Promise<Outcome> {
  const result = await recordVote(env, speaker, pollId, score);
  return result.ok ? result.outcome : refusal(env, result.locale, result.error);
}

const commentValues = z.object({
  score: z.string().regex(/^\d{1,2}$/).transform(Number),
  comment: z.string().max(5000).optional(),
});

export async function runRespondentForm(env: RespondentEnv, speaker: Speaker, state: string, values: FormValues): Promise<Outcome> {
  const pollId = pollIdPayload.safeParse(verified(env, SIGNED.pollComment, state));
  if (!pollId.success) return stale(env);
  const form = commentValues.safeParse(values);
  if (!form.success) {
    const locale = (await pollOf(env, pollId.data))?.locale ?? env.settings.defaultLocale;
    return { formErrors: { score: translate(locale, 'error.poll.score_required') } };
  }
  const result = await recordVote(env, speaker, pollId.data, form.data.score, form.data.comment ?? '');
  if (result.ok) return result.outcome;
  // The refusal stays in the form, next to the input it is about.
  const message = domainErrorMessage(viewOfLocale(env, result.locale), result.error);
  return { formErrors: { [result.error.code === 'poll.comment_too_long' ? 'comment' : 'score']: message } };
}

/** "Log recovery call" on a low-score alert: the contact form, prefilled for the 服务补救 call. */
export const pollRepActions: Record<string, ActionHandler> = {
  [ACTIONS.pollRecovery]: withValue(z.coerce.number().int().positive().max(999_999_999), async (ctx, answerId) => {
    const answer = await ctx.domain.polls.answerById(answerId);
    if (!answer) throw new DomainError('poll.not_found', { id: answerId });
    const poll = await ctx.domain.polls.find(answer.pollId);
    const customer = await ctx.domain.customers.get(ctx.actor, poll.customerId, 'contact.log');
    return { form: logContactForm(ctx, { source: 'modal' }, { customer, channel: 'call', summary: recoverySummary(ctx, poll, answer) }) };
  }),
};
