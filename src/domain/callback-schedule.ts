// The rules that place each customer's next callback (cadence per tier, new customers, the owner's
// working hours). Customers and callbacks both use them, so they live apart from either service.
import { DomainError } from './errors.js';
import type { Stores } from './ports.js';
import type { Callback, CallbackReason, Customer, Tier, User } from './types.js';
import { nextWorkingInstant } from './working-hours.js';

export interface CallbackSettings {
  /** Days between contacts, per tier. */
  cadenceDays: Record<Tier, number>;
  /** A new customer's first callback: days after their first order (or creation). */
  newCustomerDays: number;
  /** Overdue by more than this many days → escalated once to the manager. */
  escalateAfterDays: number;
  /** More reminders than this for one person in one sweep → one digest instead. */
  digestThreshold: number;
  defaultTimezone: string;
}

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = {
  cadenceDays: { core: 14, potential: 30, general: 90 },
  newCustomerDays: 7,
  escalateAfterDays: 3,
  digestThreshold: 5,
  defaultTimezone: 'UTC',
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** Reasons the schedule itself computes; a new contact replaces them. One-offs stay. */
const SCHEDULED: readonly CallbackReason[] = ['next_date', 'cadence', 'new_customer'];

/** The rules that place each customer's next callback; used wherever a customer changes. */
export class CallbackSchedule {
  constructor(readonly settings: CallbackSettings) {}

  timezoneOf(user: User): string {
    return user.timezone ?? this.settings.defaultTimezone;
  }

  /** The days between contacts for this customer: its own override, else its tier's. */
  cadenceFor(customer: Pick<Customer, 'tier' | 'cadenceDays'>): number {
    // A tier without a cadence of its own (a new tier in the rules) gets the least frequent one.
    return customer.cadenceDays ?? this.settings.cadenceDays[customer.tier] ?? Math.max(...Object.values(this.settings.cadenceDays));
  }

  /**
   * The customer's next callback: the `next` date of the latest contact if one was given, else the
   * last contact + cadence; a customer never contacted gets the new-customer callback.
   */
  nextFor(customer: Customer, latestNext: Date | null): { dueAt: Date; reason: CallbackReason } {
    if (latestNext) return { dueAt: latestNext, reason: 'next_date' };
    if (customer.lastContactAt) return { dueAt: new Date(customer.lastContactAt.getTime() + this.cadenceFor(customer) * DAY_MS), reason: 'cadence' };
    const base = customer.lastOrderAt && customer.orderCount > 0 ? customer.lastOrderAt : customer.createdAt;
    return { dueAt: new Date(base.getTime() + this.settings.newCustomerDays * DAY_MS), reason: 'new_customer' };
  }

  /**
   * Open callbacks move to the new owner (of one customer, or all of a leaver's), and those not yet
   * delivered are timed for the new owner's working hours and timezone, not the old owner's.
   */
  async moveOpen(stores: Stores, from: { customerId: number } | { userId: number }, to: User): Promise<void> {
    if ('customerId' in from) await stores.callbacks.reassignOpenOfCustomer(from.customerId, to.id);
    else await stores.callbacks.reassignOpenOfUser(from.userId, to.id);
    for (const callback of await stores.callbacks.listPendingOf(to.id)) {
      if ('customerId' in from && callback.customerId !== from.customerId) continue;
      await stores.callbacks.retime(callback.id, nextWorkingInstant(callback.dueAt, to.workingHours, this.timezoneOf(to)));
    }
  }

  /** Replaces the customer's scheduled callback by the one its data calls for now. */
  async reschedule(stores: Stores, customer: Customer, latestNext: Date | null): Promise<Callback> {
    const owner = await stores.users.findById(customer.ownerId);
    if (!owner) throw new DomainError('user.not_found');
    await stores.callbacks.cancelOpen(customer.id, SCHEDULED);
    const { dueAt, reason } = this.nextFor(customer, latestNext);
    return stores.callbacks.schedule({
      customerId: customer.id,
      assigneeId: owner.id,
      reason,
      note: null,
      dueAt,
      deliverAt: nextWorkingInstant(dueAt, owner.workingHours, this.timezoneOf(owner)),
      occurrenceKey: `${customer.id}:${reason}:${dueAt.toISOString()}`,
    });
  }

}
