// Tiers as the bot explains them: one customer's tier and why (`/crm tier`), the summary for a
// team (`/crm tiers`), with charts. The explanation renders the fields of the scoring result
// itself (tiering/rfm.ts), so it cannot disagree with the tier.
import { personHandle } from '../../domain/accounts.js';
import type { TierSummary } from '../../domain/reports.js';
import type { Assessment } from '../../domain/tiers.js';
import type { TierConfig } from '../../domain/tiering/config.js';
import type { ChurnSignalKind } from '../../domain/tiering/lifecycle.js';
import type { UpgradeHint } from '../../domain/tiering/rfm.js';
import type { Callback, Customer, User } from '../../domain/types.js';
import type { OutgoingFile } from '../bot-types.js';
import type { ViewContext } from '../context.js';
import { formatDay, formatMoney, personName } from '../format.js';
import { ACTIONS } from '../ids.js';
import { block, button, type Block, type Reply, type Visibility } from '../reply.js';
import { renderGroupedBarChart } from '../../charts/grouped-bar-chart.js';
import { customerName, literal } from '../markup.js';

const fixed2 = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

function recencyLine(ctx: ViewContext, config: TierConfig, a: Assessment): string {
  const { recency } = a.rfm;
  if (recency.value === null) return ctx.t('tier.recency_none', { score: recency.score });
  const band = config.recency[recency.band];
  const rule = band?.withinDays == null ? ctx.t('tier.band_any_age') : ctx.t('tier.band_within', { days: band.withinDays });
  return ctx.t('tier.recency', { days: recency.value, rule, score: recency.score });
}

function frequencyLine(ctx: ViewContext, config: TierConfig, a: Assessment): string {
  const { frequency } = a.rfm;
  return ctx.t('tier.frequency', { orders: frequency.value, window: config.windowDays, atLeast: config.frequency[frequency.band]?.atLeast ?? 0, score: frequency.score });
}

function monetaryLine(ctx: ViewContext, config: TierConfig, a: Assessment): string {
  const { monetary } = a.rfm;
  return ctx.t('tier.monetary', { spend: formatMoney(ctx, monetary.value), window: config.windowDays, atLeast: formatMoney(ctx, config.monetary[monetary.band]?.atLeast ?? 0), score: monetary.score });
}

function hintText(ctx: ViewContext, hint: UpgradeHint): string {
  switch (hint.component) {
    case 'recency':
      return hint.withinDays === null ? ctx.t('tier.hint_order') : ctx.t('tier.hint_recency', { days: hint.withinDays });
    case 'frequency':
      return ctx.t('tier.hint_orders', { count: hint.moreOrders });
    case 'monetary':
      return ctx.t('tier.hint_spend', { amount: formatMoney(ctx, hint.moreSpend) });
  }
}

export function signalText(ctx: ViewContext, signal: { kind: ChurnSignalKind; detail: Record<string, number> }): string {
  return ctx.t(`risk.${signal.kind}`, signal.detail);
}

export function tierExplainReply(ctx: ViewContext, config: TierConfig, customer: Customer, a: Assessment, next: Callback | null): Reply {
  const { rfm, risk, stage } = a;
  const w = config.weights;
  const title = ctx.t('tier.title', { customer: customerName(ctx, customer), tier: ctx.tierName(rfm.tier.id), score: fixed2(rfm.total) });
  const maths = ctx.t('tier.maths', {
    wr: w.recency, r: rfm.recency.score, wf: w.frequency, f: rfm.frequency.score, wm: w.monetary, m: rfm.monetary.score,
    sum: w.recency + w.frequency + w.monetary, total: fixed2(rfm.total), min: rfm.tier.minScore, tier: ctx.tierName(rfm.tier.id),
  });
  const upgrade = rfm.next
    ? ctx.t('tier.next', { tier: ctx.tierName(rfm.next.tier.id), min: rfm.next.tier.minScore, gap: fixed2(rfm.next.gap), hints: rfm.next.hints.length > 0 ? rfm.next.hints.map((h) => hintText(ctx, h)).join(ctx.t('tier.or')) : ctx.t('tier.hint_several') })
    : ctx.t('tier.top');
  const stageLine = stage.overridden
    ? ctx.t('tier.stage_manual', { stage: ctx.t(`stage.${stage.stage}`), reason: literal(customer.stageOverride ?? '') })
    : ctx.t('tier.stage', { stage: ctx.t(`stage.${stage.stage}`), rule: ctx.t(`stage_rule.${stage.rule}`) });
  const riskLine = ctx.t('tier.risk', { score: risk.score, threshold: config.churn.threshold });
  const signals = risk.signals.map((s) => `• ${signalText(ctx, s)}`);
  const nextLine = next ? ctx.t('tier.next_callback', { date: formatDay(ctx, next.dueAt) }) : ctx.t('tier.no_callback');
  const blocks: Block[] = [
    block.section(`**${title}**`),
    block.section([recencyLine(ctx, config, a), frequencyLine(ctx, config, a), monetaryLine(ctx, config, a), maths].join('\n')),
    block.section(upgrade),
    block.section([stageLine, riskLine, ...signals].join('\n')),
    block.context(nextLine),
    block.actions(button(ACTIONS.showCustomer, ctx.t('button.open'), String(customer.id))),
  ];
  const text = [title, recencyLine(ctx, config, a), frequencyLine(ctx, config, a), monetaryLine(ctx, config, a), maths, upgrade, stageLine, riskLine, ...signals, nextLine].join('\n');
  return { visibility: 'private', text, blocks };
}

function scopeTitle(ctx: ViewContext, summary: Pick<TierSummary, 'resolved'>): string {
  const { resolved } = summary;
  if (resolved.label === 'user') return ctx.t('report_scope.user', { user: personName(resolved.user) });
  return ctx.t(`report_scope.${resolved.label}`);
}

export function tierSummaryReply(ctx: ViewContext, summary: TierSummary, visibility: Visibility): Reply {
  const total = summary.counts.reduce((n, c) => n + c.count, 0);
  const title = ctx.t('tiers.title', { scope: scopeTitle(ctx, summary), total });
  const counts = summary.counts.map((c) => `• **${ctx.tierName(c.tier)}** ${c.count}${total > 0 ? ` (${Math.round((100 * c.count) / total)}%)` : ''}`);
  const moves = [ctx.t('tiers.moves', { up: summary.moves.up, down: summary.moves.down })];
  for (const m of summary.moves.latest.slice(0, 5)) {
    moves.push(`${m.direction === 'up' ? '↑' : '↓'} ${literal(m.name)}: ${ctx.tierName(m.from)} → ${ctx.tierName(m.to)} (${personName(summary.people.get(m.ownerId))}, ${formatDay(ctx, m.at)})`);
  }
  const risky = summary.atRisk.length === 0 ? [ctx.t('tiers.no_risk')] : summary.atRisk.map((c, i) => `${i + 1}. **${literal(c.name)}** — ${ctx.t('tiers.risk_line', { score: c.riskScore, tier: ctx.tierName(c.tier), stage: ctx.t(`stage.${c.stage}` as never), owner: personName(summary.people.get(c.ownerId)) })}`);
  const blocks: Block[] = [
    block.section(`**${title}**`),
    block.section(counts.join('\n')),
    block.section(`**${ctx.t('tiers.moves_title')}**\n${moves.join('\n')}`),
    block.section(`**${ctx.t('tiers.risk_title')}**\n${risky.join('\n')}`),
  ];
  if (summary.resolved.narrowed) blocks.push(block.context(ctx.t('report_scope.narrowed')));
  return { visibility, text: [title, ...counts, ...moves, ...risky].join('\n'), blocks };
}

/** Tier distribution and this week's movement, as one grouped bar chart. */
export function tierChartFile(ctx: ViewContext, summary: TierSummary, shareIn?: string): OutgoingFile {
  const tiers = summary.counts.map((c) => c.tier);
  const moved = (direction: 'up' | 'down', tier: string) => summary.moves.pairs.filter((p) => p.direction === direction && p.to === tier).reduce((n, p) => n + p.count, 0);
  const png = renderGroupedBarChart({
    title: ctx.t('tiers.chart_title', { scope: scopeTitle(ctx, summary) }),
    subtitle: ctx.t('tiers.moves', { up: summary.moves.up, down: summary.moves.down }),
    categories: tiers.map((t) => ctx.tierName(t)),
    series: [
      { name: ctx.t('tiers.series_customers'), color: '#4e79a7', values: summary.counts.map((c) => c.count) },
      { name: ctx.t('tiers.series_up'), color: '#2e9e5b', values: tiers.map((t) => moved('up', t)) },
      { name: ctx.t('tiers.series_down'), color: '#d9534f', values: tiers.map((t) => moved('down', t)) },
    ],
  });
  return { filename: 'tiers.png', title: ctx.t('tiers.chart_title', { scope: scopeTitle(ctx, summary) }), mimeType: 'image/png', content: png, ...(shareIn ? { shareIn } : {}) };
}

/** The churn warning (流失预警), to the owner and to the managers' channel, once per transition. */
export function churnAlertReply(ctx: ViewContext, customer: Customer, owner: User | null, alert: { riskScore: number; signals: Array<{ kind: ChurnSignalKind; detail: Record<string, number> }> }): Reply {
  const title = ctx.t('churn.alert', { customer: customerName(ctx, customer), score: alert.riskScore });
  const signals = alert.signals.map((s) => `• ${signalText(ctx, s)}`);
  const who = ctx.t('churn.alert_owner', { owner: owner ? personHandle(owner) : '—', tier: ctx.tierName(customer.tier) });
  const blocks: Block[] = [
    block.section(`⚠️ **${title}**\n${signals.join('\n')}`),
    block.context(`${who} · ${ctx.t('churn.win_back')}`),
    block.actions(
      button(ACTIONS.openLogForm, ctx.t('button.log_call'), String(customer.id), 'primary'),
      button(ACTIONS.runCommand, ctx.t('churn.why'), `tier #${customer.id}`),
    ),
  ];
  return { visibility: 'private', text: [`⚠️ ${title}`, ...signals, who].join('\n'), blocks };
}
