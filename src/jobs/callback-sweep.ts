// One sweep of the callback scheduler: claim what is due (atomically, in the database), tell each
// rep — one message per callback, or one digest when many are due at once — and escalate what is
// overdue to the rep's manager, the same way (one message each, or one digest past the threshold).
// Nothing goes out outside its reader's working hours, however late the sweep runs: a callback
// claimed then is re-timed to the next working instant, unsent. Safe to run on every replica at
// once: the claims decide who sends.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DeliveryError, deliveryErrorCode, type PlatformMessenger } from '../chat/bot-types.js';
import { managersView, viewContextFor, type ChatSettings, type ViewContext } from '../chat/context.js';
import { addressOf, createOutboundRouter, type ChannelAddress, type OutboundRouter } from '../chat/outbound.js';
import type { Reply } from '../chat/reply.js';
import { callbackView, digestReply, escalationDigestReply, escalationReply, reminderReply, type CallbackView, type OverdueView } from '../chat/views/callbacks.js';
import type { Domain } from '../domain/index.js';
import type { Callback, User } from '../domain/types.js';
import type { Stores } from '../domain/ports.js';
import { atLocalTime, localDateKey } from '../domain/time.js';
import { nextWorkingInstant } from '../domain/working-hours.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SweepOptions {
  domain: Domain;
  stores: Stores;
  /** The one way out (chat/outbound.ts); without it, one over `messengers` (tests of the sweep alone). */
  outbound?: OutboundRouter;
  messengers?: Readonly<Record<string, PlatformMessenger>>;
  settings: Pick<ChatSettings, 'defaultLocale' | 'managersLocale' | 'defaultTimezone' | 'tierNames'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** How long a claim holds before another replica may take the work over. */
  leaseMs?: number;
  batchSize?: number;
}

export interface SweepResult {
  delivered: number;
  failed: number;
  escalated: number;
  /** Claimed outside the assignee's working hours: re-timed, not sent. */
  deferred: number;
}

/** Messages for some callbacks: which callbacks each one carries. */
interface Message {
  reply: Reply;
  ids: number[];
}

/**
 * One message per callback, or — more than `threshold` of them — one digest for all: a rep's
 * reminders and a manager's escalations alike.
 */
function messagesFor<T extends { callback: Callback }>(items: T[], threshold: number, single: (item: T) => Reply, digest: (items: T[]) => Reply): Message[] {
  if (items.length > threshold) return [{ reply: digest(items), ids: items.map((i) => i.callback.id) }];
  return items.map((item) => ({ reply: single(item), ids: [item.callback.id] }));
}

/** The group of `key` in `groups`, made with `create` the first time. */
function groupIn<K, G>(groups: Map<K, G>, key: K, create: () => G): G {
  let group = groups.get(key);
  if (group === undefined) groups.set(key, (group = create()));
  return group;
}

/** Waits after a failed send: what the platform asked for, else growing with the attempts. */
function retryDelayMs(error: unknown, attempts: number): number {
  if (error instanceof DeliveryError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const permanent = error instanceof DeliveryError && !error.retryable;
  return permanent ? 60 * 60 * 1000 : Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}


export function createCallbackSweep(options: SweepOptions) {
  const { domain, stores, logger } = options;
  const outbound = options.outbound ?? createOutboundRouter({ messengers: options.messengers ?? {}, store: stores.outbound, clock: domain.clock, logger });
  const leaseMs = options.leaseMs ?? 2 * 60 * 1000;
  const batchSize = options.batchSize ?? 200;
  const settings = domain.callbacks.schedule.settings;

  async function send(what: string, user: User, reply: Reply): Promise<string> {
    return (await outbound.send(what, { user }, reply)).ref;
  }

  async function teamOf(user: User): Promise<User[]> {
    if (user.role === 'rep') return [];
    return domain.team.members(user);
  }

  /** `now` when it is inside the person's working hours, else the next instant that is. */
  function workingFrom(user: User, now: Date): Date {
    return nextWorkingInstant(now, user.workingHours, domain.callbacks.schedule.timezoneOf(user));
  }

  /** Delivers one person's claimed callbacks; marks or releases each under the claim token. */
  async function deliverTo(assignee: User, callbacks: Callback[], token: string, now: Date): Promise<{ delivered: number; failed: number }> {
    const ctx = viewContextFor(assignee, options.settings);
    const views: CallbackView[] = await Promise.all(callbacks.map((c) => callbackView({ domain }, c)));
    const team = await teamOf(assignee);
    const messages = messagesFor(views, settings.digestThreshold, (v) => reminderReply(ctx, v, team), (vs) => digestReply(ctx, vs));
    let delivered = 0;
    let failed = 0;
    for (const message of messages) {
      try {
        const ref = await send('callback.reminder', assignee, message.reply);
        for (const id of message.ids) if (await stores.callbacks.markSent(id, token, now, ref)) delivered++;
      } catch (error) {
        failed += message.ids.length;
        for (const id of message.ids) {
          const attempts = callbacks.find((c) => c.id === id)?.attempts ?? 1;
          await stores.callbacks.release(id, token, new Date(now.getTime() + retryDelayMs(error, attempts)), deliveryErrorCode(error));
        }
        logger.warn({ assigneeId: assignee.id, callbacks: message.ids, error: deliveryErrorCode(error) }, 'callback reminder not delivered; will retry');
      }
    }
    return { delivered, failed };
  }

  /**
   * When a rep has more callbacks today than the digest threshold, the rest of the day's come along
   * now: one morning digest instead of a ping every hour.
   */
  async function withRestOfDay(assignee: User, claimed: Callback[], token: string, now: Date): Promise<Callback[]> {
    const timezone = assignee.timezone ?? options.settings.defaultTimezone;
    const endOfDay = atLocalTime(localDateKey(now, timezone), 23, 59, timezone);
    const later = (await stores.callbacks.listPendingOf(assignee.id, endOfDay)).filter((c) => !claimed.some((k) => k.id === c.id));
    if (claimed.length + later.length <= settings.digestThreshold || later.length === 0) return claimed;
    const extra = await stores.callbacks.claimIds(later.map((c) => c.id), now, { token, until: new Date(now.getTime() + leaseMs) });
    return [...claimed, ...extra];
  }

  async function deliverDue(now: Date): Promise<{ delivered: number; failed: number; deferred: number }> {
    const token = randomUUID();
    const claimed = await stores.callbacks.claimDue(now, { token, until: new Date(now.getTime() + leaseMs) }, batchSize);
    const byAssignee = new Map<number, Callback[]>();
    for (const c of claimed) groupIn(byAssignee, c.assigneeId, (): Callback[] => []).push(c);
    let delivered = 0;
    let failed = 0;
    let deferred = 0;
    for (const [assigneeId, callbacks] of byAssignee) {
      const assignee = await domain.users.byId(assigneeId);
      if (!assignee) continue;
      // Due in working hours is not enough: a late sweep (downtime, a backlog) must not ping anyone
      // at night or on a day off. Still under our claim, each goes back for the next working instant.
      const opensAt = workingFrom(assignee, now);
      if (opensAt.getTime() > now.getTime()) {
        for (const c of callbacks) if (await stores.callbacks.deferClaimed(c.id, token, opensAt)) deferred++;
        continue;
      }
      const result = await deliverTo(assignee, await withRestOfDay(assignee, callbacks, token, now), token, now);
      delivered += result.delivered;
      failed += result.failed;
    }
    return { delivered, failed, deferred };
  }

  /** Sends a reader's escalations (one each, or one digest, in `ctx`'s language) and marks what went out. */
  async function escalateTo(ctx: ViewContext, items: OverdueView[], sendReply: (reply: Reply) => Promise<unknown>, token: string, now: Date, team: User[]): Promise<number> {
    const messages = messagesFor(items, settings.digestThreshold, (i) => escalationReply(ctx, i, i.rep, i.daysOverdue, team), (is) => escalationDigestReply(ctx, is));
    let escalated = 0;
    for (const message of messages) {
      try {
        await sendReply(message.reply);
        for (const id of message.ids) if (await stores.callbacks.markEscalated(id, token, now)) escalated++;
      } catch (error) {
        // The lease runs out and a later sweep tries again.
        logger.warn({ callbacks: message.ids, error: deliveryErrorCode(error) }, 'escalation not delivered; will retry');
      }
    }
    return escalated;
  }

  async function escalate(now: Date): Promise<number> {
    const token = randomUUID();
    const overdue = await stores.callbacks.claimEscalations(now, new Date(now.getTime() - settings.escalateAfterDays * DAY_MS), { token, until: new Date(now.getTime() + leaseMs) }, batchSize);
    // Grouped by who reads them: a rep's manager gets one digest of the team's, not a card each.
    const toManager = new Map<number, { manager: User; items: OverdueView[] }>();
    const toChannel = new Map<string, { channel: ChannelAddress; items: OverdueView[] }>();
    let escalated = 0;
    for (const callback of overdue) {
      const rep = await domain.users.byId(callback.assigneeId);
      if (!rep) continue;
      const manager = rep.managerId ? await domain.users.byId(rep.managerId) : null;
      const item: OverdueView = { ...(await callbackView({ domain }, callback)), rep, daysOverdue: Math.floor((now.getTime() - callback.dueAt.getTime()) / DAY_MS) };
      if (manager) {
        groupIn(toManager, manager.id, () => ({ manager, items: [] })).items.push(item);
        continue;
      }
      // Without a manager: the managers' channel of the rep's platform, else another one.
      const channel = outbound.managersChannel(addressOf(rep)?.platform);
      if (channel) {
        groupIn(toChannel, `${channel.platform}:${channel.channelId}`, () => ({ channel, items: [] })).items.push(item);
      } else if (await stores.callbacks.markEscalated(callback.id, token, now)) {
        // Nobody to tell: recorded as undeliverable, and done (it would find nobody tomorrow either).
        await outbound.recordUndeliverable('callback.escalation', { nowhere: `managers-of:user:${rep.id}` }, 'no_managers_channel');
        escalated++;
      }
    }
    for (const { manager, items } of toManager.values()) {
      const opensAt = workingFrom(manager, now);
      if (opensAt.getTime() > now.getTime()) {
        // Not at night either: the escalation waits, claimed, until the manager's day starts.
        for (const item of items) await stores.callbacks.holdEscalation(item.callback.id, opensAt);
        continue;
      }
      escalated += await escalateTo(viewContextFor(manager, options.settings), items, (reply) => send('callback.escalation', manager, reply), token, now, await teamOf(manager));
    }
    for (const { channel, items } of toChannel.values()) {
      // In the channel's language.
      escalated += await escalateTo(managersView(options.settings), items, (reply) => outbound.send('callback.escalation', { channel }, reply), token, now, []);
    }
    return escalated;
  }

  return {
    /** One pass. Returns what this replica did. */
    async run(now: Date): Promise<SweepResult> {
      let delivered = 0;
      let failed = 0;
      let deferred = 0;
      // Keep claiming while full batches come back, so a backlog after downtime drains in one tick.
      for (;;) {
        const result = await deliverDue(now);
        delivered += result.delivered;
        failed += result.failed;
        deferred += result.deferred;
        if (result.delivered + result.failed + result.deferred < batchSize) break;
      }
      const escalated = await escalate(now);
      if (delivered + failed + escalated + deferred > 0) logger.info({ delivered, failed, escalated, deferred }, 'callback sweep');
      return { delivered, failed, escalated, deferred };
    },
  };
}
