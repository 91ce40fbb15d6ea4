// Contact logging: a call, visit or message with a customer, and the follow-up it sets.
import type { CallbackSchedule } from './callback-schedule.js';
import type { CustomerService } from './customers.js';
import { DomainError, DuplicateRequestError } from './errors.js';
import type { Clock, Stores } from './ports.js';
import { isBeforeToday } from './time.js';
import { SUMMARY_MAX_LENGTH, type Callback, type ContactChannel, type ContactLog, type ContactOutcome, type ContactSource, type Customer, type User } from './types.js';

export interface LogContactInput {
  customerId: number;
  channel: ContactChannel;
  summary: string;
  outcome?: ContactOutcome | null;
  nextFollowUpAt?: Date | null;
  source: ContactSource;
  /** The platform delivery that asked for it: a retry of the same delivery logs nothing. */
  requestKey?: string;
}

export interface LoggedContact {
  log: ContactLog | null;
  customer: Customer;
  /** The customer's next follow-up after this log: its first open callback (null on a duplicate). */
  nextCallback: Callback | null;
  /** True when this delivery had been logged already. */
  duplicate: boolean;
}

export class ContactService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
    private readonly schedule: CallbackSchedule,
  ) {}

  /** Checks what a log would be refused for, without writing: forms use it to show errors. */
  validate(input: Pick<LogContactInput, 'summary' | 'nextFollowUpAt'>, timezone: string): void {
    const summary = input.summary.trim();
    if (summary === '') throw new DomainError('contact.summary_empty');
    if (summary.length > SUMMARY_MAX_LENGTH) throw new DomainError('contact.summary_too_long', { max: SUMMARY_MAX_LENGTH, length: summary.length });
    if (input.nextFollowUpAt && isBeforeToday(input.nextFollowUpAt, this.clock.now(), timezone)) {
      throw new DomainError('date.in_past');
    }
  }

  async log(actor: User, input: LogContactInput, timezone: string): Promise<LoggedContact> {
    this.validate(input, timezone);
    const customer = await this.customers.get(actor, input.customerId, 'contact.log');
    const now = this.clock.now();
    try {
      return await this.stores.transaction(async (tx) => {
        const log = await tx.contacts.create({
          customerId: customer.id,
          authorId: actor.id,
          channel: input.channel,
          summary: input.summary.trim(),
          outcome: input.outcome ?? null,
          occurredAt: now,
          nextFollowUpAt: input.nextFollowUpAt ?? null,
          source: input.source,
          requestKey: input.requestKey ?? null,
        });
        // The latest contact decides the next scheduled callback: its own date, or the tier cadence.
        const updated = await tx.customers.update(customer.id, { lastContactAt: now });
        await this.schedule.reschedule(tx, updated, log.nextFollowUpAt);
        // A win-back call (挽回) asked for contact: this contact is it.
        const { items: open } = await tx.callbacks.listOpen({ customerId: customer.id, offset: 0, limit: 20 });
        for (const callback of open.filter((c) => c.reason === 'win_back')) await tx.callbacks.complete(callback.id, actor.id, now);
        await tx.audit.append({
          actorId: actor.id,
          action: 'contact.log',
          entityType: 'customer',
          entityId: String(customer.id),
          after: { contactId: log.id, channel: log.channel, source: log.source, nextFollowUpAt: log.nextFollowUpAt?.toISOString() ?? null },
        });
        const nextCallback = (await tx.callbacks.nextOpenOf([customer.id])).get(customer.id) ?? null;
        return { log, customer: updated, nextCallback, duplicate: false };
      });
    } catch (error) {
      // The whole transaction rolled back: a retried delivery leaves exactly the first log.
      if (error instanceof DuplicateRequestError) return { log: null, customer, nextCallback: null, duplicate: true };
      throw error;
    }
  }

  recent(customerId: number, limit: number): Promise<ContactLog[]> {
    return this.stores.contacts.recentForCustomer(customerId, limit);
  }
}
