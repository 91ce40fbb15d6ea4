// `/crm remind`, `/crm due`, `/crm settings`: callbacks (回访) from the rep's side.
import { DomainError } from '../domain/errors.js';
import type { User } from '../domain/types.js';
import type { Outcome } from './bot-types.js';
import type { ChatContext, ViewContext } from './context.js';
import { withCustomer } from './customer-ref.js';
import { formatMoment, personName } from './format.js';
import type { Command } from './grammar.js';
import { resolveMention } from './mentions.js';
import { privateReply } from './reply.js';
import { dateProblemText, firstDateProblem } from './date-replies.js';
import { parseWhen, type DateProblem } from './text/dates.js';
import { tokenize } from './text/tokenize.js';
import { callbackView, dueListReply } from './views/callbacks.js';
import { customerName } from './markup.js';

type CallbackCommand = Extract<Command, { kind: 'remind' | 'due' | 'settings.show' | 'settings.hours' }>;

const DUE_PAGE_SIZE = 10;

export async function runCallbackCommand(ctx: ChatContext, command: CallbackCommand): Promise<Outcome> {
  switch (command.kind) {
    case 'remind':
      return remind(ctx, command.ref, command.rest);
    case 'due':
      return due(ctx, command);
    case 'settings.show':
      return { reply: privateReply(hoursText(ctx, ctx.actor, 'settings.show')) };
    case 'settings.hours': {
      const updated = await ctx.domain.users.setWorkingHours(ctx.actor, { start: command.start, end: command.end }, command.timezone);
      return { reply: privateReply(`✅ ${hoursText({ ...ctx, timezone: updated.timezone ?? ctx.timezone }, updated, 'settings.updated')}`) };
    }
  }
}

function hoursText(ctx: ViewContext, user: User, key: 'settings.show' | 'settings.updated'): string {
  const names = new Intl.DateTimeFormat(ctx.locale === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday: ISO weekday n is that date + n - 1.
  const days = user.workingHours.days.map((d) => names.format(new Date(Date.UTC(2024, 0, d)))).join(ctx.locale === 'zh' ? '、' : ', ');
  return ctx.t(key, { days, start: user.workingHours.start, end: user.workingHours.end, timezone: ctx.timezone });
}

/** The longest leading run of words that reads as a date is the date; the rest is the note. */
function splitDateAndNote(ctx: ChatContext, rest: string): { ok: true; date: Date; note: string | null } | DateProblem {
  const tokenized = tokenize(rest);
  if (!tokenized.ok) return { ok: false, code: 'unparseable' };
  const tokens = tokenized.tokens;
  const problems: DateProblem[] = [];
  for (let count = tokens.length; count >= 1; count--) {
    const end = tokens[count - 1]!.end;
    const when = parseWhen(rest.slice(0, end), { now: ctx.now, timezone: ctx.timezone, locale: ctx.locale });
    if (when.ok) {
      const note = rest.slice(end).trim();
      return { ok: true, date: when.date, note: note === '' ? null : note.slice(0, 500) };
    }
    problems.push(when);
  }
  return firstDateProblem(problems);
}

async function remind(ctx: ChatContext, ref: string, rest: string): Promise<Outcome> {
  const parsed = splitDateAndNote(ctx, rest);
  if (!parsed.ok) return { reply: privateReply(`⚠️ ${dateProblemText(ctx, parsed, rest)}`) };
  return withCustomer(ctx, ref, 'callback.remind', { rerun: (id) => `remind #${id} ${rest}` }, async (customer) => {
    const callback = await ctx.domain.callbacks.remind(ctx.actor, customer.id, parsed.date, parsed.note);
    const assignee = await ctx.domain.users.byId(callback.assigneeId);
    return { reply: privateReply(`✅ ${ctx.t('remind.done', { user: personName(assignee), customer: customerName(ctx, customer), when: formatMoment(ctx, callback.deliverAt) })}`) };
  });
}

async function due(ctx: ChatContext, command: Extract<Command, { kind: 'due' }>): Promise<Outcome> {
  const { actor, domain } = ctx;
  let assigneeIds: number[] | undefined = [actor.id];
  let scope = ctx.t('scope.mine');
  if (command.scope === 'team') {
    // A rep asking for the team gets their own; a manager their team and themselves; an admin everyone.
    if (actor.role === 'manager') assigneeIds = [actor.id, ...(await domain.users.teamMemberIds(actor.id))];
    if (actor.role === 'admin') assigneeIds = undefined;
    scope = ctx.t(actor.role === 'rep' ? 'scope.mine' : 'scope.team');
  } else if (command.scope !== 'mine') {
    const person = await resolveMention(ctx, command.scope.user, { mustExist: true });
    const allowed = actor.role === 'admin' || person.id === actor.id || (actor.role === 'manager' && person.managerId === actor.id);
    if (!allowed) throw new DomainError('permission.denied', { reason: 'not_team_member' });
    assigneeIds = [person.id];
    scope = personName(person);
  }
  const page = await domain.callbacks.due(actor, { ...(assigneeIds ? { assigneeIds } : {}), overdue: command.overdue, page: command.page, pageSize: DUE_PAGE_SIZE });
  const views = await Promise.all(page.items.map(async (callback) => ({ ...(await callbackView(ctx, callback)), assignee: await domain.users.byId(callback.assigneeId) })));
  const title = ctx.t(command.overdue ? 'due.title_overdue' : 'due.title', { scope, total: page.total });
  // Paging buttons re-run the same list (a colleague's list is paged by typing page=N).
  const scopeWord = command.scope === 'mine' || command.scope === 'team' ? command.scope : null;
  const pageCommand = scopeWord ? (p: number) => `due ${scopeWord}${command.overdue ? ' overdue' : ''} page=${p}` : undefined;
  return { reply: dueListReply(ctx, { ...page, items: views }, title, pageCommand) };
}
