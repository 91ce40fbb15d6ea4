// Free text someone wrote (a sentence to the bot, a contact's summary) names people the way its
// platform references them (`<@U0BOB>`): stored like that, every reader would see a raw id (a
// renderer shows user text literally) and another platform could not read it. They are kept as
// the person's name instead, `@Bob`, like channels are kept as `#name` (channelRefsAsText).
import type { ChatContext } from './context.js';
import { channelRefsAsText } from './text/tokenize.js';

/** The same form parseMention reads: `<@U123>` / `<@U123|label>`. */
const MENTION = /<@([A-Z0-9]+)(?:\|([^>]*))?>/g;
/** Distinct people looked up on the platform for one text, at most (the rest keep their id). */
const MAX_LOOKUPS = 5;

export async function peopleAsText(ctx: Pick<ChatContext, 'domain' | 'speaker' | 'directory'>, text: string): Promise<string> {
  const ids = [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!))];
  const names = new Map<string, string>();
  let lookups = 0;
  for (const id of ids) {
    const user = await ctx.domain.users.find(ctx.speaker.platform, id);
    if (user?.displayName) names.set(id, user.displayName);
    else if (ctx.directory && lookups++ < MAX_LOOKUPS) {
      // Only their name is read: nobody becomes a user by being mentioned in a sentence.
      const profile = await ctx.directory.lookupProfile(id).catch(() => null);
      if (profile?.displayName) names.set(id, profile.displayName);
    }
  }
  const withPeople = text.replace(MENTION, (_all, id: string, label?: string) => `@${names.get(id) ?? (label?.trim() || id)}`);
  return channelRefsAsText(withPeople);
}
