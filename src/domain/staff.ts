import { KNOWN_PLATFORMS } from './accounts.js';

// Who may be staff (a user of the bot, with a role): a policy over what the platform says about a
// person. Adapters report facts (users.info on Slack); this module alone decides. Customers'
// people answer polls without being users at all (see polls.ts), so nothing here concerns them.

/** What an account is on its platform: only full members of our own organisation can be staff. */
export type AccountKind = 'member' | 'guest' | 'external' | 'bot';

/** A workspace, and the organisation (Slack Enterprise Grid) it belongs to, when it does. */
export interface Workspace {
  id: string;
  enterpriseId?: string;
}

export interface StaffFacts {
  kind: AccountKind;
  /** The person's own workspace (for a Slack Connect member: their company's, not ours). */
  workspace?: Workspace;
}

/** What the platform said, asked just now: facts null when it could not say, home null when our own workspace is unknown. */
export interface StaffCheck {
  facts: StaffFacts | null;
  home: Workspace | null;
}

/** STAFF_POLICY: every full member starts as a rep, or only those an admin gave a role. */
export const STAFF_POLICIES = ['members', 'invited'] as const;
export type StaffPolicy = (typeof STAFF_POLICIES)[number];

/** Why someone is not staff. `unverified`: the platform could not tell (refused, never remembered). */
export type StaffRefusal = 'guest' | 'external' | 'bot' | 'not_invited' | 'unverified';

/** The reasons worth remembering for a day: the platform said so, asking again would say the same. */
export const LASTING_REFUSALS: readonly StaffRefusal[] = ['guest', 'external', 'bot', 'not_invited'];

export function sameOrganisation(a: Workspace, b: Workspace): boolean {
  return a.id === b.id || (a.enterpriseId !== undefined && a.enterpriseId === b.enterpriseId);
}

/** What the account itself rules out: a guest, a bot, someone of another organisation, or unknown facts. */
export function accountRefusal(check: StaffCheck): StaffRefusal | null {
  const { facts, home } = check;
  if (!facts) return 'unverified';
  if (facts.kind !== 'member') return facts.kind;
  if (!home || !facts.workspace) return 'unverified';
  return sameOrganisation(facts.workspace, home) ? null : 'external';
}

/**
 * Whether someone without a user may get one. `invited`: an admin gave them a role (ADMIN_USER_IDS,
 * or `/crm role @x …` by an admin); under the `invited` policy nobody else gets in.
 */
export function newcomerRefusal(check: StaffCheck, policy: StaffPolicy, invited: boolean): StaffRefusal | null {
  return accountRefusal(check) ?? (policy === 'invited' && !invited ? 'not_invited' : null);
}

/** Platforms an ADMIN_USER_IDS entry may name (`wecom:zhangsan`); a bare id is a Slack member id. */
export const ADMIN_ID_PLATFORMS = KNOWN_PLATFORMS;
const ADMIN_ENTRY = /^(?:([a-z]+):)?([^\s,:]+)$/;

/** An ADMIN_USER_IDS entry as platform and id, or null when it is malformed or names no known platform. */
export function parseAdminEntry(entry: string): { platform: string; externalId: string } | null {
  const match = ADMIN_ENTRY.exec(entry.trim());
  if (!match) return null;
  const platform = match[1] ?? 'slack';
  return (ADMIN_ID_PLATFORMS as readonly string[]).includes(platform) ? { platform, externalId: match[2]! } : null;
}

/**
 * Whether the operator listed this account as an admin. A bare id means Slack (existing
 * deployments); the sandbox, where anyone can be anyone on this machine, reads bare ids too.
 */
export function isListedAdmin(entries: ReadonlySet<string>, platform: string, externalId: string): boolean {
  return entries.has(`${platform}:${externalId}`) || ((platform === 'slack' || platform === 'sandbox') && entries.has(externalId));
}
