// What the sandbox keeps: its conversations and its simulated clock, in the database like every
// other state (src/store/sandbox-store.ts implements it), so a restart loses nothing.
import type { Reply } from '../../chat/reply.js';

export interface SandboxFile {
  name: string;
  type: string;
  /** base64 */
  data: string;
}

export interface SandboxMessage {
  id: number;
  conversation: string;
  /** "bot" or the id of the person who typed it. */
  author: string;
  /** A private reply: only this person sees it. */
  visibleTo: string | null;
  /** The bot's reply (neutral model), or a person's text as `{ text }`. */
  reply: Reply | { text: string };
  file: SandboxFile | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SandboxStore {
  add(message: { conversation: string; author: string; visibleTo: string | null; reply: SandboxMessage['reply']; file?: SandboxFile }): Promise<SandboxMessage>;
  replace(id: number, reply: SandboxMessage['reply']): Promise<boolean>;
  find(id: number): Promise<SandboxMessage | null>;
  /**
   * Messages of a conversation that `viewer` may see, oldest first: those after `after`, or the
   * newest `limit` before `before` (the newest of all when neither is given).
   */
  list(conversation: string, viewer: string, page: { after?: number; before?: number; limit: number }): Promise<SandboxMessage[]>;
  /** Messages up to id `upTo` that changed (update(ref)) since `since`: the page replaces them in place. */
  changed(conversation: string, viewer: string, upTo: number, since: Date): Promise<SandboxMessage[]>;
  /** Conversations with messages, newest activity first. */
  conversations(viewer: string): Promise<Array<{ conversation: string; lastId: number }>>;
  getState(key: string): Promise<string | null>;
  setState(key: string, value: string): Promise<void>;
}
