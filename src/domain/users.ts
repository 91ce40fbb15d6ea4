// People who talk to the bot. The first contact records them as reps, unless the operator
// listed them as admins (ADMIN_USER_IDS).
import { customerNameKey } from './customers.js';
import { DomainError } from './errors.js';
import { nearMisses } from './name-match.js';
import type { Stores, UserChanges } from './ports.js';
import { isValidTimezone } from './time.js';
import { nextWorkingInstant } from './working-hours.js';
import type { User } from './types.js';

export interface UserIdentity {
  platform: string;
  externalId: string;
  workspaceId?: string;
  displayName?: string;
}

/** How many of a platform's people a typed name is compared with (display names are few). */
export const PEOPLE_DIRECTORY_LIMIT = 5000;

/** How a typed name found its people: a near miss is only ever offered, never taken as meant. */
export type PeopleMatch = { people: User[]; nearMiss: boolean };

/**
 * The people a typed name means, as people write it: `@U0BOB`, `<@U0BOB|bob>`, `Bob Smith`,
 * `@bob`, `李雷` — the platform id first, then the whole display name (any case), then display
 * names with a word that starts with it ("bob", "smith" → Bob Smith), then names a typo away.
 * Several at one step: all of them, for the caller to ask which.
 */
export function peopleNamed(typed: string, people: ReadonlyArray<User>): PeopleMatch {
  const text = typed.trim().replace(/^<@([^|>]+)(?:\|[^>]*)?>$/, '$1').replace(/^[@＠]/, '');
  const none = { people: [], nearMiss: false };
  if (text === '') return none;
  const byId = people.filter((u) => u.externalId === text);
  if (byId.length > 0) return { people: byId, nearMiss: false };
  const key = customerNameKey(text);
  const named = people.filter((u) => u.displayName !== '');
  const whole = named.filter((u) => customerNameKey(u.displayName) === key);
  if (whole.length > 0) return { people: whole, nearMiss: false };
  const startsAWord = (u: User) => customerNameKey(u.displayName).split(' ').some((_, i, words) => words.slice(i).join(' ').startsWith(key));
  const partial = named.filter(startsAWord);
  if (partial.length > 0) return { people: partial, nearMiss: false };
  return { people: nearMisses(key, named, (u) => customerNameKey(u.displayName), 5), nearMiss: true };
}

export class UserService {
  constructor(
    private readonly stores: Stores,
    private readonly adminExternalIds: ReadonlySet<string>,
    private readonly defaultTimezone = 'UTC',
  ) {}

  /** A user who has used the bot, or null. */
  find(platform: string, externalId: string): Promise<User | null> {
    return this.stores.users.findByExternalId(platform, externalId);
  }

  /** The user behind a platform identity, created on first contact. */
  async ensure(identity: UserIdentity): Promise<User> {
    const existing = await this.stores.users.findByExternalId(identity.platform, identity.externalId);
    const isConfiguredAdmin = this.adminExternalIds.has(identity.externalId);
    if (existing) {
      if (isConfiguredAdmin && existing.role !== 'admin') return this.promoteToAdmin(existing);
      return existing;
    }
    const user = await this.stores.users.createOrGet({
      platform: identity.platform,
      externalId: identity.externalId,
      workspaceId: identity.workspaceId,
      displayName: identity.displayName,
      role: isConfiguredAdmin ? 'admin' : 'rep',
    });
    await this.stores.audit.append({
      actorId: user.id,
      action: 'user.first_contact',
      entityType: 'user',
      entityId: String(user.id),
      after: { platform: user.platform, role: user.role },
    });
    return user;
  }

  private async promoteToAdmin(user: User): Promise<User> {
    const updated = await this.stores.users.update(user.id, { role: 'admin' });
    await this.stores.audit.append({
      actorId: null,
      action: 'user.role',
      entityType: 'user',
      entityId: String(user.id),
      before: { role: user.role },
      after: { role: 'admin', reason: 'ADMIN_USER_IDS' },
    });
    return updated;
  }

  /** What the platform says about the person (name, language, timezone): not audited, not a decision. */
  updateProfile(id: number, profile: Pick<UserChanges, 'displayName' | 'locale' | 'timezone' | 'localeSeenAt'>): Promise<User> {
    return this.stores.users.update(id, profile);
  }

  /** Someone mentioned in a command: created on first mention when the platform vouches for the id. */
  async findOrCreateMentioned(platform: string, externalId: string, verified: boolean): Promise<User | null> {
    const existing = await this.stores.users.findByExternalId(platform, externalId);
    if (existing || !verified) return existing;
    return this.ensure({ platform, externalId });
  }

  /** Everyone of the platform who may be named in a command or a file (bounded). */
  directory(platform: string): Promise<User[]> {
    return this.stores.users.listByPlatform(platform, PEOPLE_DIRECTORY_LIMIT);
  }

  /** The people a typed name or mention means on this platform (see peopleNamed). */
  async named(platform: string, typed: string): Promise<PeopleMatch> {
    return peopleNamed(typed, await this.directory(platform));
  }

  byId(id: number): Promise<User | null> {
    return this.stores.users.findById(id);
  }

  /** `/crm settings hours`: when reminders may reach this user, and in which timezone. */
  async setWorkingHours(user: User, hours: { start: string; end: string }, timezone?: string): Promise<User> {
    if (timezone !== undefined && !isValidTimezone(timezone)) throw new DomainError('timezone.invalid');
    const updated = await this.stores.transaction(async (tx) => {
      const saved = await tx.users.update(user.id, { workingHours: { ...user.workingHours, ...hours }, ...(timezone ? { timezone } : {}) });
      // Reminders not yet delivered follow the new hours at once, not only the ones scheduled later.
      for (const callback of await tx.callbacks.listPendingOf(user.id)) {
        await tx.callbacks.retime(callback.id, nextWorkingInstant(callback.dueAt, saved.workingHours, saved.timezone ?? this.defaultTimezone));
      }
      return saved;
    });
    await this.stores.audit.append({ actorId: user.id, action: 'user.hours', entityType: 'user', entityId: String(user.id), before: { ...user.workingHours, timezone: user.timezone }, after: { ...updated.workingHours, timezone: updated.timezone } });
    return updated;
  }

  teamMemberIds(managerId: number): Promise<number[]> {
    return this.stores.users.teamMemberIds(managerId);
  }
}
