// POST to a response_url (slash command, interaction). Bolt's respond() has no timeout; this
// one does, and it reports failure instead of throwing so the caller can fall back to a DM
// (a response_url expires after 30 minutes and 5 uses).
import type { SlackMessage } from './render-message.js';

export interface ResponseUrlMessage extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export async function postToResponseUrl(
  url: string,
  message: ResponseUrlMessage,
  options: { fetch?: FetchLike; timeoutMs: number },
): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!/^https?:\/\//.test(url)) return { ok: false, reason: 'not an http(s) URL' };
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Slack answers 200 with a body "ok" or JSON {ok:false,error}; expired URLs answer 404.
    const body = await response.text().catch(() => '');
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
    if (body.startsWith('{')) {
      const parsed = JSON.parse(body) as { ok?: boolean; error?: string };
      if (parsed.ok === false) return { ok: false, reason: parsed.error ?? 'not ok' };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.name : 'request failed' };
  }
}
