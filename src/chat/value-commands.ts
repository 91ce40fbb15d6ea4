// `/crm tier`, `/crm tiers`, `/crm report`, `/crm stage`, `/crm import`: customer value from the
// rep's and the manager's side.
import type { ScopeRequest } from '../domain/reports.js';
import type { Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { withCustomer } from './customer-ref.js';
import type { MentionRef } from './grammar.js';
import type { ValueCommand } from './grammar-tiers.js';
import { resolveMention } from './mentions.js';
import { privateReply } from './reply.js';
import { reportChartFile, reportReply } from './views/report.js';
import { tierChartFile, tierExplainReply, tierSummaryReply } from './views/tiers.js';
import { customerName } from './markup.js';

export async function runValueCommand(ctx: ChatContext, command: ValueCommand): Promise<Outcome> {
  switch (command.kind) {
    case 'tier.show':
      return withCustomer(ctx, command.ref, 'tier.show', { rerun: (id) => `tier #${id}` }, async (customer) => {
        const { assessment, nextCallback } = await ctx.domain.tiers.explain(ctx.actor, customer.id);
        return { reply: tierExplainReply(ctx, ctx.domain.tiers.config, customer, assessment, nextCallback) };
      });
    case 'tiers.summary': {
      const summary = await ctx.domain.reports.tierSummary(ctx.actor, await scopeRequest(ctx, command.scope), command.tag);
      const shared = sharedConversation(ctx);
      return { reply: tierSummaryReply(ctx, summary, shared ? 'public' : 'private'), files: [tierChartFile(ctx, summary, shared)] };
    }
    case 'tiers.recompute': {
      await ctx.domain.customers.requireGeneral(ctx.actor, 'tiers.recompute');
      const result = await ctx.domain.tiers.recompute();
      return { reply: privateReply(`✅ ${ctx.t('tiers.recomputed', { ...result })}`) };
    }
    case 'report': {
      const report = await ctx.domain.reports.report(ctx.actor, command.period, await scopeRequest(ctx, command.scope), ctx.timezone);
      const shared = sharedConversation(ctx);
      return { reply: reportReply(ctx, report, shared ? 'public' : 'private'), files: [reportChartFile(ctx, report, shared)] };
    }
    case 'stage.set':
      return withCustomer(ctx, command.ref, 'customer.edit', { rerun: (id) => `stage #${id} ${command.stage} ${command.reason}`.trim() }, async (customer) => {
        const updated = await ctx.domain.tiers.setStage(ctx.actor, customer.id, command.stage, command.reason);
        const key = command.stage === 'auto' ? 'stage.auto' : 'stage.set';
        return { reply: privateReply(`✅ ${ctx.t(key, { customer: customerName(ctx, updated), stage: ctx.t(`stage.${updated.lifecycleStage}`) })}`) };
      });
    case 'import.help':
      return { reply: privateReply(ctx.t('import.help')) };
  }
}

async function scopeRequest(ctx: ChatContext, scope: 'default' | 'mine' | 'team' | { user: MentionRef }): Promise<ScopeRequest> {
  if (scope === 'default' || scope === 'mine' || scope === 'team') return { kind: scope };
  return { kind: 'user', user: await resolveMention(ctx, scope.user) };
}

/** A channel (not a DM): summaries there are for everyone in it, charts included. */
function sharedConversation(ctx: ChatContext): string | undefined {
  return ctx.meta.conversationId && ctx.meta.shared ? ctx.meta.conversationId : undefined;
}
