// A realistic demo company for the local sandbox and for demos: Mei's sales team, about 200
// customers (Chinese and English names), a year of orders, contact logs, a few polls, and then the
// tier recompute, so tiers, lifecycle stages, churn warnings and callbacks are all filled in.
//
// Only ever on an empty database: with any user or customer present it changes nothing.
// Deterministic: the same random source (DEMO_SEED by default) and the same clock give the same data.
import { customerSnapshot } from '../domain/audit.js';
import { customerNameKey } from '../domain/customers.js';
import type { Domain } from '../domain/index.js';
import type { Clock, NewOrderRow, Stores } from '../domain/ports.js';
import { ROLES, type Customer, type Tier, type User } from '../domain/types.js';
import { DEMO_PEOPLE, DEMO_TIMEZONE, planDemo, type OwnerKey, type PersonKey, type PlannedCustomer } from './plan.js';
import { Dice, seededRandom } from './random.js';
import { POLL_QUESTIONS } from './texts.js';

export { DEMO_PEOPLE } from './plan.js';
export { DEMO_SEED } from './random.js';

export interface SeedOptions {
  domain: Domain;
  stores: Stores;
  clock: Clock;
  /** The platform of the demo users (default 'sandbox'). */
  platform?: string;
  /** A random source in [0, 1); default: seeded with DEMO_SEED. */
  random?: () => number;
  /** How many customers (default 200). */
  customers?: number;
}

export interface SeedSummary {
  users: number;
  customers: number;
  orders: number;
  contacts: number;
  polls: number;
  pollAnswers: number;
  churnSignals: number;
  /** Open callbacks after the seed (every customer has its scheduled one; at-risk ones a win-back call too). */
  callbacks: number;
  /** Customers the churn warning flagged. */
  atRisk: number;
  tiers: Record<Tier, number>;
  stages: Record<string, number>;
}

/** Rows per transaction: a few hundred statements each, well within a transaction's time limit. */
const CUSTOMER_BATCH = 25;
/** Orders per bulk insert, or per transaction without the Prisma client. */
const ORDER_BATCH = 100;
const CONTACT_BATCH = 10;
const DAY = 24 * 60 * 60 * 1000;

async function hasData(stores: Stores): Promise<boolean> {
  const { total } = await stores.customers.list({ visibility: { everything: true }, offset: 0, limit: 1 });
  if (total > 0) return true;
  for (const role of ROLES) if ((await stores.users.countByRole(role)) > 0) return true;
  return false;
}

async function seedPeople(domain: Domain, stores: Stores, platform: string): Promise<Map<PersonKey, User>> {
  const people = new Map<PersonKey, User>();
  const firstRoles = new Map<PersonKey, User['role']>();
  for (const person of DEMO_PEOPLE) {
    // As on their first message to the bot (an ADMIN_USER_IDS entry becomes admin at once).
    const user = await domain.users.ensure({ platform, externalId: person.externalId, displayName: person.displayName });
    firstRoles.set(person.key, user.role);
    people.set(person.key, await stores.users.update(user.id, { role: person.role, locale: person.locale, timezone: DEMO_TIMEZONE }));
  }
  const admin = people.get('admin')!;
  for (const person of DEMO_PEOPLE) {
    const user = people.get(person.key)!;
    const before = firstRoles.get(person.key);
    if (before !== person.role) await stores.audit.append({ actorId: admin.id, action: 'user.role', entityType: 'user', entityId: String(user.id), before: { role: before }, after: { role: person.role, reason: 'demo seed' } });
    if (person.manager) {
      const manager = people.get(person.manager)!;
      people.set(person.key, await stores.users.update(user.id, { managerId: manager.id }));
      await stores.audit.append({ actorId: admin.id, action: 'team.add', entityType: 'user', entityId: String(user.id), before: { managerId: null }, after: { managerId: manager.id } });
    }
  }
  return people;
}

async function createCustomer(tx: Stores, planned: PlannedCustomer, owner: User): Promise<Customer> {
  const customer = await tx.customers.create({
    name: planned.name,
    nameKey: customerNameKey(planned.name),
    ownerId: owner.id,
    company: planned.company,
    phone: planned.phone,
    email: planned.email,
    industry: planned.industry,
    region: planned.region,
    tags: planned.tags,
    createdAt: planned.createdAt,
  });
  await tx.audit.append({ actorId: owner.id, action: 'customer.create', entityType: 'customer', entityId: String(customer.id), after: customerSnapshot(customer) });
  return customer;
}

/** Runs `work` for each item, a transaction per `size` items: many small commits are what is slow. */
async function inBatches<T>(stores: Stores, items: readonly T[], size: number, work: (tx: Stores, item: T, index: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await stores.transaction(async (tx) => {
      for (let i = start; i < Math.min(items.length, start + size); i++) await work(tx, items[i]!, i);
    });
  }
}

/** Seeds the demo company, or returns null (changing nothing) when the database has any data. */
export async function seedDemo(options: SeedOptions): Promise<SeedSummary | null> {
  const { domain, stores, clock } = options;
  const platform = options.platform ?? 'sandbox';
  if (await hasData(stores)) return null;
  const now = clock.now();
  const plan = planDemo(new Dice(options.random ?? seededRandom()), now, { customers: options.customers ?? 200 });

  const people = await seedPeople(domain, stores, platform);
  const ownerOf = (key: OwnerKey) => people.get(key)!;

  const customers: Customer[] = [];
  await inBatches(stores, plan.customers, CUSTOMER_BATCH, async (tx, planned) => {
    customers.push(await createCustomer(tx, planned, ownerOf(planned.owner)));
  });

  // A year of orders, as the shop system would send them (source "csv"): in date order, numbered
  // so. With the Prisma client at hand they are inserted in bulk (one statement per hundred, where
  // TierService.ingestOrders takes a few per order: most of a seed's time); without it through the
  // same ValueStore.insertOrders as ingestOrders, many to a transaction. Either way each customer's
  // value figures (spend, count, last order) are then set from its orders, as ingestion keeps them.
  const orders = plan.customers
    .flatMap((planned, i) => planned.orders.map((order) => ({ ...order, customerId: customers[i]!.id })))
    .sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime())
    .map((order, i): NewOrderRow => ({
      orderId: `SO-${order.orderedAt.toISOString().slice(0, 10).replace(/-/g, '')}-${String(i + 1).padStart(5, '0')}`,
      customerId: order.customerId,
      amount: order.amount,
      currency: domain.tiers.currency,
      orderedAt: order.orderedAt,
      source: 'csv',
    }));
  let ordersCreated = 0;
  for (let i = 0; i < orders.length; i += ORDER_BATCH) {
    const batch = orders.slice(i, i + ORDER_BATCH);
    ordersCreated += await stores.value.insertOrdersBulk(batch);
  }

  // The tier each customer's orders give it: its callback cadence follows from it.
  const tierOf = new Map<number, Tier>();
  for (const figures of await allFigures(stores, now, domain)) tierOf.set(figures.customerId, domain.tiers.assess(figures, now).rfm.tier.id);

  // Contact logs (dated in the past, so written directly rather than "logged now"), the shared
  // channel, and the scheduled callback each customer's latest contact calls for.
  let contacts = 0;
  await inBatches(stores, plan.customers, CONTACT_BATCH, async (tx, planned, i) => {
    const customer = customers[i]!;
    const owner = ownerOf(planned.owner);
    const manager = [...people.values()].find((u) => u.id === owner.managerId) ?? owner;
    for (const contact of planned.contacts) {
      await tx.contacts.create({
        customerId: customer.id,
        authorId: contact.byManager ? manager.id : owner.id,
        channel: contact.channel,
        summary: contact.summary,
        outcome: contact.outcome,
        occurredAt: contact.occurredAt,
        nextFollowUpAt: contact.nextFollowUpAt,
        source: contact.source,
        requestKey: null,
      });
    }
    const latest = planned.contacts[planned.contacts.length - 1];
    const updated = await tx.customers.update(customer.id, {
      totalSpend: planned.orders.reduce((sum, o) => sum + o.amount, 0),
      orderCount: planned.orders.length,
      lastOrderAt: planned.orders.length > 0 ? new Date(Math.max(...planned.orders.map((o) => o.orderedAt.getTime()))) : null,
      lastContactAt: latest?.occurredAt ?? null,
      ...(planned.channel ? { channelId: planned.channel.id, channelName: planned.channel.name, channelPlatform: platform, language: planned.language } : {}),
    });
    await domain.callbacks.schedule.reschedule(tx, { ...updated, tier: tierOf.get(customer.id) ?? updated.tier }, latest?.nextFollowUpAt ?? null);
    customers[i] = updated;
    contacts += planned.contacts.length;
  });

  // Polls in the customers' shared channels: three closed with their results out, two still open.
  let pollAnswers = 0;
  let churnSignals = 0;
  for (const planned of plan.polls) {
    const customer = customers[planned.customer]!;
    const language = plan.customers[planned.customer]!.language;
    const creator = ownerOf(plan.customers[planned.customer]!.owner);
    const { poll } = await stores.polls.create({
      customerId: customer.id,
      kind: planned.kind,
      question: POLL_QUESTIONS[planned.kind][language],
      locale: language,
      anonymous: planned.anonymous,
      allowInternal: domain.polls.settings.allowInternal,
      platform,
      workspaceId: creator.accounts[0]?.workspaceId ?? '',
      channelId: customer.channelId!,
      channelName: customer.channelName,
      closesAt: planned.closesAt,
      createdById: creator.id,
      campaignId: null,
      sourceKey: null,
      createdAt: planned.createdAt,
    });
    await stores.audit.append({ actorId: creator.id, action: 'poll.create', entityType: 'customer', entityId: String(customer.id), after: { pollId: poll.id, kind: poll.kind, anonymous: poll.anonymous, channelId: poll.channelId } });
    for (const answer of planned.answers) {
      const { answer: stored } = await stores.polls.upsertAnswer({
        pollId: poll.id,
        respondentKey: `demo:${poll.id}:${answer.respondentId}`,
        respondentId: planned.anonymous ? null : answer.respondentId,
        respondentName: planned.anonymous ? null : answer.respondentName,
        score: answer.score,
        ...(answer.comment !== null ? { comment: answer.comment } : {}),
      });
      // Dated when it was given: reports count answers by date.
      await stores.polls.backdateAnswer(stored.id, answer.at);
      pollAnswers++;
      if (answer.score <= domain.polls.settings.lowScore[planned.kind]) {
        const recorded = await stores.churnSignals.record({ customerId: customer.id, kind: planned.kind === 'csat' ? 'low_csat' : 'low_nps', score: answer.score, sourceKey: `poll-answer:${stored.id}`, at: answer.at });
        if (recorded) churnSignals++;
      }
    }
    if (planned.answers.length > 0) await stores.polls.bumpRevision(poll.id);
    if (planned.closed) {
      await stores.polls.close(poll.id, planned.closesAt, planned.closesAt);
      await stores.polls.markResultsPosted(poll.id, new Date(planned.closesAt.getTime() + 60_000));
    }
  }

  await domain.tiers.recompute(now);
  await settleThePast(domain, stores, now);

  const tiers: Record<Tier, number> = Object.fromEntries(domain.tiers.config.tiers.map((t) => [t.id, 0]));
  const stages: Record<string, number> = {};
  let atRisk = 0;
  for (const figures of await allFigures(stores, now, domain)) {
    tiers[figures.tier] = (tiers[figures.tier] ?? 0) + 1;
    stages[figures.lifecycleStage] = (stages[figures.lifecycleStage] ?? 0) + 1;
    if (figures.riskLevel === 'at_risk') atRisk++;
  }
  const { total: callbacks } = await stores.callbacks.listOpen({ offset: 0, limit: 1 });
  const summary: SeedSummary = {
    users: people.size,
    customers: customers.length,
    orders: ordersCreated,
    contacts,
    polls: plan.polls.length,
    pollAnswers,
    churnSignals,
    callbacks,
    atRisk,
    tiers,
    stages,
  };
  await stores.audit.append({ actorId: people.get('admin')!.id, action: 'seed.demo', entityType: 'system', entityId: 'demo', after: summary });
  return summary;
}

/**
 * What the made-up past would have done already: reminders due before today went out back then,
 * overdue callbacks were escalated to the manager, and the recompute's churn warnings were
 * delivered. Without this the first scheduler sweep would post dozens of old messages at once;
 * from here on reminders, escalations and warnings are delivered as usual (today's win-back calls
 * among them).
 */
async function settleThePast(domain: Domain, stores: Stores, now: Date): Promise<void> {
  const claim = { token: `demo-seed:${now.getTime()}`, until: new Date(now.getTime() + 10 * 60_000) };
  const BATCH = 100;
  for (;;) {
    const due = await stores.callbacks.claimDue(new Date(now.getTime() - DAY), claim, BATCH);
    for (const callback of due) await stores.callbacks.markSent(callback.id, claim.token, callback.deliverAt, null);
    if (due.length < BATCH) break;
  }
  const escalateAfter = domain.callbacks.schedule.settings.escalateAfterDays * DAY;
  for (;;) {
    const overdue = await stores.callbacks.claimEscalations(now, new Date(now.getTime() - escalateAfter), claim, BATCH);
    for (const callback of overdue) await stores.callbacks.markEscalated(callback.id, claim.token, new Date(Math.min(now.getTime(), callback.dueAt.getTime() + escalateAfter + DAY)));
    if (overdue.length < BATCH) break;
  }
  for (;;) {
    const alerts = await stores.value.claimChurnAlerts(now, claim.until, BATCH);
    for (const alert of alerts) await stores.value.markChurnAlertSent(alert.id, now);
    if (alerts.length < BATCH) break;
  }
}

async function allFigures(stores: Stores, now: Date, domain: Domain) {
  const windowStart = new Date(now.getTime() - domain.tiers.config.windowDays * DAY);
  const lowScoreSince = new Date(now.getTime() - domain.tiers.config.churn.lowScoreLookbackDays * DAY);
  const all = [];
  for (let afterId = 0; ; ) {
    const page = await stores.value.figuresPage({ afterId, limit: 1000, windowStart, lowScoreSince, now, spendCurrency: domain.tiers.currency });
    all.push(...page);
    if (page.length < 1000) return all;
    afterId = page[page.length - 1]!.customerId;
  }
}
