// The period report (`/crm report`, the weekly digest): per rep, then the team against its targets,
// with the NPS trend as a chart.
import { renderLineChart } from '../../charts/line-chart.js';
import { roundHalfAway } from '../../domain/poll-math.js';
import type { PeriodReport, RepRow } from '../../domain/reports.js';
import type { OutgoingFile } from '../bot-types.js';
import type { ViewContext } from '../context.js';
import { csatAverageLabel, csatLabels, csatSatisfiedLabel, formatDay, formatFigure, formatPercent, personName } from '../format.js';
import { block, type Block, type Reply, type Visibility } from '../reply.js';


function scopeName(ctx: ViewContext, report: PeriodReport): string {
  const { resolved } = report;
  return resolved.label === 'user' ? ctx.t('report_scope.user', { user: personName(resolved.user) }) : ctx.t(`report_scope.${resolved.label}`);
}

function repLine(ctx: ViewContext, row: RepRow): string {
  const tiers = Object.entries(row.tiers)
    .map(([tier, count]) => `${ctx.tierName(tier)} ${count}`)
    .join(' · ');
  return ctx.t('report.rep_line', {
    name: personName(row.user),
    contacts: row.contacts,
    done: row.callbacksDone,
    onTime: formatPercent(row.onTimePercent),
    csat: csatLabels(ctx, { average: row.csatAverage, percent: row.csatPercent }),
    csatAnswers: row.csatAnswers,
    nps: formatFigure(row.nps),
    npsAnswers: row.npsAnswers,
    tiers: tiers || '—',
    churned: row.churned,
    wonBack: row.wonBack,
  });
}

function verdict(ctx: ViewContext, met: boolean | null): string {
  return met === null ? '' : met ? ` ✅ ${ctx.t('report.on_target')}` : ` ⚠️ ${ctx.t('report.off_target')}`;
}

export function reportReply(ctx: ViewContext, report: PeriodReport, visibility: Visibility): Reply {
  const { team } = report;
  const title = ctx.t('report.title', { period: ctx.t(`report.period.${report.period}`), scope: scopeName(ctx, report), from: formatDay(ctx, report.from), to: formatDay(ctx, report.to) });
  const reps = report.reps.length === 0 ? [ctx.t('report.no_reps')] : report.reps.map((r) => `• ${repLine(ctx, r)}`);
  const satisfaction = ctx.t('report.satisfaction', { satisfied: csatSatisfiedLabel(ctx, team.csatPercent), average: csatAverageLabel(ctx, team.csatAverage), answers: team.csatAnswers, target: team.satisfactionTarget }) + verdict(ctx, team.csatPercent === null ? null : team.csatPercent >= team.satisfactionTarget);
  const churn = ctx.t('report.churn', { rate: formatPercent(team.churnRate, 1), churned: team.churned, base: team.churnBase, target: team.churnTarget }) + verdict(ctx, team.churnRate === null ? null : team.churnRate <= team.churnTarget);
  const trend = team.npsTrend.map((p) => formatFigure(p.nps)).join(' → ');
  const nps = ctx.t('report.nps', { nps: formatFigure(team.nps), answers: team.npsAnswers, trend });
  const blocks: Block[] = [
    block.section(`**${title}**`),
    block.section(`**${ctx.t('report.reps_title')}**\n${reps.join('\n')}`),
    block.section(`**${ctx.t('report.team_title')}**\n${[satisfaction, churn, nps].join('\n')}`),
    block.context(ctx.t('report.footnote')),
  ];
  if (report.resolved.narrowed) blocks.push(block.context(ctx.t('report_scope.narrowed')));
  return { visibility, text: [title, ...reps, satisfaction, churn, nps].join('\n'), blocks };
}

/** NPS over the period against the satisfaction target's scale: one point per day or week. */
export function reportChartFile(ctx: ViewContext, report: PeriodReport, shareIn?: string): OutgoingFile {
  const png = renderLineChart({
    title: ctx.t('report.chart_title', { scope: scopeName(ctx, report) }),
    subtitle: ctx.t('report.chart_subtitle', { nps: formatFigure(report.team.nps), csat: csatSatisfiedLabel(ctx, report.team.csatPercent), target: report.team.satisfactionTarget }),
    points: report.team.npsTrend.map((p) => ({ label: formatDay(ctx, p.from).replace(/ \d{4}$|^\d{4}年/, ''), value: p.nps === null ? null : roundHalfAway(p.nps) })),
    min: -100,
    max: 100,
  });
  return { filename: `report-${report.period}.png`, title: ctx.t('report.chart_title', { scope: scopeName(ctx, report) }), mimeType: 'image/png', content: png, ...(shareIn ? { shareIn } : {}) };
}
