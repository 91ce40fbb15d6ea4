// The domain, assembled: one object the chat layer and the jobs call into.
import { ContactService } from './contacts.js';
import { CustomerService } from './customers.js';
import { DraftService } from './drafts.js';
import { PrivacyService } from './privacy.js';
import { TeamService } from './team.js';
import type { Clock, Stores } from './ports.js';
import { UserService } from './users.js';

export interface Domain {
  users: UserService;
  customers: CustomerService;
  contacts: ContactService;
  drafts: DraftService;
  team: TeamService;
  privacy: PrivacyService;
  clock: Clock;
}

export function createDomain(options: { stores: Stores; clock: Clock; adminExternalIds: ReadonlySet<string> }): Domain {
  const users = new UserService(options.stores, options.adminExternalIds);
  const customers = new CustomerService(options.stores);
  const contacts = new ContactService(options.stores, customers, options.clock);
  const drafts = new DraftService(options.stores, contacts);
  const team = new TeamService(options.stores, customers);
  const privacy = new PrivacyService(options.stores, customers, options.clock);
  return { users, customers, contacts, drafts, team, privacy, clock: options.clock };
}
