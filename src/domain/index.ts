// The domain, assembled: one object the chat layer and the jobs call into.
import { ContactService } from './contacts.js';
import { CustomerService } from './customers.js';
import { DraftService } from './drafts.js';
import type { Clock, Stores } from './ports.js';
import { UserService } from './users.js';

export interface Domain {
  users: UserService;
  customers: CustomerService;
  contacts: ContactService;
  drafts: DraftService;
  clock: Clock;
}

export function createDomain(options: { stores: Stores; clock: Clock; adminExternalIds: ReadonlySet<string> }): Domain {
  const users = new UserService(options.stores, options.adminExternalIds);
  const customers = new CustomerService(options.stores);
  const contacts = new ContactService(options.stores, customers, options.clock);
  const drafts = new DraftService(options.stores, contacts);
  return { users, customers, contacts, drafts, clock: options.clock };
}
