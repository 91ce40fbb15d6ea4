// The domain, assembled: one object the chat layer and the jobs call into.
import { AccountLinkService } from './account-links.js';
import { CallbackSchedule, DEFAULT_CALLBACK_SETTINGS, type CallbackSettings } from './callback-schedule.js';
import { CallbackService } from './callbacks.js';
import { ContactService } from './contacts.js';
import { CustomerService } from './customers.js';
import { DraftService } from './drafts.js';
import { DEFAULT_POLL_SETTINGS, PollService, type PollSettings, type RespondentKeyer } from './polls.js';
import { PrivacyService } from './privacy.js';
import { SurveyService } from './surveys.js';
import { DEFAULT_TIER_CONFIG, type TierConfig } from './tiering/config.js';
import { TierService } from './tiers.js';
import { ReportService } from './reports.js';
import { ImportService } from './imports.js';
import { TeamService } from './team.js';
import type { Clock, Stores } from './ports.js';
import { UserService } from './users.js';
import type { StaffPolicy } from './staff.js';

export interface Domain {
  users: UserService;
  customers: CustomerService;
  contacts: ContactService;
  drafts: DraftService;
  team: TeamService;
  privacy: PrivacyService;
  callbacks: CallbackService;
  polls: PollService;
  surveys: SurveyService;
  tiers: TierService;
  reports: ReportService;
  imports: ImportService;
  links: AccountLinkService;
  clock: Clock;
}

export interface DomainOptions {
  stores: Stores;
  clock: Clock;
  adminExternalIds: ReadonlySet<string>;
  /** STAFF_POLICY (staff.ts): who may start as a rep; `members` when not given. */
  staffPolicy?: StaffPolicy;
  callbacks?: Partial<CallbackSettings>;
  polls?: Partial<PollSettings>;
  /** Keyed hash of poll respondents (see polls.ts); an HMAC with a server secret in production. */
  respondentKey: RespondentKeyer;
  /** The value rules (config/tiers.json); the built-in defaults when not given. */
  tiers?: TierConfig;
  /** DEFAULT_CURRENCY: of orders naming none, and the one spend is counted in (currency.ts). */
  currency?: string;
}

export function createDomain(options: DomainOptions): Domain {
  const schedule = new CallbackSchedule({ ...DEFAULT_CALLBACK_SETTINGS, ...options.callbacks });
  const users = new UserService(options.stores, options.adminExternalIds, { defaultTimezone: schedule.settings.defaultTimezone, staffPolicy: options.staffPolicy ?? 'members', clock: options.clock });
  const customers = new CustomerService(options.stores, schedule, options.clock);
  const contacts = new ContactService(options.stores, customers, options.clock, schedule);
  const callbacks = new CallbackService(options.stores, customers, options.clock, schedule);
  const drafts = new DraftService(options.stores, contacts);
  const team = new TeamService(options.stores, customers, schedule);
  const privacy = new PrivacyService(options.stores, customers, options.clock);
  const polls = new PollService(options.stores, customers, options.clock, { ...DEFAULT_POLL_SETTINGS, ...options.polls }, options.respondentKey);
  const surveys = new SurveyService(options.stores, customers, options.clock, schedule.settings.defaultTimezone);
  const tiers = new TierService(options.stores, customers, options.clock, options.tiers ?? DEFAULT_TIER_CONFIG, schedule, options.currency);
  const reports = new ReportService(options.stores, options.clock, options.tiers ?? DEFAULT_TIER_CONFIG);
  const imports = new ImportService(options.stores, customers, tiers, options.clock);
  const links = new AccountLinkService(options.stores, customers, options.clock);
  return { users, customers, contacts, drafts, team, privacy, callbacks, polls, surveys, tiers, reports, imports, links, clock: options.clock };
}
