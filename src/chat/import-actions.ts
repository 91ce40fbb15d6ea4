// A CSV file sent to the bot: read and checked row by row, shown as a preview with every problem,
// and imported only when the user confirms the good rows (Import / Cancel buttons). The checked
// rows wait in the database (ImportBatch), so the confirmation works on any replica.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { columnProblems, formatImportMessage, MAX_IMPORT_BYTES, readImportFile, rowErrorText, type CustomerRow, type OrderRow, type RowError } from '../imports/index.js';
import type { ImportApplied } from '../domain/imports.js';
import { withValue, type ActionHandler } from './action-values.js';
import type { IncomingFile, Outcome } from './bot-types.js';
import type { ChatContext } from './context.js';
import { ACTIONS } from './ids.js';
import { block, button, privateReply, type Block } from './reply.js';
import { literal } from './markup.js';

const ERRORS_SHOWN = 15;

interface BatchReport {
  total: number;
  good: number;
  creates: number;
  updates: number;
  errors: RowError[];
}

/** Row problems quote what the file holds; their sentences have no markup, so each is shown literally. */
function errorLines(ctx: ChatContext, errors: RowError[]): string[] {
  return errors.map((e) => `• ${literal(rowErrorText(e, ctx.locale))}`);
}

/** Every problem as a CSV file, when there are more than the message can list. */
function errorReport(ctx: ChatContext, fileName: string, errors: RowError[]) {
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = ['line,column,problem', ...errors.map((e) => [String(e.line), e.column ?? e.field ?? '', rowErrorText(e, ctx.locale)].map(cell).join(','))];
  return { filename: `${fileName.replace(/\.csv$/i, '')}-problems.csv`, title: ctx.t('import.report_title', { file: fileName }), mimeType: 'text/csv', content: `\uFEFF${rows.join('\r\n')}\r\n` };
}

export async function runImportFile(ctx: ChatContext, file: IncomingFile): Promise<Outcome> {
  if (file.size > MAX_IMPORT_BYTES) return { reply: privateReply(`⚠️ ${formatImportMessage('too_large', ctx.locale, { size: file.size, max: MAX_IMPORT_BYTES })}`) };
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch {
    return { reply: privateReply(`⚠️ ${ctx.t('import.download_failed', { file: literal(file.name) })}`) };
  }
  const read = readImportFile(bytes);
  if (!read.ok) return { reply: privateReply(`⚠️ ${literal(file.name)}: ${formatImportMessage(read.code, ctx.locale, read.params)}`) };
  const problems = columnProblems(read, ctx.locale);
  if (problems.length > 0) return { reply: privateReply(`⚠️ ${literal(file.name)}: ${literal(problems.join('; '))}. ${ctx.t('import.nothing_imported')}`) };
  const checked = await ctx.domain.imports.check(ctx.actor, read, ctx.timezone);
  const errors = checked.errors;
  const report: BatchReport = { total: read.total, good: checked.good.length, creates: checked.creates, updates: checked.updates, errors };
  const batch = await ctx.domain.imports.stage(ctx.actor, { id: randomUUID(), kind: read.kind, fileName: file.name.slice(0, 200), report: JSON.stringify({ ...report, errors: errors.length }), rows: JSON.stringify(checked.good) });
  const stored = read.kind === 'orders' && report.updates > 0 ? ` ${ctx.t('figures.import_orders_stored', { count: report.updates })}` : '';
  const title = ctx.t(`import.preview.${read.kind}`, { file: literal(file.name), total: report.total, good: report.good, bad: report.total - report.good, creates: report.creates, updates: report.updates }) + stored;
  const shown = errorLines(ctx, errors.slice(0, ERRORS_SHOWN));
  const more = errors.length > ERRORS_SHOWN ? [ctx.t('import.more_errors', { count: errors.length - ERRORS_SHOWN })] : [];
  const notices = read.unknownColumns.length ? [literal(formatImportMessage('unknown_columns', ctx.locale, { column: read.unknownColumns.join(', ') }))] : [];
  const blocks: Block[] = [block.section(`**${title}**`)];
  if (shown.length > 0) blocks.push(block.section([...shown, ...more].join('\n')));
  if (notices.length > 0) blocks.push(block.context(notices.join(' ')));
  blocks.push(
    report.good > 0
      ? block.actions(button(ACTIONS.importConfirm, ctx.t('import.confirm', { count: report.good }), batch.id, 'primary'), button(ACTIONS.importCancel, ctx.t('button.cancel'), batch.id))
      : block.context(ctx.t('import.nothing_imported')),
  );
  return {
    reply: { visibility: 'private', text: [title, ...shown, ...more].join('\n'), blocks },
    ...(errors.length > ERRORS_SHOWN ? { files: [errorReport(ctx, file.name, errors)] } : {}),
  };
}

function appliedText(ctx: ChatContext, kind: 'customers' | 'orders', fileName: string, applied: ImportApplied): string {
  return ctx.t(`import.done.${kind}`, { file: literal(fileName), created: applied.created, updated: applied.updated, skipped: applied.skipped, failed: applied.failed.length });
}

const batchId = z.uuid();

export const importActions: Record<string, ActionHandler> = {
  [ACTIONS.importConfirm]: withValue(batchId, async (ctx, id) => {
    const batch = await ctx.domain.imports.claim(ctx.actor, id, 'committed');
    const applied = await ctx.domain.imports.apply(ctx.actor, batch.kind, JSON.parse(batch.rows) as Array<CustomerRow | OrderRow>, ctx.timezone);
    const text = appliedText(ctx, batch.kind, batch.fileName, applied);
    const failures = errorLines(ctx, applied.failed.slice(0, ERRORS_SHOWN));
    return { reply: { ...privateReply(`✅ ${text}`, [block.section(`✅ ${text}`), ...(failures.length ? [block.section(failures.join('\n'))] : [])]), replaceOriginal: true } };
  }),
  [ACTIONS.importCancel]: withValue(batchId, async (ctx, id) => {
    await ctx.domain.imports.claim(ctx.actor, id, 'cancelled');
    return { reply: { ...privateReply(ctx.t('import.cancelled')), replaceOriginal: true } };
  }),
};
