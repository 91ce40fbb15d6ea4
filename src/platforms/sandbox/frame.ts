// The page's own words (labels, buttons, placeholders) in the chosen person's language, and the
// sandbox's message limit, which the page checks before sending and the API enforces.
import { en, translate, type Locale, type MessageKey } from '../../i18n/catalog.js';

/** Longest message the sandbox accepts, in characters (Slack's own command text limit is of this order). */
export const SANDBOX_TEXT_LIMIT = 4000;

const FRAME_KEYS = (Object.keys(en) as MessageKey[]).filter((key) => key.startsWith('sandbox.frame.'));

/** The frame's strings by short name ("send", "too_long"); placeholders like {max} stay for the page. */
export function sandboxFrame(locale: Locale): Record<string, string> {
  return Object.fromEntries(FRAME_KEYS.map((key) => [key.slice('sandbox.frame.'.length), translate(locale, key)]));
}
