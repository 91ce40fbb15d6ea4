// A person inside the reply model's text, neutral until a renderer writes it: Slack as a mention
// (`<@U…>`) when the person has a Slack account, any other platform (or a person without an account
// there) by name. Views write `personRef(user)` where they would write a name. The reference is
// three private-use characters around the account and the name, which `literal` strips from user
// data, so nothing a person types can turn into a mention.
import type { User } from '../domain/types.js';

const OPEN = '\ue100';
const SEP = '\ue101';
const CLOSE = '\ue102';
/** The reference's own characters, and two a renderer may hold a mention in: never part of user data (markup.ts literal removes them). */
export const PERSON_REF_CHARS = /[\ue100-\ue104]/g;
const REF = /\ue100([^\ue100-\ue102]*)\ue101([^\ue100-\ue102]*)\ue101([^\ue100-\ue102]*)\ue102/g;

export interface PersonRef {
  /** The account the reference was made from (its platform and the platform's id). */
  platform: string;
  externalId: string;
  /** What to show where the platform cannot mention them. */
  name: string;
}

/**
 * The person as a reference in text, made from one of their accounts (a platform that can mention
 * them needs its own; the first is kept otherwise); the name shown is their display name, else their id.
 */
export function personRef(user: { accounts: ReadonlyArray<Pick<User['accounts'][number], 'platform' | 'externalId'>>; displayName: string }, preferPlatform = 'slack'): string {
  const clean = (s: string) => s.replace(PERSON_REF_CHARS, '');
  const account = user.accounts.find((a) => a.platform === preferPlatform) ?? user.accounts[0];
  const platform = account?.platform ?? '';
  const externalId = account?.externalId ?? '';
  return `${OPEN}${clean(platform)}${SEP}${clean(externalId)}${SEP}${clean(user.displayName || externalId)}${CLOSE}`;
}

/** Writes every reference in `markup` the platform's way. */
export function renderPersonRefs(markup: string, write: (person: PersonRef) => string): string {
  return markup.replace(REF, (_all, platform: string, externalId: string, name: string) => write({ platform, externalId, name }));
}
