// Privacy requests: everything stored about a customer, and its erasure. Erasure keeps the
// anonymous figures (value, counts, dates, contact channels) so reports stay correct.
import type { CustomerService } from './customers.js';
import type { Clock, Stores } from './ports.js';
import { CALLBACK_REASONS, type AuditEvent, type Callback, type ContactLog, type Customer, type Poll, type PollAnswer, type User } from './types.js';

export interface CustomerDossier {
  customer: Customer;
  owner: User | null;
  sharedWith: User[];
  contacts: ContactLog[];
  /** The next follow-up: the customer's first open callback. */
  nextCallback: Callback | null;
  polls: Array<{ poll: Poll; answers: PollAnswer[] }>;
  audit: AuditEvent[];
  exportedAt: Date;
}

/** What an erased customer is stored as (for matching); the chat shows a placeholder in the reader's language (chat/markup.ts customerName). */
export function pseudonymFor(customerId: number): { name: string; nameKey: string } {
  return { name: `Erased customer #${customerId}`, nameKey: `erased:${customerId}` };
}

export class PrivacyService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
  ) {}

  async export(actor: User, customerId: number): Promise<CustomerDossier> {
    const customer = await this.customers.get(actor, customerId, 'privacy.export');
    const [contacts, polls, audit, sharedIds, next] = await Promise.all([
      this.stores.contacts.allForCustomer(customer.id),
      this.stores.polls.allForCustomer(customer.id),
      this.stores.audit.forEntity('customer', String(customer.id), 10_000),
      this.stores.shares.userIdsFor(customer.id),
      this.stores.callbacks.nextOpenOf([customer.id]),
    ]);
    const people = await this.stores.users.findByIds([customer.ownerId, ...sharedIds]);
    await this.stores.audit.append({ actorId: actor.id, action: 'privacy.export', entityType: 'customer', entityId: String(customer.id) });
    return {
      customer,
      owner: people.find((u) => u.id === customer.ownerId) ?? null,
      sharedWith: people.filter((u) => sharedIds.includes(u.id)),
      contacts,
      nextCallback: next.get(customer.id) ?? null,
      polls,
      audit,
      exportedAt: this.clock.now(),
    };
  }

  /** Checks that the actor may erase, without erasing: the confirmation step asks this first. */
  async prepareErase(actor: User, customerId: number): Promise<Customer> {
    return this.customers.get(actor, customerId, 'privacy.erase');
  }

  async erase(actor: User, customerId: number): Promise<Customer> {
    const customer = await this.customers.get(actor, customerId, 'privacy.erase');
    return this.stores.transaction(async (tx) => {
      const erased = await tx.customers.erase(customer.id, pseudonymFor(customer.id), this.clock.now());
      const redacted = await tx.contacts.redactForCustomer(customer.id);
      // Poll scores stay (they are figures); who answered and what they wrote go.
      const answersRedacted = await tx.polls.redactForCustomer(customer.id);
      await tx.drafts.deleteForCustomer(customer.id);
      await tx.shares.removeAllFor(customer.id);
      // Nobody is to call an erased customer again.
      await tx.callbacks.cancelOpen(customer.id, CALLBACK_REASONS);
      // The audit trail keeps its rows; the customer's key goes, and with it every sealed value.
      await tx.audit.forgetCustomer(customer.id);
      await tx.audit.append({ actorId: actor.id, action: 'privacy.erase', entityType: 'customer', entityId: String(customer.id), after: { contactsRedacted: redacted, pollAnswersRedacted: answersRedacted } });
      return erased;
    });
  }
}
