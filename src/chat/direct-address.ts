// Where a message to a person goes: their chosen (or most recently used) account. The outbound
// router (issue 12, "one way out") is meant to take this over; until then the jobs call it directly.
import { notifyAccountOf } from '../domain/accounts.js';
import type { User } from '../domain/types.js';

export interface DirectAddress {
  platform: string;
  externalId: string;
}

/** The person's notification account as an address, or null when they have no account at all. */
export function directAddressOf(person: User): DirectAddress | null {
  const account = notifyAccountOf(person);
  return account && { platform: account.platform, externalId: account.externalId };
}
