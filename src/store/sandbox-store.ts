// Stored conversations (the ConversationStore port): the sandbox's messages and settings. The
// message's payload is the platform's business (JSON here); this module knows no platform module.
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import { systemClock, type Clock, type ConversationStore, type StoredMessage } from '../domain/ports.js';

type Client = PrismaClient | Prisma.TransactionClient;

/** What a message carries unless the platform says more: every payload has its plain text. */
type Payload = { text: string };

function toMessage<R>(row: Prisma.SandboxMessageModel): StoredMessage<R> {
  return {
    id: row.id,
    conversation: row.conversation,
    author: row.author,
    visibleTo: row.visibleTo,
    reply: JSON.parse(row.reply) as R,
    file: row.fileData && row.fileName && row.fileType ? { name: row.fileName, type: row.fileType, data: row.fileData } : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * `clock` stamps a message's createdAt (the time the page shows: simulated in the sandbox);
 * updatedAt stays Prisma's real time, because it is the page's cursor for changes.
 */
export function createSandboxStore<R extends Payload = Payload>(db: Client, clock: Clock = systemClock): ConversationStore<R> {
  return {
    async add(message) {
      const row = await db.sandboxMessage.create({
        data: {
          conversation: message.conversation,
          author: message.author,
          visibleTo: message.visibleTo,
          reply: JSON.stringify(message.reply),
          createdAt: clock.now(),
          ...(message.file ? { fileName: message.file.name, fileType: message.file.type, fileData: message.file.data } : {}),
        },
      });
      return toMessage<R>(row);
    },
    async replace(id, reply) {
      const { count } = await db.sandboxMessage.updateMany({ where: { id }, data: { reply: JSON.stringify(reply) } });
      return count === 1;
    },
    async find(id) {
      const row = await db.sandboxMessage.findUnique({ where: { id } });
      return row && toMessage<R>(row);
    },
    async list(conversation, viewer, { after, before, limit }) {
      const visible = { conversation, OR: [{ visibleTo: null }, { visibleTo: viewer }] };
      if (after !== undefined) {
        const rows = await db.sandboxMessage.findMany({ where: { ...visible, id: { gt: after } }, orderBy: { id: 'asc' }, take: limit });
        return rows.map((row) => toMessage<R>(row));
      }
      // A page back from `before` (or from the end): the newest first, then turned oldest first.
      const rows = await db.sandboxMessage.findMany({ where: { ...visible, ...(before !== undefined ? { id: { lt: before } } : {}) }, orderBy: { id: 'desc' }, take: limit });
      return rows.reverse().map((row) => toMessage<R>(row));
    },
    async changed(conversation, viewer, upTo, since) {
      const rows = await db.sandboxMessage.findMany({
        where: { conversation, id: { lte: upTo }, updatedAt: { gt: since }, OR: [{ visibleTo: null }, { visibleTo: viewer }] },
        orderBy: { id: 'asc' },
        take: 200,
      });
      return rows.map((row) => toMessage<R>(row));
    },
    async conversations(viewer) {
      const rows = await db.sandboxMessage.groupBy({ by: ['conversation'], where: { OR: [{ visibleTo: null }, { visibleTo: viewer }] }, _max: { id: true } });
      return rows.map((r) => ({ conversation: r.conversation, lastId: r._max.id ?? 0 })).sort((a, b) => b.lastId - a.lastId);
    },
    async getState(key) {
      return (await db.sandboxState.findUnique({ where: { key } }))?.value ?? null;
    },
    async setState(key, value) {
      await db.sandboxState.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
  };
}

/** Who the sandbox lists: our people of the sandbox platform, and the customers' shared channels. */
export function createSandboxPeople(db: Client) {
  return {
    async staff() {
      const accounts = await db.platformAccount.findMany({
        where: { platform: 'sandbox' },
        orderBy: [{ user: { role: 'asc' } }, { userId: 'asc' }],
        select: { externalId: true, user: { select: { displayName: true, role: true, locale: true, timezone: true } } },
      });
      return accounts.map(({ externalId, user: u }) => ({ id: externalId, name: u.displayName || externalId, role: u.role, locale: u.locale, timezone: u.timezone }));
    },
    async customerChannels() {
      const rows = await db.customer.findMany({ where: { channelId: { startsWith: 'sandbox:' }, erasedAt: null }, orderBy: { name: 'asc' }, take: 50, select: { channelId: true, channelName: true, name: true } });
      return rows.map((r) => ({ id: r.channelId ?? '', name: r.channelName ?? r.name }));
    },
  };
}
