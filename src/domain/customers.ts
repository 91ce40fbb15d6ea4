// Customer archive: create, find, list, edit — each checked against the policy and audited.
import { changedKeys, customerSnapshot, referencedUserIds } from './audit.js';
import { DomainError } from './errors.js';
import { nearMisses, wordsOfName } from './name-match.js';
import { decideGeneral, decideOnCustomer, mayReceiveFrom, visibility, type AccessContext, type CustomerAction, type GeneralAction, type Visibility } from './policy.js';
import type { CallbackSchedule } from './callback-schedule.js';
import type { Clock, CustomerChanges, Stores } from './ports.js';
import { CUSTOMER_NAME_MAX_LENGTH, type AuditEvent, type Callback, type ContactLog, type Customer, type CustomerFields, type LifecycleStage, type Page, type User } from './types.js';

export const CUSTOMER_PAGE_SIZE = 10;
/** How many of a customer's open callbacks its card lists (the rest are counted). */
export const CARD_CALLBACK_LIMIT = 5;
const READABLE_WHEN_ERASED: ReadonlySet<CustomerAction> = new Set(['customer.show', 'tier.show', 'audit.read', 'privacy.export', 'customer.reassign']);
const SEARCH_LIMIT = 8;
/** Near misses are looked for among this many of the actor's most recently active customers. */
const NEAR_MISS_POOL = 2000;
const NEAR_MISS_LIMIT = 5;

/** The normalised form of a name: the unique key and what searches compare. */
export function customerNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export type CustomerResolution =
  | { kind: 'found'; customer: Customer }
  /** `total`: how many match in all, when there are more than the candidates shown. */
  | { kind: 'ambiguous'; candidates: Customer[]; total?: number }
  /** Nothing matches; `suggestions` are near misses ("Acmee" → Acme Trading), closest first. */
  | { kind: 'none'; query: string; suggestions: Customer[] };

export interface NewCustomerInput extends Partial<CustomerFields> {
  name: string;
  ownerId?: number;
}

export interface CustomerEdit extends Partial<CustomerFields> {
  name?: string;
  cadenceDays?: number | null;
  ownerId?: number;
  lifecycleStage?: LifecycleStage;
  totalSpend?: number;
  orderCount?: number;
  lastOrderAt?: Date | null;
  /** The customer's shared conversation (polls go there) and the name to show for it. */
  channelId?: string | null;
  channelName?: string | null;
  channelPlatform?: string | null;
  language?: 'en' | 'zh' | null;
}

export interface CustomerCard {
  customer: Customer;
  owner: User | null;
  recentContacts: ContactLog[];
  /** Open callbacks, oldest due first: the first is the customer's next follow-up. */
  openCallbacks: { items: Callback[]; total: number };
  /** Days between this customer's contacts (what a cadence callback says). */
  cadenceDays: number;
  /** The owner, the contacts' authors and the callbacks' assignees. */
  people: Map<number, User>;
  /** Order totals per currency (never added across currencies: see currency.ts). */
  spendByCurrency: Array<{ currency: string; amount: number; orders: number }>;
}

/** A page of customers with each one's next follow-up (its first open callback, when it has one). */
export interface CustomerPage extends Page<Customer> {
  nextCallbacks: Map<number, Callback>;
}

export class CustomerService {
  constructor(
    private readonly stores: Stores,
    private readonly schedule: CallbackSchedule,
    private readonly clock: Clock,
  ) {}

  async accessFor(actor: User): Promise<AccessContext> {
    const [teamMemberIds, sharedCustomerIds] = await Promise.all([
      actor.role === 'manager' ? this.stores.users.teamMemberIds(actor.id) : Promise.resolve([]),
      this.stores.shares.customerIdsSharedWith(actor.id),
    ]);
    return { teamMemberIds: new Set(teamMemberIds), sharedCustomerIds: new Set(sharedCustomerIds) };
  }

  /** Which customers the actor may see in listings and searches. */
  async visibilityFor(actor: User): Promise<Visibility> {
    return visibility(actor, await this.accessFor(actor));
  }

  private async audit(actor: User, action: string, entityId: number, before?: unknown, after?: unknown) {
    await this.stores.audit.append({ actorId: actor.id, action, entityType: 'customer', entityId: String(entityId), before, after });
  }

  async requireGeneral(actor: User, action: GeneralAction): Promise<void> {
    const decision = decideGeneral(actor, action);
    if (!decision.allowed) {
      await this.stores.audit.append({ actorId: actor.id, action: 'access.denied', entityType: 'action', entityId: action, after: { reason: decision.reason } });
      throw new DomainError('permission.denied', { reason: decision.reason });
    }
  }

  /** Throws permission.denied (audited) unless the actor may act on this customer. */
  async requireOn(actor: User, action: CustomerAction, customer: Customer): Promise<void> {
    const decision = decideOnCustomer(actor, action, customer, await this.accessFor(actor));
    if (!decision.allowed) {
      await this.audit(actor, 'access.denied', customer.id, undefined, { attempted: action, reason: decision.reason });
      throw new DomainError('permission.denied', { reason: decision.reason });
    }
    // An erased customer is an anonymous aggregate: it can be looked at, not worked on.
    if (customer.erasedAt && !READABLE_WHEN_ERASED.has(action)) {
      throw new DomainError(action === 'privacy.erase' ? 'customer.already_erased' : 'customer.erased', { id: customer.id });
    }
  }

  /** Records a request whose payload failed verification (a forged or tampered button). */
  async recordForgedRequest(actor: User, attempted: string, value: string): Promise<void> {
    await this.stores.audit.append({ actorId: actor.id, action: 'access.denied', entityType: 'action', entityId: attempted, after: { reason: 'forged', value: value.slice(0, 200) } });
  }

  /** Refuses (audited) a recipient of a customer the actor may not hand customers to. */
  async requireRecipient(actor: User, recipient: User, customerId: number | null): Promise<void> {
    if (mayReceiveFrom(actor, recipient)) return;
    await this.stores.audit.append({
      actorId: actor.id,
      action: 'access.denied',
      entityType: customerId === null ? 'user' : 'customer',
      entityId: String(customerId ?? recipient.id),
      after: { attempted: 'assign', recipientId: recipient.id },
    });
    throw new DomainError('user.not_assignable');
  }

  /** Moves a customer to another owner (its open callbacks follow it: see callbacks). */
  async assign(actor: User, customerId: number, recipient: User): Promise<Customer> {
    const customer = await this.get(actor, customerId, 'customer.reassign');
    await this.requireRecipient(actor, recipient, customer.id);
    if (customer.ownerId === recipient.id) return customer;
    return this.stores.transaction(async (tx) => {
      const updated = await tx.customers.update(customer.id, { ownerId: recipient.id });
      await this.schedule.moveOpen(tx, { customerId: customer.id }, recipient);
      await tx.audit.append({ actorId: actor.id, action: 'customer.reassign', entityType: 'customer', entityId: String(customer.id), before: { ownerId: customer.ownerId }, after: { ownerId: recipient.id } });
      return updated;
    });
  }

  /** Lets another rep read and work on a customer; false when it was shared with them already. */
  async share(actor: User, customerId: number, withUser: User): Promise<{ customer: Customer; added: boolean }> {
    const customer = await this.get(actor, customerId, 'customer.share');
    if (withUser.id === customer.ownerId) throw new DomainError('share.owner');
    const added = await this.stores.shares.add(customer.id, withUser.id, actor.id);
    if (added) await this.audit(actor, 'customer.share', customer.id, undefined, { sharedWith: withUser.id });
    return { customer, added };
  }

  async unshare(actor: User, customerId: number, withUser: User): Promise<{ customer: Customer; removed: boolean }> {
    const customer = await this.get(actor, customerId, 'customer.share');
    const removed = await this.stores.shares.remove(customer.id, withUser.id);
    if (removed) await this.audit(actor, 'customer.unshare', customer.id, { sharedWith: withUser.id }, undefined);
    return { customer, removed };
  }

  /** Who changed what and when, newest first, with the people involved. */
  async auditTrail(actor: User, customerId: number, limit: number): Promise<{ customer: Customer; events: AuditEvent[]; people: Map<number, User> }> {
    const customer = await this.get(actor, customerId, 'audit.read');
    const events = await this.stores.audit.forEntity('customer', String(customer.id), limit);
    const people = await this.stores.users.findByIds(referencedUserIds(events));
    return { customer, events, people: new Map(people.map((u) => [u.id, u])) };
  }

  async add(actor: User, input: NewCustomerInput): Promise<Customer> {
    await this.requireGeneral(actor, 'customer.create');
    const name = validName(input.name);
    const ownerId = input.ownerId ?? actor.id;
    if (ownerId !== actor.id) {
      await this.requireGeneral(actor, 'customer.assign_other_owner');
      const recipient = await this.stores.users.findById(ownerId);
      if (!recipient) throw new DomainError('user.not_found');
      await this.requireRecipient(actor, recipient, null);
    }
    return this.stores.transaction(async (tx) => {
      const customer = await tx.customers.create({
        name,
        nameKey: customerNameKey(name),
        ownerId,
        company: input.company ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        industry: input.industry ?? null,
        region: input.region ?? null,
        tags: input.tags ?? [],
        createdAt: this.clock.now(),
      });
      await tx.audit.append({ actorId: actor.id, action: 'customer.create', entityType: 'customer', entityId: String(customer.id), after: customerSnapshot(customer) });
      await this.schedule.reschedule(tx, customer, null);
      return customer;
    });
  }

  /**
   * Finds a customer from what a user typed: `#12` or `12` is an id, anything else a name
   * (exact first, then a fragment among the customers the user may see). A customer found by id
   * or exact name is checked against the policy for `action` (denial throws, audited).
   */
  async resolve(actor: User, ref: string, action: CustomerAction): Promise<CustomerResolution> {
    const idMatch = /^#?(\d{1,9})$/.exec(ref.trim());
    if (idMatch) {
      const byId = await this.stores.customers.findById(Number(idMatch[1]));
      if (byId) return this.found(actor, action, byId);
    }
    const key = customerNameKey(ref);
    if (key === '') return { kind: 'none', query: ref, suggestions: [] };
    const exact = await this.stores.customers.findByNameKey(key);
    if (exact) return this.found(actor, action, exact);
    const visible = await this.visibilityFor(actor);
    const candidates = await this.stores.customers.searchByName(key, SEARCH_LIMIT, visible);
    if (candidates.length === 1 && candidates[0]) return this.found(actor, action, candidates[0]);
    if (candidates.length > 1) {
      // A full page may not be all of them: say how many there are, so the list is never cut in silence.
      const total = candidates.length === SEARCH_LIMIT ? await this.stores.customers.countByName(key, visible) : candidates.length;
      return total > candidates.length ? { kind: 'ambiguous', candidates, total } : { kind: 'ambiguous', candidates };
    }
    return { kind: 'none', query: ref, suggestions: await this.nearMisses(key, visible) };
  }

  /** Visible customers whose name is a typo away from the key (bounded: the most recently active). */
  private async nearMisses(key: string, visible: Visibility): Promise<Customer[]> {
    const names = await this.stores.customers.namesFor(visible, NEAR_MISS_POOL);
    const near = nearMisses(key, names, (c) => customerNameKey(c.name), NEAR_MISS_LIMIT);
    const found = await Promise.all(near.map((c) => this.stores.customers.findById(c.id)));
    return found.filter((c): c is Customer => c !== null);
  }

  private async found(actor: User, action: CustomerAction, customer: Customer): Promise<CustomerResolution> {
    await this.requireOn(actor, action, customer);
    return { kind: 'found', customer };
  }

  /**
   * The longest of these phrases that is a customer's whole name, or null: how a name with
   * spaces is read without quotes. Like resolve's exact match, permission is checked on use.
   */
  async longestKnownName(phrases: string[]): Promise<string | null> {
    const known = new Set(await this.stores.customers.existingNameKeys(phrases.map(customerNameKey)));
    const named = phrases.filter((p) => known.has(customerNameKey(p)));
    return named.sort((a, b) => customerNameKey(b).length - customerNameKey(a).length)[0] ?? null;
  }

  /**
   * The longest of these phrases (of several words) whose every word is in a visible customer's
   * name, or a typo of one, or null: how far a part of a name or a misspelt one runs without
   * quotes ("remind Blue Cedar tomorrow", "stage Blue Cedar Aparel active"). Resolved on use.
   */
  async longestNamePart(actor: User, phrases: string[]): Promise<string | null> {
    const names = (await this.stores.customers.namesFor(await this.visibilityFor(actor), NEAR_MISS_POOL)).map((c) => customerNameKey(c.name));
    const parts = phrases.filter((p) => names.some((name) => wordsOfName(customerNameKey(p), name)));
    return parts.sort((a, b) => customerNameKey(b).length - customerNameKey(a).length)[0] ?? null;
  }

  /** Search-as-you-type: only customers the actor may see. */
  async search(actor: User, fragment: string): Promise<Customer[]> {
    const access = await this.accessFor(actor);
    const key = customerNameKey(fragment);
    const idMatch = /^#?(\d{1,9})$/.exec(key);
    const results = await this.stores.customers.searchByName(key, 20, visibility(actor, access));
    if (idMatch) {
      const byId = await this.stores.customers.findById(Number(idMatch[1]));
      if (byId && decideOnCustomer(actor, 'customer.show', byId, access).allowed && !results.some((c) => c.id === byId.id)) results.unshift(byId);
    }
    return results;
  }

  /** Names to recognise in a sentence, among the given owners' customers. */
  async names(actor: User, limit: number): Promise<Array<{ id: number; name: string }>> {
    return this.stores.customers.namesFor(await this.visibilityFor(actor), limit);
  }

  async get(actor: User, id: number, action: CustomerAction = 'customer.show'): Promise<Customer> {
    const customer = await this.stores.customers.findById(id);
    if (!customer) throw new DomainError('customer.not_found', { query: `#${id}` });
    await this.requireOn(actor, action, customer);
    return customer;
  }

  async card(actor: User, id: number): Promise<CustomerCard> {
    const customer = await this.get(actor, id, 'customer.show');
    const [recentContacts, openCallbacks, spendByCurrency] = await Promise.all([
      this.stores.contacts.recentForCustomer(id, 5),
      this.stores.callbacks.listOpen({ customerId: id, offset: 0, limit: CARD_CALLBACK_LIMIT }),
      this.stores.value.spendByCurrency(id),
    ]);
    const users = await this.stores.users.findByIds([customer.ownerId, ...recentContacts.map((c) => c.authorId), ...openCallbacks.items.map((c) => c.assigneeId)]);
    const people = new Map(users.map((u) => [u.id, u]));
    return { customer, owner: people.get(customer.ownerId) ?? null, recentContacts, openCallbacks, cadenceDays: this.schedule.cadenceFor(customer), people, spendByCurrency };
  }

  async list(actor: User, options: { scope: 'mine' | 'all'; tag?: string; page: number }): Promise<CustomerPage> {
    await this.requireGeneral(actor, 'customer.list');
    const access = await this.accessFor(actor);
    // "mine" is what the actor works on: owned and shared with them; "all" is everything they may see.
    const scope: Visibility = options.scope === 'mine' ? { everything: false, ownerIds: [actor.id], customerIds: [...access.sharedCustomerIds] } : visibility(actor, access);
    const page = Math.max(1, options.page);
    const { items, total } = await this.stores.customers.list({
      visibility: scope,
      tag: options.tag,
      offset: (page - 1) * CUSTOMER_PAGE_SIZE,
      limit: CUSTOMER_PAGE_SIZE,
    });
    const nextCallbacks = await this.stores.callbacks.nextOpenOf(items.map((c) => c.id));
    return { items, total, page, pageSize: CUSTOMER_PAGE_SIZE, nextCallbacks };
  }

  async edit(actor: User, id: number, edit: CustomerEdit): Promise<Customer> {
    const current = await this.get(actor, id, 'customer.edit');
    if (edit.cadenceDays !== undefined && edit.cadenceDays !== current.cadenceDays) await this.requireOn(actor, 'callback.cadence', current);
    if (edit.ownerId !== undefined && edit.ownerId !== current.ownerId) {
      await this.requireOn(actor, 'customer.reassign', current);
      const recipient = await this.stores.users.findById(edit.ownerId);
      if (!recipient) throw new DomainError('user.not_found');
      await this.requireRecipient(actor, recipient, current.id);
    }
    const changes: CustomerChanges = { ...edit };
    if (edit.name !== undefined) {
      changes.name = validName(edit.name);
      changes.nameKey = customerNameKey(changes.name);
    }
    return this.stores.transaction(async (tx) => {
      const updated = await tx.customers.update(id, changes);
      if (updated.ownerId !== current.ownerId) {
        const owner = await tx.users.findById(updated.ownerId);
        if (!owner) throw new DomainError('user.not_found');
        await this.schedule.moveOpen(tx, { customerId: id }, owner);
      }
      if (updated.cadenceDays !== current.cadenceDays || updated.tier !== current.tier) {
        // A new cadence moves the next callback, unless a contact set an explicit date.
        const [latest] = await tx.contacts.recentForCustomer(id, 1);
        await this.schedule.reschedule(tx, updated, latest?.nextFollowUpAt ?? null);
      }
      const diff = changedKeys(customerSnapshot(current), customerSnapshot(updated));
      if (Object.keys(diff.after).length > 0) {
        await tx.audit.append({ actorId: actor.id, action: 'customer.edit', entityType: 'customer', entityId: String(id), before: diff.before, after: diff.after });
      }
      return updated;
    });
  }
}

function validName(raw: string): string {
  const name = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (name === '' || name.length > CUSTOMER_NAME_MAX_LENGTH || /^#?\d+$/.test(name)) {
    throw new DomainError('customer.name_invalid', { max: CUSTOMER_NAME_MAX_LENGTH });
  }
  return name;
}
