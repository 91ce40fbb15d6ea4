// The audit trail. Append-only: this module has no update or delete of audit rows.
// Personal values in customer snapshots (name, phone, email, company) are sealed with a key of
// that customer's own, kept in CustomerSecret and wrapped by the master key. Erasing the customer
// deletes its key: the trail keeps every row, but nothing readable about the person is left.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Prisma, PrismaClient } from '../generated/sqlite/client.js';
import { ERASED_VALUE } from '../domain/audit.js';
import { systemClock, type AuditStore, type Clock } from '../domain/ports.js';
import type { AuditEvent } from '../domain/types.js';

type Client = PrismaClient | Prisma.TransactionClient;

/** Wraps a customer's data key for storage (the master field cipher does this in production). */
export interface KeyWrap {
  wrap(key: Buffer): string;
  unwrap(wrapped: string): Buffer;
}

export const PERSONAL_AUDIT_FIELDS = ['name', 'phone', 'email', 'company'] as const;

interface Sealed {
  $sealed: string;
}

const isSealed = (value: unknown): value is Sealed => typeof value === 'object' && value !== null && typeof (value as Sealed).$sealed === 'string';

function seal(key: Buffer, value: unknown): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { $sealed: [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.') };
}

function open(key: Buffer, sealed: Sealed): unknown {
  const [iv = '', tag = '', body = ''] = sealed.$sealed.split('.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8'));
}

/** A value sealed under a key that was since forgotten (an erased customer) reads as erased. */
function openOrErased(key: Buffer | null, sealed: Sealed): unknown {
  if (!key) return ERASED_VALUE;
  try {
    return open(key, sealed);
  } catch {
    return ERASED_VALUE;
  }
}

function mapPersonal(snapshot: unknown, transform: (value: unknown) => unknown): unknown {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) return snapshot;
  const out: Record<string, unknown> = { ...(snapshot as Record<string, unknown>) };
  for (const field of PERSONAL_AUDIT_FIELDS) {
    if (field in out && out[field] !== null && out[field] !== undefined) out[field] = transform(out[field]);
  }
  return out;
}

export function createAuditStore(db: Client, keyWrap: KeyWrap, clock: Clock = systemClock): AuditStore {
  async function customerKey(customerId: number, create: boolean): Promise<Buffer | null> {
    const existing = await db.customerSecret.findUnique({ where: { customerId } });
    if (existing) return keyWrap.unwrap(existing.wrappedKey);
    if (!create) return null;
    const key = randomBytes(32);
    // upsert: two first audit entries for one customer must end up with one key.
    const row = await db.customerSecret.upsert({ where: { customerId }, update: {}, create: { customerId, wrappedKey: keyWrap.wrap(key) } });
    return keyWrap.unwrap(row.wrappedKey);
  }

  async function readable(event: AuditEvent): Promise<AuditEvent> {
    if (event.entityType !== 'customer') return event;
    const key = await customerKey(Number(event.entityId), false);
    const reveal = (text: string | null) => {
      if (text === null) return null;
      return JSON.stringify(mapPersonal(JSON.parse(text), (value) => (isSealed(value) ? openOrErased(key, value) : value)));
    };
    return { ...event, before: reveal(event.before), after: reveal(event.after) };
  }

  return {
    async append(entry) {
      let { before, after } = entry;
      if (entry.entityType === 'customer') {
        const key = await customerKey(Number(entry.entityId), true);
        if (key) {
          before = mapPersonal(before, (value) => seal(key, value));
          after = mapPersonal(after, (value) => seal(key, value));
        }
      }
      await db.auditEvent.create({
        data: {
          actorId: entry.actorId,
          action: entry.action,
          entityType: entry.entityType,
          entityId: entry.entityId,
          before: before === undefined ? null : JSON.stringify(before),
          after: after === undefined ? null : JSON.stringify(after),
          at: entry.at ?? clock.now(),
        },
      });
    },
    async forEntity(entityType, entityId, limit) {
      const rows = await db.auditEvent.findMany({ where: { entityType, entityId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit });
      return Promise.all(rows.map(readable));
    },
    async forgetCustomer(customerId) {
      await db.customerSecret.deleteMany({ where: { customerId } });
    },
  };
}
