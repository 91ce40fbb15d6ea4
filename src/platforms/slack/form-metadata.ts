// What a modal carries through its round-trip in private_metadata (≤ 3000 characters):
// the Bot's opaque Form.state, plus — when it fits — the response_url of the slash command,
// shortcut or message button that opened the form, so the submission's reply can appear where
// the user started (ephemeral in that channel) instead of in the bot's DM.
import { LIMITS } from './limits.js';

export interface FormMetadata {
  state: string;
  /** response_url of the interaction that opened the form (valid 30 min, 5 uses). */
  responseUrl?: string;
}

interface Envelope {
  v: 1;
  s: string;
  r?: string;
}

/** Throws when the Bot's state alone does not fit (a Form contract violation). */
export function encodeFormMetadata(meta: FormMetadata): string {
  const withUrl: Envelope = meta.responseUrl ? { v: 1, s: meta.state, r: meta.responseUrl } : { v: 1, s: meta.state };
  const full = JSON.stringify(withUrl);
  if (full.length <= LIMITS.privateMetadata) return full;
  // Drop the response_url first: the reply then goes to the DM instead, nothing is lost.
  const stateOnly = JSON.stringify({ v: 1, s: meta.state } satisfies Envelope);
  if (stateOnly.length <= LIMITS.privateMetadata) return stateOnly;
  throw new Error(`form state too long for private_metadata (${stateOnly.length} > ${LIMITS.privateMetadata} characters)`);
}

export function decodeFormMetadata(raw: string | undefined): FormMetadata {
  if (!raw) return { state: '' };
  try {
    const parsed = JSON.parse(raw) as Partial<Envelope>;
    if (parsed && parsed.v === 1 && typeof parsed.s === 'string') {
      return typeof parsed.r === 'string' ? { state: parsed.s, responseUrl: parsed.r } : { state: parsed.s };
    }
  } catch {
    // not ours: treat the whole string as state
  }
  return { state: raw };
}
