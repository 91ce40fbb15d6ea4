// What the page reads of a conversation: the newest page, older pages by id, and what arrived or
// changed since it last asked (long polling). The database is the only source — any replica can
// answer, and nothing is kept per page in memory. Files are sent once by URL, not in every answer.
import { dmOf, isCustomerPerson, MANAGERS_CHANNEL } from './adapter.js';
import type { SandboxMessage, SandboxStore } from './store.js';

export const PAGE_SIZE = 50;
const POLL_INTERVAL_MS = 500;

/** A customer's contact sees only the shared channels; our people see their own DM and the channels. */
export function maySee(viewer: string, conversation: string): boolean {
  if (isCustomerPerson(viewer) && (conversation.startsWith('dm:') || conversation === MANAGERS_CHANNEL)) return false;
  return !conversation.startsWith('dm:') || conversation === dmOf(viewer);
}

export function fileUrl(id: number, viewer: string): string {
  return `/sandbox/api/files/${id}?as=${encodeURIComponent(viewer)}`;
}

/** A message as the page gets it: the file as a stable URL (cached by the browser), not its bytes. */
export function forPage(message: SandboxMessage, viewer: string) {
  const { file, ...rest } = message;
  return { ...rest, file: file ? { name: file.name, type: file.type, url: fileUrl(message.id, viewer) } : null };
}

export type PageMessage = ReturnType<typeof forPage>;

export interface FeedPage {
  messages: PageMessage[];
  /** Older messages exist before the first one here (scrolling up loads them with `before`). */
  hasOlder: boolean;
  /** The newest updatedAt among them: where the page's updates start. */
  since: string | null;
}

export interface FeedUpdate {
  messages: PageMessage[];
  /** Messages the page already has that were updated: replaced in place. */
  changed: PageMessage[];
  /** What to send as `since` next time: the newest updatedAt seen (stamped by the writing replica). */
  since: string;
}

export function createFeed(store: SandboxStore) {
  return {
    /** The newest page, or the page before message `before`. */
    async page(viewer: string, conversation: string, before: number | undefined, limit = PAGE_SIZE): Promise<FeedPage> {
      const rows = await store.list(conversation, viewer, { ...(before !== undefined ? { before } : {}), limit: limit + 1 });
      const hasOlder = rows.length > limit;
      const shown = hasOlder ? rows.slice(1) : rows;
      const newest = shown.reduce((max, m) => Math.max(max, m.updatedAt.getTime()), 0);
      return { messages: shown.map((m) => forPage(m, viewer)), hasOlder, since: newest > 0 ? new Date(newest).toISOString() : null };
    },

    /**
     * New messages after id `after`, and those up to it updated after `since` (the newest updatedAt
     * the page has seen); with `waitMs`, holds the request until there is something, the time is
     * up, or the page went away.
     */
    async updates(viewer: string, conversation: string, after: number, since: Date | undefined, waitMs: number, gone: () => boolean): Promise<FeedUpdate> {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const [fresh, changed] = await Promise.all([
          store.list(conversation, viewer, { after, limit: PAGE_SIZE }),
          since ? store.changed(conversation, viewer, after, since) : Promise.resolve([]),
        ]);
        if (fresh.length > 0 || changed.length > 0 || Date.now() >= deadline || gone()) {
          const newest = [...fresh, ...changed].reduce((max, m) => Math.max(max, m.updatedAt.getTime()), since?.getTime() ?? 0);
          return { messages: fresh.map((m) => forPage(m, viewer)), changed: changed.map((m) => forPage(m, viewer)), since: new Date(newest).toISOString() };
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    },
  };
}
