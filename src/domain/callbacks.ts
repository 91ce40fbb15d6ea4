// Callbacks (回访): when each customer is next to be called, one-off reminders, and what a rep
// does with a reminder (done, snooze, reassign). Delivery is the scheduler's (src/jobs).
import type { CustomerService } from './customers.js';
import { DomainError } from './errors.js';
import type { Clock, Stores } from './ports.js';
import { isBeforeToday } from './time.js';
import type { Callback, CallbackReason, ContactLog, Customer, Page, Tier, User } from './types.js';
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

export class CallbackService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
    readonly schedule: CallbackSchedule,
  ) {}

  private timezoneOf(user: User): string {
    return this.schedule.timezoneOf(user);
  }

  /** `/crm remind`: a one-off callback on top of the schedule. */
  async remind(actor: User, customerId: number, dueAt: Date, note: string | null): Promise<Callback> {
    const customer = await this.customers.get(actor, customerId, 'callback.remind');
    if (isBeforeToday(dueAt, this.clock.now(), this.timezoneOf(actor))) throw new DomainError('date.in_past');
    const owner = (await this.stores.users.findById(customer.ownerId)) ?? actor;
    const callback = await this.stores.callbacks.schedule({
      customerId: customer.id,
      assigneeId: owner.id,
      reason: 'one_off',
      note,
      dueAt,
      deliverAt: nextWorkingInstant(dueAt, owner.workingHours, this.timezoneOf(owner)),
      occurrenceKey: `${customer.id}:one_off:${dueAt.toISOString()}:${actor.id}:${this.clock.now().getTime()}`,
    });
    await this.stores.audit.append({ actorId: actor.id, action: 'callback.remind', entityType: 'customer', entityId: String(customer.id), after: { callbackId: callback.id, dueAt: dueAt.toISOString() } });
    return callback;
  }

  /** The customer's next follow-up: its first open callback, as cards and lists show it. */
  async nextOf(customerId: number): Promise<Callback | null> {
    return (await this.stores.callbacks.nextOpenOf([customerId])).get(customerId) ?? null;
  }

  /** What a reminder shows: the customer and the latest contact (no permission check: the scheduler's view). */
  async details(callback: Callback): Promise<{ customer: Customer; lastContact: ContactLog | null }> {
    const customer = await this.stores.customers.findById(callback.customerId);
    if (!customer) throw new DomainError('customer.not_found', { query: `#${callback.customerId}` });
    const [lastContact] = await this.stores.contacts.recentForCustomer(customer.id, 1);
    return { customer, lastContact: lastContact ?? null };
  }

  /** Open callbacks, oldest due first, for the people the actor may look at. */
  async due(actor: User, options: { assigneeIds?: number[]; overdue: boolean; page: number; pageSize: number }): Promise<Page<Callback>> {
    const page = Math.max(1, options.page);
    const { items, total } = await this.stores.callbacks.listOpen({
      ...(options.assigneeIds ? { assigneeIds: options.assigneeIds } : {}),
      ...(options.overdue ? { dueBefore: this.clock.now() } : {}),
      offset: (page - 1) * options.pageSize,
      limit: options.pageSize,
    });
    return { items, total, page, pageSize: options.pageSize };
  }

  /** Open callbacks of these people due before `before` (overdue and due today: the Home tab), oldest due first. */
  async dueBefore(options: { assigneeIds: number[]; before: Date; limit: number }): Promise<Page<Callback>> {
    const { items, total } = await this.stores.callbacks.listOpen({ assigneeIds: options.assigneeIds, dueBefore: options.before, offset: 0, limit: options.limit });
    return { items, total, page: 1, pageSize: options.limit };
  }

  /** An open callback the actor may work on, or null when it was handled already. */
  async open(actor: User, id: number): Promise<Callback | null> {
    const { callback } = await this.authorized(actor, id, 'callback.snooze');
    return callback.status === 'pending' || callback.status === 'sent' ? callback : null;
  }

  private async authorized(actor: User, id: number, action: 'callback.snooze' | 'customer.reassign'): Promise<{ callback: Callback; customer: Customer }> {
    const callback = await this.stores.callbacks.findById(id);
    if (!callback) throw new DomainError('callback.gone');
    const customer = await this.customers.get(actor, callback.customerId, action);
    return { callback, customer };
  }

  /** Done, once: a second click (or a stale message) gets null and changes nothing. */
  async complete(actor: User, id: number): Promise<{ callback: Callback | null; customer: Customer }> {
    const { customer } = await this.authorized(actor, id, 'callback.snooze');
    const callback = await this.stores.callbacks.complete(id, actor.id, this.clock.now());
    if (callback) await this.stores.audit.append({ actorId: actor.id, action: 'callback.done', entityType: 'customer', entityId: String(customer.id), after: { callbackId: id } });
    return { callback, customer };
  }

  async snooze(actor: User, id: number, until: Date): Promise<{ callback: Callback | null; customer: Customer }> {
    const { callback: current, customer } = await this.authorized(actor, id, 'callback.snooze');
    if (until.getTime() <= this.clock.now().getTime()) throw new DomainError('date.in_past');
    const assignee = (await this.stores.users.findById(current.assigneeId)) ?? actor;
    const callback = await this.stores.callbacks.reschedule(id, until, nextWorkingInstant(until, assignee.workingHours, this.timezoneOf(assignee)));
    if (callback) await this.stores.audit.append({ actorId: actor.id, action: 'callback.snooze', entityType: 'customer', entityId: String(customer.id), after: { callbackId: id, until: until.toISOString() } });
    return { callback, customer };
  }

  /** Reassigning a callback reassigns its customer: callbacks follow the owner. */
  async reassign(actor: User, id: number, recipient: User): Promise<Customer> {
    const { customer } = await this.authorized(actor, id, 'customer.reassign');
    return this.customers.assign(actor, customer.id, recipient);
  }
}
