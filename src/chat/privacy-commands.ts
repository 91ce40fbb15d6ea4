// `/crm privacy export|erase <customer>`: a subject's data on request, or its erasure after a
// confirmation that only the person who asked can give.
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { withCustomer } from './customer-ref.js';
import type { Command } from './grammar.js';
import { SIGNED } from './ids.js';
import { privateReply } from './reply.js';
import { signValue, verifyValue } from './signed-values.js';
import { dossierFiles, eraseConfirmReply } from './views/privacy.js';
import { customerName } from './markup.js';

type PrivacyCommand = Extract<Command, { kind: 'privacy.export' | 'privacy.erase' }>;

export async function runPrivacyCommand(ctx: ChatContext, command: PrivacyCommand): Promise<Outcome> {
  if (command.kind === 'privacy.export') {
    return withCustomer(ctx, command.ref, 'privacy.export', { rerun: (id) => `privacy export #${id}` }, async (customer) => {
      const dossier = await ctx.domain.privacy.export(ctx.actor, customer.id);
      return { reply: privateReply(`✅ ${ctx.t('privacy.export_done', { customer: customerName(ctx, customer) })}`), files: dossierFiles(ctx, dossier) };
    });
  }
  return withCustomer(ctx, command.ref, 'privacy.erase', { rerun: (id) => `privacy erase #${id}` }, async (customer) => {
    await ctx.domain.privacy.prepareErase(ctx.actor, customer.id);
    const value = signValue(ctx.settings.actionSecret, SIGNED.erase, ctx.actor.id, String(customer.id));
    return { reply: eraseConfirmReply(ctx, customer, value) };
  });
}

/** The confirmation click. A value not signed for this person and purpose changes nothing. */
export async function confirmErase(ctx: ChatContext, value: string): Promise<Outcome> {
  const payload = verifyValue(ctx.settings.actionSecret, SIGNED.erase, ctx.actor.id, value);
  const customerId = payload === null ? NaN : Number(payload);
  if (!Number.isSafeInteger(customerId)) {
    await ctx.domain.customers.recordForgedRequest(ctx.actor, 'privacy.erase', value);
    return { reply: { ...privateReply(`⚠️ ${ctx.t('error.forged')}`), replaceOriginal: true } };
  }
  const erased = await ctx.domain.privacy.erase(ctx.actor, customerId);
  return { reply: { ...privateReply(`✅ ${ctx.t('privacy.erased', { id: erased.id })}`), replaceOriginal: true } };
}
