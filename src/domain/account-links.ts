// `/crm link`: one person, several platform accounts. A one-time code issued on one platform and
// typed on another proves both accounts are the same person; an admin may link them directly.
// Two people who both own data are only joined by an admin's explicit merge.
import { createHash, randomInt } from 'node:crypto';
import type { CustomerService } from './customers.js';
import { DomainError } from './errors.js';
import type { AccountKey, Clock, Stores } from './ports.js';
import type { PlatformAccount, Role, User } from './types.js';

export const LINK_CODE_TTL_MS = 10 * 60 * 1000;
/** Wrong codes an account may type per window before it has to wait. */
export const LINK_MAX_FAILURES = 5;
export const LINK_FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** 10 characters of 30 (no 0/O, 1/I/L, U): 49 bits, shown as XXXXX-XXXXX. */
const CODE_CHARS = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const CODE_LENGTH = 10;

const ROLE_RANK: Record<Role, number> = { rep: 0, manager: 1, admin: 2 };

export type LinkOutcome =
  | { kind: 'linked'; person: User; account: AccountKey }
  /** Both own data: only an admin's merge joins them (`merge` on the admin's command). */
  | { kind: 'needs_merge'; person: User; other: User; account: AccountKey };

export function normalizeLinkCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function looksLikeLinkCode(typed: string): boolean {
  return new RegExp(`^[${CODE_CHARS}]{${CODE_LENGTH}}$`).test(normalizeLinkCode(typed));
}

function hashCode(code: string): string {
  return createHash('sha256').update(`rapport-link:${normalizeLinkCode(code)}`).digest('base64url');
}

export class AccountLinkService {
  constructor(
    private readonly stores: Stores,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
  ) {}

  /** A new one-time code for the person, to type on their other platform within 10 minutes. */
  async issueCode(person: User, via: AccountKey): Promise<{ code: string; expiresAt: Date }> {
    const raw = Array.from({ length: CODE_LENGTH }, () => CODE_CHARS[randomInt(CODE_CHARS.length)]).join('');
    const code = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + LINK_CODE_TTL_MS);
    // Codes are issued rarely: clearing what no longer counts here keeps both tables small. An
    // expired code is kept a day, so that typing it still says "expired" rather than "wrong".
    await this.stores.linkCodes.prune(new Date(now.getTime() - 24 * 60 * 60 * 1000), new Date(now.getTime() - LINK_FAILURE_WINDOW_MS));
    await this.stores.linkCodes.create({ codeHash: hashCode(code), userId: person.id, platform: via.platform, expiresAt });
    return { code, expiresAt };
  }

  /**
   * The code typed by `person` through `via`: joins `via` to the person who issued it. Every
   * refusal changes nothing but the count of wrong attempts (rate limiting).
   */
  async redeem(person: User, via: AccountKey, typed: string): Promise<LinkOutcome> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - LINK_FAILURE_WINDOW_MS);
    if ((await this.stores.linkCodes.failuresSince(via, since)) >= LINK_MAX_FAILURES) throw new DomainError('link.too_many_attempts', { minutes: LINK_FAILURE_WINDOW_MS / 60_000 });
    const codeHash = hashCode(typed);
    const code = await this.stores.linkCodes.find(codeHash);
    const refuse = async (reason: 'link.code_wrong' | 'link.code_used' | 'link.code_expired' | 'link.same_platform'): Promise<never> => {
      await this.stores.linkCodes.recordFailure(via, now);
      throw new DomainError(reason);
    };
    if (!code) return refuse('link.code_wrong');
    if (code.usedAt) return refuse('link.code_used');
    if (code.expiresAt.getTime() <= now.getTime()) return refuse('link.code_expired');
    if (code.platform === via.platform) return refuse('link.same_platform');
    const issuer = await this.stores.users.findById(code.userId);
    if (!issuer) return refuse('link.code_wrong');
    const outcome = await this.join(issuer, person, via, { merge: false, actor: person, consume: codeHash });
    if (outcome.kind === 'needs_merge') throw new DomainError('link.both_hold_data');
    return outcome;
  }

  /** `/crm link @person platform:id [merge]` by an admin. */
  async adminLink(actor: User, person: User, account: AccountKey, merge: boolean): Promise<LinkOutcome> {
    await this.customers.requireGeneral(actor, 'account.link_other');
    const owner = await this.stores.users.findByAccount(account.platform, account.externalId);
    if (!owner) {
      if (person.accounts.some((a) => a.platform === account.platform)) throw new DomainError('link.platform_taken', { platform: account.platform });
      const added = await this.stores.transaction(async (tx) => {
        if (!(await tx.users.addAccount(person.id, account))) return false;
        await tx.audit.append({ actorId: actor.id, action: 'account.link', entityType: 'user', entityId: String(person.id), after: { platform: account.platform, externalId: account.externalId } });
        return true;
      });
      if (!added) throw new DomainError('link.linked_elsewhere');
      return { kind: 'linked', person: (await this.stores.users.findById(person.id))!, account };
    }
    return this.join(person, owner, account, { merge, actor });
  }

  /**
   * Joins `other` (the person now behind `account`) into `person`. `other` must have no account
   * but `account`; when both own data only `merge` joins them. The survivor is the one with data.
   */
  private async join(person: User, other: User, account: AccountKey, options: { merge: boolean; actor: User; consume?: string }): Promise<LinkOutcome> {
    if (person.id === other.id) throw new DomainError('link.already_yours');
    if (other.accounts.length > 1) throw new DomainError('link.linked_elsewhere');
    if (person.accounts.some((a) => a.platform === account.platform)) throw new DomainError('link.platform_taken', { platform: account.platform });
    const [personHolds, otherHolds] = await Promise.all([this.stores.users.holdsData(person.id), this.stores.users.holdsData(other.id)]);
    if (personHolds && otherHolds && !options.merge) return { kind: 'needs_merge', person, other, account };
    const [keep, gone] = otherHolds && !personHolds ? [other, person] : [person, other];
    const role = ROLE_RANK[other.role] > ROLE_RANK[keep.role] ? other.role : keep.role;
    const merged = await this.stores.transaction(async (tx) => {
      if (options.consume && !(await tx.linkCodes.consume(options.consume, this.clock.now()))) throw new DomainError('link.code_used');
      await tx.users.mergeInto(gone.id, keep.id);
      const saved = role !== keep.role ? await tx.users.update(keep.id, { role }) : keep;
      const action = personHolds && otherHolds ? 'account.merge' : 'account.link';
      await tx.audit.append({
        actorId: options.actor.id === gone.id ? keep.id : options.actor.id,
        action,
        entityType: 'user',
        entityId: String(keep.id),
        before: { mergedUserId: gone.id, role: keep.role },
        after: { platform: account.platform, externalId: account.externalId, role: saved.role },
      });
      return saved.id;
    });
    return { kind: 'linked', person: (await this.stores.users.findById(merged))!, account };
  }

  /** `/crm link remove <platform>`: the person keeps their other accounts (never their last). */
  async unlink(person: User, platform: string): Promise<User> {
    const account = person.accounts.find((a) => a.platform === platform);
    if (!account) throw new DomainError('link.not_linked', { platform });
    if (person.accounts.length === 1) throw new DomainError('link.last_account');
    return this.stores.transaction(async (tx) => {
      await tx.users.removeAccount(person.id, platform);
      if (person.notifyPlatform === platform) await tx.users.update(person.id, { notifyPlatform: null });
      await tx.audit.append({ actorId: person.id, action: 'account.unlink', entityType: 'user', entityId: String(person.id), before: { platform, externalId: account.externalId } });
      return (await tx.users.findById(person.id))!;
    });
  }

  /** `/crm settings notify <platform|auto>`: where reminders, digests and alerts reach the person. */
  async setNotifyPlatform(person: User, platform: string | null): Promise<User> {
    if (platform !== null && !person.accounts.some((a: PlatformAccount) => a.platform === platform)) throw new DomainError('link.not_linked', { platform });
    const updated = await this.stores.users.update(person.id, { notifyPlatform: platform });
    await this.stores.audit.append({ actorId: person.id, action: 'user.notify', entityType: 'user', entityId: String(person.id), before: { notifyPlatform: person.notifyPlatform }, after: { notifyPlatform: platform } });
    return updated;
  }
}
