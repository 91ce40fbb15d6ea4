// Turns refusals into replies in the user's language.
import { isDomainError, type DomainError } from '../domain/errors.js';
import { translate, type MessageKey } from '../i18n/catalog.js';
import type { ChatContext, Refusal, ViewContext } from './context.js';
import type { ParseError } from './grammar.js';
import { preview } from './format.js';
import { ACTIONS } from './ids.js';
import { block, button, privateReply, type Reply } from './reply.js';

export function parseErrorReply(ctx: ChatContext, error: ParseError): Reply {
  const subject = error.subject ?? '';
  const problem = ctx.t(`error.${error.code}` as MessageKey, { subject });
  const usage = ctx.t('error.usage', { usage: ctx.t(`usage.${error.usage}`) });
  if (error.suggestion === undefined) return privateReply(`⚠️ ${problem}\n${usage}`);
  // A typo: offer the corrected command as a button that runs it.
  const question = ctx.t('error.did_you_mean', { suggestion: `\`/crm ${error.suggestion}\`` });
  const text = `⚠️ ${problem} ${question}`;
  return privateReply(`${text}\n${usage}`, [block.section(text), block.actions(button(ACTIONS.runCommand, preview(error.suggestion, 70), error.suggestion, 'primary')), block.context(usage)]);
}

export function domainErrorMessage(ctx: ViewContext, error: DomainError): string {
  const params = { ...error.params };
  if (error.code === 'permission.denied') params.reason = ctx.t(`denial.${String(error.params.reason)}` as MessageKey);
  return ctx.t(`error.${error.code}` as MessageKey, params);
}

export function domainErrorReply(ctx: ChatContext, error: DomainError): Reply {
  return privateReply(`⚠️ ${domainErrorMessage(ctx, error)}`);
}

export function errorReply(ctx: ChatContext, error: unknown): Reply | null {
  return isDomainError(error) ? domainErrorReply(ctx, error) : null;
}

/** The one answer for someone who is not staff (the bot is for the company's own people), or could not be checked. */
export function staffRefusalReply(refusal: Refusal): Reply {
  const key = refusal.refused === 'not_invited' ? 'staff.not_invited' : refusal.refused === 'unverified' ? 'staff.unverified' : 'staff.refused';
  return privateReply(translate(refusal.locale, key));
}
