// One sweep of the callback scheduler: claim what is due (atomically, in the database), tell each
// rep — one message per callback, or one digest when many are due at once — and escalate what is
// overdue to the rep's manager. Safe to run on every replica at once: the claims decide who sends.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DeliveryError, deliveryErrorCode, type PlatformMessenger } from '../chat/bot-types.js';
import { callbackView } from '../chat/callback-commands.js';
import { managersView, viewContextFor, type ChatSettings } from '../chat/context.js';
import type { Reply } from '../chat/reply.js';
import { digestReply, escalationReply, reminderReply, type CallbackView } from '../chat/views/callbacks.js';
import type { Domain } from '../domain/index.js';
import type { Callback, User } from '../domain/types.js';
import type { Stores } from '../domain/ports.js';
import { atLocalTime, localDateKey } from '../domain/time.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SweepOptions {
  domain: Domain;
  stores: Stores;
  messengers: Readonly<Record<string, PlatformMessenger>>;
  settings: Pick<ChatSettings, 'defaultLocale' | 'managersLocale' | 'defaultTimezone' | 'tierNames'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Where escalations go for reps without a manager (a channel id on the rep's platform). */
  managersChannel?: string;
  /** How long a claim holds before another replica may take the work over. */
  leaseMs?: number;
  batchSize?: number;
}

export interface SweepResult {
  delivered: number;
  failed: number;
  escalated: number;
}

/** Waits after a failed send: what the platform asked for, else growing with the attempts. */
function retryDelayMs(error: unknown, attempts: number): number {
  if (error instanceof DeliveryError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const permanent = error instanceof DeliveryError && !error.retryable;
  return permanent ? 60 * 60 * 1000 : Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}


export function createCallbackSweep(options: SweepOptions) {
  const { domain, stores, messengers, logger } = options;
  const leaseMs = options.leaseMs ?? 2 * 60 * 1000;
  const batchSize = options.batchSize ?? 200;

  async function send(user: User, reply: Reply): Promise<string> {
    const messenger = messengers[user.platform];
    if (!messenger) throw new DeliveryError(`no_messenger_for_${user.platform}`, true);
    return (await messenger.sendDirect(user.externalId, reply)).ref;
  }

  async function teamOf(user: User): Promise<User[]> {
    if (user.role === 'rep') return [];
    return domain.team.members(user);
  }

  /** Delivers one person's claimed callbacks; marks or releases each under the claim token. */
  async function deliverTo(assignee: User, callbacks: Callback[], token: string, now: Date): Promise<{ delivered: number; failed: number }> {
    const ctx = viewContextFor(assignee, options.settings);
    const views: CallbackView[] = await Promise.all(callbacks.map((c) => callbackView({ domain }, c)));
    const messages: Array<{ reply: Reply; ids: number[] }> =
      views.length > domain.callbacks.schedule.settings.digestThreshold
        ? [{ reply: digestReply(ctx, views), ids: views.map((v) => v.callback.id) }]
        : await Promise.all(views.map(async (v) => ({ reply: reminderReply(ctx, v, await teamOf(assignee)), ids: [v.callback.id] })));
    let delivered = 0;
    let failed = 0;
    for (const message of messages) {
      try {
        const ref = await send(assignee, message.reply);
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
    const threshold = domain.callbacks.schedule.settings.digestThreshold;
    const timezone = assignee.timezone ?? options.settings.defaultTimezone;
    const endOfDay = atLocalTime(localDateKey(now, timezone), 23, 59, timezone);
    const later = (await stores.callbacks.listPendingOf(assignee.id, endOfDay)).filter((c) => !claimed.some((k) => k.id === c.id));
    if (claimed.length + later.length <= threshold || later.length === 0) return claimed;
    const extra = await stores.callbacks.claimIds(later.map((c) => c.id), now, { token, until: new Date(now.getTime() + leaseMs) });
    return [...claimed, ...extra];
  }

  async function deliverDue(now: Date): Promise<{ delivered: number; failed: number }> {
    const token = randomUUID();
    const claimed = await stores.callbacks.claimDue(now, { token, until: new Date(now.getTime() + leaseMs) }, batchSize);
    const byAssignee = new Map<number, Callback[]>();
    for (const c of claimed) byAssignee.set(c.assigneeId, [...(byAssignee.get(c.assigneeId) ?? []), c]);
    let delivered = 0;
    let failed = 0;
    for (const [assigneeId, callbacks] of byAssignee) {
      const assignee = await domain.users.byId(assigneeId);
      if (!assignee) continue;
      const result = await deliverTo(assignee, await withRestOfDay(assignee, callbacks, token, now), token, now);
      delivered += result.delivered;
      failed += result.failed;
    }
    return { delivered, failed };
  }

  async function escalate(now: Date): Promise<number> {
    const token = randomUUID();
    const days = domain.callbacks.schedule.settings.escalateAfterDays;
    const overdue = await stores.callbacks.claimEscalations(now, new Date(now.getTime() - days * DAY_MS), { token, until: new Date(now.getTime() + leaseMs) }, batchSize);
    let escalated = 0;
    for (const callback of overdue) {
      const rep = await domain.users.byId(callback.assigneeId);
      const manager = rep?.managerId ? await domain.users.byId(rep.managerId) : null;
      if (!rep) continue;
      // The manager reads it in their language; without one it goes to the managers' channel, in its language.
      const ctx = manager ? viewContextFor(manager, options.settings) : managersView(options.settings);
      const view = await callbackView({ domain }, callback);
      const daysOverdue = Math.floor((now.getTime() - callback.dueAt.getTime()) / DAY_MS);
      const reply = escalationReply(ctx, view, rep, daysOverdue, manager ? await teamOf(manager) : []);
      try {
        if (manager) await send(manager, reply);
        else if (options.managersChannel && messengers[rep.platform]) await messengers[rep.platform]!.sendToChannel(options.managersChannel, reply);
        // With neither a manager nor a managers' channel there is nobody to tell: it counts as done.
        if (await stores.callbacks.markEscalated(callback.id, token, now)) escalated++;
      } catch (error) {
        logger.warn({ callbackId: callback.id, error: deliveryErrorCode(error) }, 'escalation not delivered; will retry');
      }
    }
    return escalated;
  }

  return {
    /** One pass. Returns what this replica did. */
    async run(now: Date): Promise<SweepResult> {
      let delivered = 0;
      let failed = 0;
      // Keep claiming while full batches come back, so a backlog after downtime drains in one tick.
      for (;;) {
        const result = await deliverDue(now);
        delivered += result.delivered;
        failed += result.failed;
        if (result.delivered + result.failed < batchSize) break;
      }
      const escalated = await escalate(now);
      if (delivered + failed + escalated > 0) logger.info({ delivered, failed, escalated }, 'callback sweep');
      return { delivered, failed, escalated };
    },
  };
}
