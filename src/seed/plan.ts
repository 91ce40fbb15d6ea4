// The demo company as data, before anything is written: its people, about 200 customers with a
// buying pattern each, their orders, contact logs and a few polls. Pure: the same random source and
// the same `now` give the same plan.
import type { ContactChannel, ContactOutcome, ContactSource, PollKind, Role } from '../domain/types.js';
import { personName, uniqueCompany, type Language, type Person } from './names.js';
import type { Dice } from './random.js';
import { CONTACT_TEMPLATES, fill, MONTHS, POLL_COMMENTS, PRODUCTS, SEASONS } from './texts.js';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
/** Everyone at the demo company works in Shanghai (UTC+8 all year). */
export const DEMO_TIMEZONE = 'Asia/Shanghai';
const UTC_OFFSET_HOURS = 8;

export type PersonKey = 'admin' | 'mei' | 'ann' | 'li' | 'bob';
export type OwnerKey = Exclude<PersonKey, 'admin'>;

export interface DemoPerson {
  key: PersonKey;
  externalId: string;
  displayName: string;
  role: Role;
  locale: Language;
  /** The manager's key, for the reps of her team. */
  manager: PersonKey | null;
}

/** The demo company's staff: an admin, and Mei's team of three reps. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { key: 'admin', externalId: 'admin', displayName: 'Admin', role: 'admin', locale: 'en', manager: null },
  { key: 'mei', externalId: 'mgr-mei', displayName: 'Mei Chen', role: 'manager', locale: 'zh', manager: null },
  { key: 'ann', externalId: 'rep-ann', displayName: 'Ann Lee', role: 'rep', locale: 'en', manager: 'mei' },
  { key: 'li', externalId: 'rep-li', displayName: '李雷', role: 'rep', locale: 'zh', manager: 'mei' },
  { key: 'bob', externalId: 'rep-bob', displayName: 'Bob Smith', role: 'rep', locale: 'en', manager: 'mei' },
];

/**
 * How a customer buys, which decides where the value rules put it: frequent big buyers (core,
 * loyal), steady and occasional ones, new ones, ones whose orders stopped a few months ago (at
 * risk), lapsed ones with nothing for 200–400 days (churned) and prospects without orders.
 */
export const PROFILES = ['champion', 'steady', 'occasional', 'new', 'cooling', 'lapsed', 'prospect'] as const;
export type Profile = (typeof PROFILES)[number];

const PROFILE_SHARE: Record<Profile, number> = { champion: 0.12, steady: 0.18, occasional: 0.22, new: 0.08, cooling: 0.09, lapsed: 0.15, prospect: 0.16 };

type Range = readonly [number, number];

interface OrderPattern {
  /** Orders from `first` to `last` days ago. */
  count: Range;
  first: Range;
  last: Range;
  amount: Range;
  /** Orders of the year before (outside the scoring window). */
  older: Range;
}

const ORDER_PATTERNS: Record<Exclude<Profile, 'prospect' | 'new' | 'lapsed'>, OrderPattern> = {
  champion: { count: [20, 32], first: [300, 355], last: [1, 18], amount: [20_000, 80_000], older: [0, 5] },
  steady: { count: [8, 14], first: [240, 340], last: [3, 50], amount: [5_000, 30_000], older: [0, 4] },
  occasional: { count: [3, 6], first: [100, 340], last: [15, 110], amount: [2_000, 15_000], older: [0, 3] },
  cooling: { count: [8, 14], first: [330, 600], last: [130, 250], amount: [5_000, 40_000], older: [0, 0] },
};

interface ContactPattern {
  count: Range;
  /** Days since the latest contact; `neglected` of them were left alone for `neglectedLast` days. */
  last: Range;
  neglected: number;
  neglectedLast: Range;
}

const CONTACT_PATTERNS: Record<Profile, ContactPattern> = {
  champion: { count: [6, 12], last: [0, 9], neglected: 0.1, neglectedLast: [30, 45] },
  steady: { count: [4, 9], last: [1, 12], neglected: 0.1, neglectedLast: [35, 60] },
  occasional: { count: [2, 6], last: [2, 25], neglected: 0.1, neglectedLast: [62, 95] },
  new: { count: [1, 3], last: [0, 6], neglected: 0, neglectedLast: [0, 0] },
  cooling: { count: [3, 7], last: [3, 28], neglected: 0, neglectedLast: [0, 0] },
  lapsed: { count: [1, 4], last: [20, 85], neglected: 0.15, neglectedLast: [185, 260] },
  prospect: { count: [1, 3], last: [1, 60], neglected: 0, neglectedLast: [0, 0] },
};

export interface PlannedOrder {
  orderedAt: Date;
  amount: number;
}

export interface PlannedContact {
  occurredAt: Date;
  channel: ContactChannel;
  outcome: ContactOutcome;
  summary: string;
  nextFollowUpAt: Date | null;
  source: ContactSource;
  /** Logged by the owner's manager (a joint visit) rather than the owner. */
  byManager: boolean;
}

export interface PlannedCustomer {
  name: string;
  company: string;
  industry: string;
  region: string;
  /** Lower-case ascii form of the name, unique: the shared channel's name. */
  slug: string;
  tags: string[];
  phone: string | null;
  email: string | null;
  language: Language;
  owner: OwnerKey;
  /** The shared conversation polls go to; null for most. */
  channel: { id: string; name: string } | null;
  profile: Profile;
  createdAt: Date;
  /** Oldest first. */
  orders: PlannedOrder[];
  /** Oldest first. */
  contacts: PlannedContact[];
}

export interface PlannedAnswer {
  respondentId: string;
  respondentName: string;
  score: number;
  comment: string | null;
  /** When it was given (a churn signal for a low score is dated so). */
  at: Date;
}

export interface PlannedPoll {
  /** Index into DemoPlan.customers. */
  customer: number;
  kind: PollKind;
  anonymous: boolean;
  createdAt: Date;
  closesAt: Date;
  closed: boolean;
  answers: PlannedAnswer[];
}

/** Polls planned (each on its own customer with a channel). */
const POLL_COUNT = 5;

export interface DemoPlan {
  customers: PlannedCustomer[];
  polls: PlannedPoll[];
}

/** Midnight (Shanghai) of the local day `dayOffset` days from `now`, as a UTC instant. */
function localDayStart(now: Date, dayOffset: number): number {
  const local = new Date(now.getTime() + UTC_OFFSET_HOURS * HOUR);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + dayOffset) - UTC_OFFSET_HOURS * HOUR;
}

function localWeekday(dayStart: number): number {
  return new Date(dayStart + UTC_OFFSET_HOURS * HOUR).getUTCDay();
}

/** A moment in office hours on a weekday about `daysAgo` days before `now`, never after it. */
function officeMoment(dice: Dice, now: Date, daysAgo: number): Date {
  let offset = -Math.max(0, Math.round(daysAgo));
  const minuteOfDay = dice.int(9 * 60 + 10, 17 * 60 + 50);
  for (;;) {
    const start = localDayStart(now, offset);
    const weekday = localWeekday(start);
    const at = start + minuteOfDay * MINUTE;
    if (weekday !== 0 && weekday !== 6 && at <= now.getTime()) return new Date(at);
    offset--;
  }
}

/** A local time on the day `days` from now (a follow-up date someone typed: "next Tuesday 10:00"). */
function localTime(now: Date, days: number, hour: number, minute = 0): Date {
  return new Date(localDayStart(now, days) + hour * HOUR + minute * MINUTE);
}

/** `count` values from `first` down to `last`, evenly spread with some jitter (days ago, oldest first). */
function spread(dice: Dice, count: number, first: number, last: number): number[] {
  if (count <= 1) return [first];
  const step = (first - last) / (count - 1);
  const values = Array.from({ length: count }, (_, i) => {
    if (i === 0) return first;
    if (i === count - 1) return last;
    return Math.min(first, Math.max(last, first - i * step + dice.real(-0.35, 0.35) * step));
  });
  return values.sort((a, b) => b - a);
}

const roundAmount = (value: number) => (value >= 10_000 ? Math.round(value / 100) * 100 : Math.round(value / 10) * 10);

function planOrders(dice: Dice, now: Date, profile: Profile): PlannedOrder[] {
  let daysAgo: number[];
  let amount: Range;
  if (profile === 'prospect') return [];
  if (profile === 'new') {
    const first = dice.int(8, 55);
    const count = dice.int(1, 3);
    daysAgo = spread(dice, count, first, count === 1 ? first : dice.int(1, first - 3));
    amount = [3_000, 40_000];
  } else if (profile === 'lapsed') {
    const last = dice.int(200, 400);
    daysAgo = spread(dice, dice.int(3, 10), last + dice.int(90, 330), last);
    amount = [2_000, 25_000];
  } else {
    const pattern = ORDER_PATTERNS[profile];
    const first = dice.int(...pattern.first);
    daysAgo = spread(dice, dice.int(...pattern.count), first, Math.min(first - 1, dice.int(...pattern.last)));
    const older = dice.int(...pattern.older);
    if (older > 0) daysAgo = [...spread(dice, older, dice.int(first + 60, 720), first + 20), ...daysAgo];
    amount = pattern.amount;
  }
  return daysAgo.map((days) => ({
    // Orders come in from the shop system at any hour.
    orderedAt: new Date(Math.min(now.getTime() - MINUTE, now.getTime() - days * DAY - dice.int(0, 20 * 60) * MINUTE)),
    amount: roundAmount(dice.real(...amount)),
  }));
}

function planContacts(dice: Dice, now: Date, profile: Profile, language: Language, person: Person, createdDaysAgo: number, fresh: boolean): PlannedContact[] {
  if (fresh) return [];
  const pattern = CONTACT_PATTERNS[profile];
  const neglected = dice.chance(pattern.neglected);
  const last = Math.min(createdDaysAgo - 1, dice.int(...(neglected ? pattern.neglectedLast : pattern.last)));
  if (last < 0) return [];
  const count = dice.int(...pattern.count);
  const span = Math.min(createdDaysAgo - 1, 365);
  const earlier = span > last ? Array.from({ length: count - 1 }, () => dice.int(last + 1, span)) : [];
  const days = [last, ...earlier].sort((a, b) => b - a);
  const unhappy = profile === 'cooling' || profile === 'lapsed';
  const other = personName(dice, language);
  return days.map((daysAgo, i) => {
    const latest = i === days.length - 1;
    const pool = unhappy && dice.chance(0.45) ? CONTACT_TEMPLATES.filter((t) => t.outcome === 'negative' || t.outcome === 'no_answer') : CONTACT_TEMPLATES;
    const template = dice.pick(pool);
    const occurredAt = officeMoment(dice, now, daysAgo);
    const month = new Date(occurredAt.getTime() + UTC_OFFSET_HOURS * HOUR).getUTCMonth();
    const summary = fill(template[language], { person: person.name, person2: other.name, product: dice.pick(PRODUCTS[language]), season: dice.pick(SEASONS[language]), month: MONTHS[language][month]! });
    // Some contacts set their own next date: the latest one a date to come, older ones a date then.
    let nextFollowUpAt: Date | null = null;
    if (latest && !neglected && dice.chance(0.3)) nextFollowUpAt = localTime(now, dice.int(1, 14), dice.pick([10, 11, 14, 15]));
    else if (!latest && dice.chance(0.25)) nextFollowUpAt = new Date(occurredAt.getTime() + dice.int(3, 14) * DAY);
    return {
      occurredAt,
      channel: dice.pick(template.channel),
      outcome: template.outcome,
      summary,
      nextFollowUpAt,
      source: dice.weighted({ command: 5, modal: 3, dm: 2, shortcut: 1 }),
      byManager: (profile === 'champion' || profile === 'steady') && dice.chance(0.12),
    };
  });
}

function tagsFor(dice: Dice, profile: Profile, region: string): string[] {
  const tags = new Set<string>();
  if (profile === 'champion') {
    if (dice.chance(0.7)) tags.add('vip');
    if (dice.chance(0.5)) tags.add('key-account');
  }
  if (profile === 'steady' && dice.chance(0.2)) tags.add('key-account');
  if (profile === 'prospect' && dice.chance(0.7)) tags.add(dice.pick(['expo-2026', 'referral', '展会', 'inbound']));
  if (dice.chance(0.15)) tags.add(dice.pick(['distributor', 'reseller', '渠道']));
  if (dice.chance(0.05)) tags.add('tender');
  if (dice.chance(0.05)) tags.add('pilot');
  if (dice.chance(0.08)) tags.add('重点客户');
  if (['Hong Kong', 'Singapore', 'APAC'].includes(region)) tags.add('overseas');
  return [...tags];
}

/** Exactly the profile counts the shares give (rounded), in random order. */
function profileList(dice: Dice, total: number): Profile[] {
  const list: Profile[] = [];
  for (const profile of PROFILES) {
    if (profile === 'prospect') continue;
    for (let i = 0; i < Math.round(PROFILE_SHARE[profile] * total); i++) list.push(profile);
  }
  while (list.length < total) list.push('prospect');
  return dice.sample(list.slice(0, total), total);
}

function planPolls(dice: Dice, now: Date, customers: PlannedCustomer[]): PlannedPoll[] {
  const linked = customers.map((c, i) => ({ c, i })).filter(({ c }) => c.channel !== null);
  const used = new Set<number>();
  const choose = (profiles: readonly Profile[]): number => {
    const found = linked.find(({ c, i }) => !used.has(i) && profiles.includes(c.profile)) ?? linked.find(({ i }) => !used.has(i));
    if (!found) throw new Error('not enough customers with a channel for the demo polls');
    used.add(found.i);
    return found.i;
  };
  const specs: Array<{ profiles: Profile[]; kind: PollKind; anonymous: boolean; daysAgo: number; scores: number[] }> = [
    // Closed: a happy key account, a mixed NPS with detractors, an unhappy customer.
    { profiles: ['champion'], kind: 'csat', anonymous: false, daysAgo: 75, scores: [5, 4, 5, 5, 3, 4] },
    { profiles: ['cooling', 'occasional'], kind: 'nps', anonymous: true, daysAgo: 40, scores: [10, 9, 9, 8, 7, 6, 4, 9] },
    { profiles: ['steady', 'occasional'], kind: 'csat', anonymous: false, daysAgo: 21, scores: [2, 3, 1, 4, 2] },
    // Open: answers still coming in.
    { profiles: ['champion', 'steady'], kind: 'nps', anonymous: true, daysAgo: 2, scores: [9, 10, 7] },
    { profiles: ['new', 'occasional'], kind: 'csat', anonymous: false, daysAgo: 0, scores: [5] },
  ];
  return specs.map((spec) => {
    const index = choose(spec.profiles);
    const customer = customers[index]!;
    const open = spec.daysAgo < 7;
    const createdAt = officeMoment(dice, now, spec.daysAgo);
    const closesAt = new Date(createdAt.getTime() + 7 * DAY);
    const handles = new Set<string>();
    const answers = spec.scores.map((score): PlannedAnswer => {
      const person = personName(dice, customer.language);
      let handle = person.handle;
      for (let n = 2; handles.has(handle); n++) handle = `${person.handle}${n}`;
      handles.add(handle);
      const low = spec.kind === 'csat' ? score <= 2 : score <= 6;
      const high = spec.kind === 'csat' ? score >= 4 : score >= 9;
      const comment = low && dice.chance(0.8) ? dice.pick(POLL_COMMENTS.low[customer.language]) : high && dice.chance(0.3) ? dice.pick(POLL_COMMENTS.high[customer.language]) : null;
      const until = Math.min(now.getTime(), closesAt.getTime()) - createdAt.getTime();
      return { respondentId: `${customer.channel!.name}-${handle}`, respondentName: person.name, score, comment, at: new Date(createdAt.getTime() + Math.floor(dice.next() * until)) };
    });
    return { customer: index, kind: spec.kind, anonymous: spec.anonymous, createdAt, closesAt, closed: !open, answers };
  });
}

export function planDemo(dice: Dice, now: Date, options: { customers?: number } = {}): DemoPlan {
  const total = options.customers ?? 200;
  const taken = new Set<string>();
  const slugs = new Set<string>();
  const profiles = profileList(dice, total);
  const customers = profiles.map((profile): PlannedCustomer => {
    const language: Language = dice.chance(0.55) ? 'zh' : 'en';
    const identity = uniqueCompany(dice, language, taken, slugs);
    const person = personName(dice, language);
    const owner: OwnerKey = language === 'zh' ? dice.weighted({ li: 5, ann: 2, bob: 1, mei: 1 }) : dice.weighted({ ann: 4, bob: 4, li: 1, mei: 1 });
    const orders = planOrders(dice, now, profile);
    // Known a little before the first order; prospects some time this year, some only days ago.
    const fresh = profile === 'prospect' && dice.chance(0.4);
    const firstOrder = orders[0]?.orderedAt;
    const createdDaysAgo = firstOrder
      ? Math.floor((now.getTime() - firstOrder.getTime()) / DAY) + dice.int(3, 60)
      : fresh ? dice.int(1, 12) : dice.int(30, 200);
    const contacts = planContacts(dice, now, profile, language, person, createdDaysAgo, fresh);
    // Never after the first thing that happened with the customer (same-day times may cross).
    const firsts = [officeMoment(dice, now, createdDaysAgo).getTime(), ...[firstOrder, contacts[0]?.occurredAt].flatMap((d) => (d ? [d.getTime() - HOUR] : []))];
    const createdAt = new Date(Math.min(...firsts));
    return {
      name: identity.name,
      company: identity.company,
      industry: identity.industry,
      region: identity.region,
      slug: identity.slug,
      tags: tagsFor(dice, profile, identity.region),
      phone: dice.chance(0.35) ? `+86 138 0000 ${String(dice.int(0, 9999)).padStart(4, '0')}` : null,
      email: dice.chance(0.3) ? `${person.handle}@example.com` : null,
      language,
      owner,
      channel: null,
      profile,
      createdAt,
      orders,
      contacts,
    };
  });
  // About 15% share a conversation with us (polls go there): the customers worth asking first.
  const wanted = Math.max(POLL_COUNT, Math.round(total * 0.15));
  const byProfile = (p: Profile) => customers.filter((c) => c.profile === p);
  const first = (['champion', 'steady', 'cooling', 'occasional', 'new'] as const).flatMap((p) => byProfile(p).slice(0, 1));
  const rest = dice.sample(customers.filter((c) => c.profile !== 'prospect' && !first.includes(c)), Math.max(0, wanted - first.length));
  for (const customer of [...first, ...rest].slice(0, wanted)) {
    customer.channel = { id: `sandbox:${customer.slug}`, name: customer.slug };
  }
  return { customers, polls: planPolls(dice, now, customers) };
}

