// A person's platform accounts: which one speaks for them where, and where their notifications go.
import type { PlatformAccount, User } from './types.js';

/** Platforms a typed account may name (`wecom:zhangsan`): until the platform registry lists them. */
export const KNOWN_PLATFORMS = ['slack', 'wecom', 'sandbox'] as const;

/** How often an account's last use is written at most: a cheap write, precise enough to choose by. */
export const ACCOUNT_USE_PRECISION_MS = 5 * 60 * 1000;

/** The person's account on this platform, if they have one. */
export function accountOn(person: Pick<User, 'accounts'>, platform: string): PlatformAccount | undefined {
  return person.accounts.find((a) => a.platform === platform);
}

/**
 * Where reminders, digests and alerts reach the person: the platform they chose
 * (`/crm settings notify`) while they still have an account there, else the account they used
 * most recently (the oldest one when none was ever used). Null only for a person without accounts.
 */
export function notifyAccountOf(person: Pick<User, 'accounts' | 'notifyPlatform'>): PlatformAccount | null {
  const chosen = person.notifyPlatform ? accountOn(person, person.notifyPlatform) : undefined;
  if (chosen) return chosen;
  let latest: PlatformAccount | null = null;
  for (const account of person.accounts) {
    if (!latest || (account.lastUsedAt?.getTime() ?? -1) > (latest.lastUsedAt?.getTime() ?? -1)) latest = account;
  }
  return latest;
}

/** A platform id that names the person when they have no display name (their first account's). */
export function personHandle(person: Pick<User, 'accounts' | 'displayName' | 'id'>): string {
  return person.displayName || person.accounts[0]?.externalId || `#${person.id}`;
}
