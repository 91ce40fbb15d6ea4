// What the outbound router could not deliver (kept as a trace, see UndeliverableMessage). The
// OutboundStore port.
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import type { OutboundStore } from '../domain/ports.js';

type Client = PrismaClient | Prisma.TransactionClient;

export function createOutboundStore(db: Client): OutboundStore {
  return {
    async recordUndeliverable(record) {
      await db.undeliverableMessage.create({ data: record });
    },
    async undeliverable(limit) {
      const rows = await db.undeliverableMessage.findMany({ orderBy: { id: 'desc' }, take: limit });
      return rows.map(({ what, platform, recipient, reason, at }) => ({ what, platform, recipient, reason, at }));
    },
  };
}
