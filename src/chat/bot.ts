// The bot: the one implementation of the Bot contract that every platform adapter calls.
import type { Logger } from 'pino';
import type { Domain } from '../domain/index.js';
import { isDomainError } from '../domain/errors.js';
import { translate } from '../i18n/catalog.js';
import { deliveryFailure, type Bot, type Outcome, type PlatformDirectory, type RequestMeta, type Speaker } from './bot-types.js';
import { isRefusal, resolveContext, type ChatContext, type ChatServices, type ChatSettings } from './context.js';
import { isRespondentAction, isRespondentForm, runRespondentAction, runRespondentForm } from './poll-actions.js';
import { runCommand } from './commands.js';
import { understandMessage } from './dm.js';
import { domainErrorReply, staffRefusalReply } from './errors.js';
import { runAction, runFormSubmission } from './interactions.js';
import { privateReply, type Option } from './reply.js';
import { logContactForm } from './views/contact.js';
import { runImportFile } from './import-actions.js';
import { homePage } from './home.js';

export interface BotDependencies {
  domain: Domain;
  directories: Readonly<Record<string, PlatformDirectory>>;
  settings: ChatSettings;
  services: ChatServices;
  logger: Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;
}

export function createBot(deps: BotDependencies): Bot {
  const { domain, directories, settings, services, logger } = deps;

  /**
   * Resolves the speaker, runs the work, and turns any failure into a localized reply. Someone who
   * is not staff gets the one refusal, and `work` never runs.
   */
  async function handle(kind: string, speaker: Speaker, meta: RequestMeta, work: (ctx: ChatContext) => Promise<Outcome>): Promise<Outcome> {
    let ctx: ChatContext | undefined;
    try {
      const resolved = await resolveContext(domain, directories, settings, services, speaker, meta);
      if (isRefusal(resolved)) return { reply: staffRefusalReply(resolved) };
      ctx = resolved;
      return await withForeignNotificationsSent(speaker, await work(ctx));
    } catch (error) {
      if (ctx && isDomainError(error)) return { reply: domainErrorReply(ctx, error) };
      logger.error({ err: error, kind, platform: speaker.platform }, 'chat request failed');
      const locale = ctx?.locale ?? settings.defaultLocale;
      return { reply: privateReply(`⚠️ ${translate(locale, 'error.internal')}`) };
    }
  }

  /**
   * The requester's adapter delivers notifications on its own platform (as part of the response);
   * one for a person on another platform goes through the outbound router, which records it when
   * it cannot be delivered — without a router it would be dropped by the adapter, so it is logged.
   */
  async function withForeignNotificationsSent(speaker: Speaker, outcome: Outcome): Promise<Outcome> {
    const foreign = outcome.notifications?.filter((n) => n.to.platform !== speaker.platform) ?? [];
    if (foreign.length === 0) return outcome;
    for (const notification of foreign) {
      if (!services.outbound) {
        logger.warn({ platform: notification.to.platform }, 'notification for another platform: no outbound router');
        continue;
      }
      // A permanent failure is recorded by the router; either way the requester's answer stands.
      await services.outbound.send('notification', { account: notification.to }, notification.reply).catch((error: unknown) => {
        logger.warn({ platform: notification.to.platform, ...deliveryFailure(error) }, 'notification for another platform not delivered');
      });
    }
    return { ...outcome, notifications: outcome.notifications!.filter((n) => n.to.platform === speaker.platform) };
  }

  /**
   * A customer answering a poll: no user record, no platform lookup, and nothing logged that says
   * who they are (anonymous polls must not be traceable, not even through the logs).
   */
  async function handleRespondent(kind: string, platform: string, work: () => Promise<Outcome>): Promise<Outcome> {
    try {
      return await work();
    } catch (error) {
      logger.error({ err: error, kind, platform }, 'poll answer failed');
      return { reply: privateReply(`⚠️ ${translate(settings.defaultLocale, 'error.internal')}`) };
    }
  }
  const respondentEnv = { domain, services, settings };

  /**
   * A user's own work: once it succeeded, their Home may show something else — on the platform they
   * asked from (the adapter refreshes it with the reply) and on their other accounts (the router).
   */
  function handleWork(kind: string, speaker: Speaker, meta: RequestMeta, work: (ctx: ChatContext) => Promise<Outcome>): Promise<Outcome> {
    return handle(kind, speaker, meta, async (ctx) => {
      const outcome = await work(ctx);
      services.outbound?.refreshHome(ctx.actor, speaker.platform);
      return { ...outcome, refreshHome: true };
    });
  }

  return {
    command: (speaker, text, meta = {}) => handleWork('command', speaker, meta, (ctx) => runCommand(ctx, text)),
    message: (speaker, text, meta = {}) => handleWork('message', speaker, meta, (ctx) => understandMessage(ctx, text)),
    action: (speaker, action, value, meta = {}) =>
      isRespondentAction(action)
        ? handleRespondent('poll action', speaker.platform, () => runRespondentAction(respondentEnv, speaker, action, value))
        : handleWork('action', speaker, meta, (ctx) => runAction(ctx, action, value)),
    submitForm: (speaker, formId, state, values, meta = {}) =>
      isRespondentForm(formId)
        ? handleRespondent('poll form', speaker.platform, () => runRespondentForm(respondentEnv, speaker, state, values))
        : handleWork('form', speaker, meta, (ctx) => runFormSubmission(ctx, formId, state, values)),
    importFile: (speaker, file, meta = {}) => handleWork('import', speaker, meta, (ctx) => runImportFile(ctx, file)),
    logFromMessage: (speaker, messageText) => handle('shortcut', speaker, {}, async (ctx) => ({ form: logContactForm(ctx, { source: 'shortcut' }, { summary: messageText }) })),
    async searchCustomers(speaker, query) {
      try {
        const ctx = await resolveContext(domain, directories, settings, services, speaker, {});
        if (isRefusal(ctx)) return [];
        const customers = await ctx.domain.customers.search(ctx.actor, query);
        return customers.slice(0, 100).map((c): Option => ({ label: `${c.name} (#${c.id})`, value: String(c.id) }));
      } catch (error) {
        logger.error({ err: error, kind: 'search', platform: speaker.platform }, 'customer search failed');
        return [];
      }
    },
    async home(speaker) {
      try {
        return await homePage({ domain, directories, settings, services }, speaker);
      } catch (error) {
        logger.error({ err: error, kind: 'home', platform: speaker.platform }, 'home page failed');
        return privateReply(`⚠️ ${translate(settings.defaultLocale, 'error.internal')}`);
      }
    },
  };
}
