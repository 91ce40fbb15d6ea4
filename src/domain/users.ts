// People who talk to the bot. Only our own staff become users (staff.ts decides who is): the first
// contact records them as reps, or admins when the operator listed them (ADMIN_USER_IDS). Anyone
// else is refused, and nothing is written but one audit entry a day saying so.
import { ACCOUNT_USE_PRECISION_MS } from './accounts.js';
import { customerNameKey } from './customers.js';
import { DomainError } from './errors.js';
import { nearMisses } from './name-match.js';
import { systemClock, type Clock, type NewUser, type Stores, type UserChanges } from './ports.js';
import { LASTING_REFUSALS, accountRefusal, isListedAdmin, newcomerRefusal, type StaffCheck, type StaffPolicy, type StaffRefusal } from './staff.js';
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
  const byId = people.filter((u) => u.accounts.some((a) => a.externalId === text));
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

/** What the platform said about a newcomer's profile, kept on their new user. */
export type FirstProfile = Pick<NewUser, 'displayName' | 'locale' | 'timezone'>;

export type Admission = { user: User } | { refused: StaffRefusal };

export interface UserSettings {
  defaultTimezone?: string;
  staffPolicy?: StaffPolicy;
  clock?: Clock;
}

/** A refusal is re-decided (and audited again) after this long. */
const REFUSAL_MEMORY_MS = 24 * 60 * 60 * 1000;
const REFUSED_ACTION = 'user.refused';

export class UserService {
  private readonly defaultTimezone: string;
  private readonly staffPolicy: StaffPolicy;
  private readonly clock: Clock;

  constructor(
    private readonly stores: Stores,
    /** ADMIN_USER_IDS as configured: `slack:U1`, `wecom:zhangsan`, or a bare Slack id. */
    private readonly adminExternalIds: ReadonlySet<string>,
    settings: UserSettings = {},
  ) {
    this.defaultTimezone = settings.defaultTimezone ?? 'UTC';
    this.staffPolicy = settings.staffPolicy ?? 'members';
    this.clock = settings.clock ?? systemClock;
  }

  /** The person behind an account that has used the bot, or null. */
  find(platform: string, externalId: string): Promise<User | null> {
    return this.stores.users.findByAccount(platform, externalId);
  }

  /**
   * The user behind a platform identity, created on first contact without any check: for the
   * operator's own tools (seed, import), never for chat requests (those go through admit).
   */
  async ensure(identity: UserIdentity): Promise<User> {
    const existing = await this.stores.users.findByAccount(identity.platform, identity.externalId);
    if (existing) return this.adminIfConfigured(existing);
    return this.createFirst(identity, {});
  }

  /**
   * Someone talking to the bot. `check`: what the platform says about them, asked just now, or
   * null when their user's facts are recent (a newcomer always needs one). An existing user the
   * platform now calls a guest, a bot or someone of another organisation is refused like a newcomer.
   * `known`: the account's user as the caller just read it (null: none), so it is not read twice.
   */
  async admit(identity: UserIdentity, check: StaffCheck | null, profile: FirstProfile = {}, known?: User | null): Promise<Admission> {
    const existing = known !== undefined ? known : await this.stores.users.findByAccount(identity.platform, identity.externalId);
    if (existing) {
      // unverified here means the platform did not answer: they were verified when they came.
      const refusal = check ? accountRefusal(check) : null;
      if (refusal && refusal !== 'unverified') return { refused: await this.refuse(identity, refusal) };
      // Where their notifications go by default: the account they used last (a coarse, cheap write).
      await this.stores.users.touchAccount(identity.platform, identity.externalId, this.clock.now(), ACCOUNT_USE_PRECISION_MS);
      return { user: await this.adminIfConfigured(existing) };
    }
    const refusal = check ? newcomerRefusal(check, this.staffPolicy, this.isAdmin(identity)) : 'unverified';
    if (refusal) return { refused: await this.refuse(identity, refusal) };
    return { user: await this.createFirst(identity, profile) };
  }

  /**
   * For someone without a user (their Home tab): whether the platform rules them out; creates
   * nothing. A platform that could not tell is no reason here: the page shows nothing of ours.
   */
  async screen(identity: UserIdentity, check: StaffCheck): Promise<StaffRefusal | null> {
    const refusal = newcomerRefusal(check, this.staffPolicy, this.isAdmin(identity));
    return refusal && refusal !== 'unverified' ? this.refuse(identity, refusal) : null;
  }

  /**
   * The refusal recorded for this person within the last day, if any: the platform is not asked
   * again meanwhile (whatever it said then, it says now).
   */
  async recentRefusal(platform: string, externalId: string): Promise<StaffRefusal | null> {
    const [last] = await this.stores.audit.forEntity('platform_user', `${platform}:${externalId}`, 1);
    if (!last || last.action !== REFUSED_ACTION || this.clock.now().getTime() - last.at.getTime() > REFUSAL_MEMORY_MS) return null;
    const reason = (JSON.parse(last.after ?? '{}') as { reason?: StaffRefusal }).reason;
    return reason && LASTING_REFUSALS.includes(reason) ? reason : null;
  }

  /**
   * Someone named in a command (a platform mention, so the id is real) who has no user yet: made
   * one when they are staff. `invitedBy`: an admin giving them a role, which the invited policy needs.
   */
  async admitMentioned(identity: UserIdentity, check: StaffCheck, profile: FirstProfile, invitedBy?: User): Promise<Admission> {
    const existing = await this.stores.users.findByAccount(identity.platform, identity.externalId);
    if (existing) return { user: existing };
    const invited = this.isAdmin(identity) || invitedBy?.role === 'admin';
    const refusal = newcomerRefusal(check, this.staffPolicy, invited);
    return refusal ? { refused: refusal } : { user: await this.createFirst(identity, profile) };
  }

  /** Creates the user; of concurrent first contacts one creates (and audits), the others read its row. */
  private async createFirst(identity: UserIdentity, profile: FirstProfile): Promise<User> {
    const { platform, externalId } = identity;
    const role = this.isAdmin(identity) ? 'admin' : 'rep';
    const displayName = profile.displayName || identity.displayName;
    const created = await this.stores.users.create({
      platform,
      externalId,
      role,
      ...(identity.workspaceId ? { workspaceId: identity.workspaceId } : {}),
      ...(displayName ? { displayName } : {}),
      ...(profile.locale !== undefined || profile.timezone !== undefined ? { locale: profile.locale ?? null, timezone: profile.timezone ?? null, localeSeenAt: this.clock.now() } : {}),
    });
    if (!created) {
      const winner = await this.stores.users.findByAccount(platform, externalId);
      if (!winner) throw new Error('user creation lost a race to a row that is not there');
      return winner;
    }
    await this.stores.audit.append({ actorId: created.id, action: 'user.first_contact', entityType: 'user', entityId: String(created.id), after: { platform, role } });
    return created;
  }

  /** Audited at most once a day per person and reason however often they try (the claim is in the database). */
  private async refuse(identity: UserIdentity, reason: StaffRefusal): Promise<StaffRefusal> {
    const entityId = `${identity.platform}:${identity.externalId}`;
    const day = this.clock.now().toISOString().slice(0, 10);
    if (await this.stores.deliveries.claim(`${REFUSED_ACTION}:${entityId}:${reason}:${day}`)) {
      await this.stores.audit.append({ actorId: null, action: REFUSED_ACTION, entityType: 'platform_user', entityId, after: { reason }, at: this.clock.now() });
    }
    return reason;
  }

  private isAdmin(account: { platform: string; externalId: string }): boolean {
    return isListedAdmin(this.adminExternalIds, account.platform, account.externalId);
  }

  private adminIfConfigured(user: User): Promise<User> {
    return user.role !== 'admin' && user.accounts.some((a) => this.isAdmin(a)) ? this.promoteToAdmin(user) : Promise.resolve(user);
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
