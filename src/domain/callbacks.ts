// Callbacks (回访): when each customer is next to be called, one-off reminders, and what a rep
// does with a reminder (done, snooze, reassign). Delivery is the scheduler's (src/jobs).
import type { CallbackSchedule } from './callback-schedule.js';
import type { CustomerService } from './customers.js';
import { DomainError } from './errors.js';
import type { Clock, Stores } from './ports.js';
import { isBeforeToday } from './time.js';
import type { Callback, ContactLog, Customer, Page, User } from './types.js';
import { nextWorkingInstant } from './working-hours.js';

export { CallbackSchedule, DEFAULT_CALLBACK_SETTINGS, type CallbackSettings } from './callback-schedule.js';

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
