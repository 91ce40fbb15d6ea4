// What the sandbox keeps: its conversations and its simulated clock, in the database like every
// other state (the neutral ConversationStore port, implemented by src/store/sandbox-store.ts), so
// a restart loses nothing. A message carries the bot's reply, or a person's text as `{ text }`.
import type { Reply } from '../../chat/reply.js';
import type { ConversationStore, StoredFile, StoredMessage } from '../../domain/ports.js';

export type SandboxFile = StoredFile;
export type SandboxMessage = StoredMessage<Reply | { text: string }>;
export type SandboxStore = ConversationStore<SandboxMessage['reply']>;
