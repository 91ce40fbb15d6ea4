// CSV imports against the database: rows already read and validated by src/imports are checked
// for what only the database knows (owners, customers, permissions, orders seen before), then —
// once the user confirms the good rows — applied, and the customers touched are rescored.
import type { CustomerRow, ImportValidation, OrderRow, RowError } from '../imports/index.js';
import type { CustomerService } from './customers.js';
import { customerNameKey } from './customers.js';
import { PEOPLE_DIRECTORY_LIMIT, peopleNamed } from './users.js';
import { DomainError, isDomainError } from './errors.js';
import { sameOrder, type OrderInput, type StoredOrder } from './orders-types.js';
import { decideGeneral, decideOnCustomer, mayReceiveFrom, type AccessContext } from './policy.js';
import type { Clock, ImportBatchRow, Stores } from './ports.js';
import { atLocalTime } from './time.js';
import type { TierService } from './tiers.js';
import type { Customer, User } from './types.js';

export interface CheckedRows<R> {
  good: R[];
  errors: RowError[];
  /** Customers: rows that create a customer and rows that update one; orders: rows already stored. */
  creates: number;
  updates: number;
}

/** Stored orders looked up per statement: well below both providers' parameter limits. */
const LOOKUP_BATCH = 500;

export interface ImportApplied {
  created: number;
  updated: number;
  skipped: number;
  failed: RowError[];
}

/** A person named in an owner column as in a command (platform id, @name, display name): the one it means, or null. */
function ownerNamed(text: string, people: ReadonlyArray<User>): User | null {
  const named = peopleNamed(text, people);
  return named.people.length === 1 && !named.nearMiss ? named.people[0]! : null;
}

export class ImportService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly tiers: TierService,
    private readonly clock: Clock,
  ) {}

  /** The people an owner column may name: those of the actor's platforms, read once per file. */
  private async directory(actor: User): Promise<User[]> {
    const lists = await Promise.all(actor.accounts.map((a) => this.stores.users.listByPlatform(a.platform, PEOPLE_DIRECTORY_LIMIT)));
    return [...new Map(lists.flat().map((u) => [u.id, u])).values()];
  }

  /**
   * A validated file checked against the database: its good rows, and every problem by line —
   * everything applying it would refuse, so the preview holds no surprise. Dates without a zone
   * are in `timezone`, as for apply.
   */
  async check(actor: User, file: ImportValidation, timezone: string): Promise<CheckedRows<CustomerRow | OrderRow>> {
    const checked = file.kind === 'customers' ? await this.checkCustomers(actor, file.rows) : await this.checkOrders(file.rows, timezone);
    return { ...checked, errors: [...file.errors, ...checked.errors].sort((a, b) => a.line - b.line) };
  }

  /** Imports the good rows of a check, as the actor; dates without a zone are in `timezone`. */
  apply(actor: User, kind: 'customers' | 'orders', rows: Array<CustomerRow | OrderRow>, timezone: string): Promise<ImportApplied> {
    return kind === 'customers' ? this.applyCustomers(actor, rows as CustomerRow[], timezone) : this.applyOrders(rows as OrderRow[], timezone);
  }

  async checkCustomers(actor: User, rows: CustomerRow[]): Promise<CheckedRows<CustomerRow>> {
    const result: CheckedRows<CustomerRow> = { good: [], errors: [], creates: 0, updates: 0 };
    const access = await this.customers.accessFor(actor);
    const people = await this.directory(actor);
    for (const row of rows) {
      const owner = row.owner ? ownerNamed(row.owner, people) : null;
      if (row.owner && !owner) {
        result.errors.push({ line: row.line, field: 'owner', code: 'unknown_owner', value: row.owner.slice(0, 80) });
        continue;
      }
      const existing = await this.stores.customers.findByNameKey(customerNameKey(row.name));
      const refused = refusedField(actor, access, existing, owner);
      if (refused) {
        // The sentence the commit would give (applyCustomers): the customer is named.
        result.errors.push({ line: row.line, field: refused, code: 'not_allowed', value: row.name.slice(0, 80) });
        continue;
      }
      result.good.push(row);
      if (existing) result.updates++;
      else result.creates++;
    }
    return result;
  }

  /** Customers must exist; an order id stored before must carry the same figures (then it is skipped). */
  async checkOrders(rows: OrderRow[], timezone: string): Promise<CheckedRows<OrderRow>> {
    const result: CheckedRows<OrderRow> = { good: [], errors: [], creates: 0, updates: 0 };
    const stored = new Map<string, StoredOrder>();
    for (let i = 0; i < rows.length; i += LOOKUP_BATCH) {
      const ids = rows.slice(i, i + LOOKUP_BATCH).map((r) => r.orderId);
      for (const order of await this.stores.value.storedOrders(ids, this.tiers.currency)) stored.set(order.orderId, order);
    }
    for (const row of rows) {
      const customer = await this.tiers.findCustomer(row.customer);
      if (!customer) {
        result.errors.push({ line: row.line, field: 'customer', code: 'customer_not_found', value: row.customer.slice(0, 80) });
        continue;
      }
      const before = stored.get(row.orderId);
      if (before) {
        const order = orderInput(row, timezone);
        if (!sameOrder(before, { orderId: order.orderId, customerId: customer.id, amount: order.amount, currency: order.currency ?? this.tiers.currency, orderedAt: order.orderedAt })) {
          result.errors.push({ line: row.line, field: 'order_id', code: 'order_conflict', value: row.orderId });
          continue;
        }
      }
      result.good.push(row);
      // Orders: `updates` are the rows stored already, which the import skips.
      if (before) result.updates++;
      else result.creates++;
    }
    return result;
  }

  /** Creates or updates each customer, as the actor (permissions and audit as for a command). */
  async applyCustomers(actor: User, rows: CustomerRow[], timezone: string): Promise<ImportApplied> {
    const applied: ImportApplied = { created: 0, updated: 0, skipped: 0, failed: [] };
    const touched: number[] = [];
    const people = await this.directory(actor);
    for (const row of rows) {
      try {
        const owner = row.owner ? ownerNamed(row.owner, people) : null;
        const fields = {
          company: row.company, phone: row.phone, email: row.email, industry: row.industry, region: row.region, tags: row.tags,
        };
        const value = {
          ...(row.spend !== undefined ? { totalSpend: row.spend } : {}),
          ...(row.orders !== undefined ? { orderCount: row.orders } : {}),
          ...(row.lastOrder !== undefined ? { lastOrderAt: atLocalTime(row.lastOrder, 12, 0, timezone) } : {}),
          ...(row.language !== undefined ? { language: row.language } : {}),
        };
        const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
        const existing = await this.stores.customers.findByNameKey(customerNameKey(row.name));
        let customer: Customer;
        if (existing) {
          customer = await this.customers.edit(actor, existing.id, { ...defined(fields), ...value, ...(owner && owner.id !== existing.ownerId ? { ownerId: owner.id } : {}) });
          applied.updated++;
        } else {
          const created = await this.customers.add(actor, { name: row.name, ...defined(fields), ...(owner ? { ownerId: owner.id } : {}) });
          customer = Object.keys(value).length > 0 ? await this.customers.edit(actor, created.id, value) : created;
          applied.created++;
        }
        touched.push(customer.id);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        applied.failed.push({ line: row.line, code: 'not_allowed', value: row.name.slice(0, 80) });
      }
    }
    for (const id of touched) await this.tiers.recomputeOne(id);
    return applied;
  }

  /** Keeps checked rows until the user confirms or cancels (any replica may get the click). */
  async stage(actor: User, batch: Omit<ImportBatchRow, 'status' | 'createdAt' | 'userId'>): Promise<ImportBatchRow> {
    return this.stores.importBatches.create({ ...batch, userId: actor.id });
  }

  /** The actor's pending batch, moved to its final status once; a second click finds it gone. */
  async claim(actor: User, id: string, status: 'committed' | 'cancelled'): Promise<ImportBatchRow> {
    const batch = await this.stores.importBatches.findById(id);
    if (!batch || batch.userId !== actor.id || !(await this.stores.importBatches.close(id, status))) throw new DomainError('import.gone');
    await this.stores.audit.append({ actorId: actor.id, action: `import.${status}`, entityType: 'import', entityId: id, after: { kind: batch.kind, fileName: batch.fileName } });
    return batch;
  }

  /** Orders: dates without an offset are the workspace's local midnight; stored once per order id. */
  async applyOrders(rows: OrderRow[], timezone: string): Promise<ImportApplied> {
    const outcomes = await this.tiers.ingestOrders(rows.map((row) => orderInput(row, timezone)), 'csv');
    const applied: ImportApplied = { created: 0, updated: 0, skipped: 0, failed: [] };
    const touched = new Set<number>();
    outcomes.forEach((outcome, i) => {
      const line = rows[i]!.line;
      if (outcome.status === 'created') {
        applied.created++;
        touched.add(outcome.customerId);
      } else if (outcome.status === 'duplicate') applied.skipped++;
      else applied.failed.push({ line, code: outcome.code === 'conflict' ? 'order_conflict' : 'customer_not_found', value: outcome.code === 'conflict' ? outcome.orderId : rows[i]!.customer });
    });
    for (const id of touched) await this.tiers.recomputeOne(id, this.clock.now());
    return applied;
  }
}

/** A file's order row as ingested: a date without an offset is the workspace's local midnight. */
function orderInput(row: OrderRow, timezone: string): OrderInput {
  return {
    orderId: row.orderId,
    customer: row.customer,
    amount: row.amount,
    orderedAt: /^\d{4}-\d{2}-\d{2}$/.test(row.orderedAt) ? atLocalTime(row.orderedAt, 0, 0, timezone) : new Date(row.orderedAt),
    ...(row.currency ? { currency: row.currency } : {}),
  };
}

/**
 * What CustomerService.add / edit would refuse for an imported row, decided by the same rules
 * (policy.ts) but without their audit entries: the preview only asks. The refused column, or null.
 */
function refusedField(actor: User, access: AccessContext, existing: Customer | null, owner: User | null): 'name' | 'owner' | null {
  if (existing) {
    if (existing.erasedAt || !decideOnCustomer(actor, 'customer.edit', existing, access).allowed) return 'name';
    const reassigns = owner !== null && owner.id !== existing.ownerId;
    return reassigns && !(decideOnCustomer(actor, 'customer.reassign', existing, access).allowed && mayReceiveFrom(actor, owner)) ? 'owner' : null;
  }
  if (!decideGeneral(actor, 'customer.create').allowed) return 'name';
  const forOther = owner !== null && owner.id !== actor.id;
  return forOther && !(decideGeneral(actor, 'customer.assign_other_owner').allowed && mayReceiveFrom(actor, owner)) ? 'owner' : null;
}
