// Phone numbers and emails at rest, key rotation, and the audit trail's per-customer keys.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/store/encryption.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';
import { rotateEncryptionKey } from '../../src/store/rotate-key.js';
import { useTestDatabase } from '../helpers/database.js';

const key = (id: string) => ({ id, key: randomBytes(32) });
const t = useTestDatabase();

describe('FieldCipher', () => {
  const a = key('a');
  const cipher = new FieldCipher(a);

  it('round-trips, binds the value to its column and detects tampering', () => {
    const stored = cipher.encrypt('+86 138 0013 8000', 'customer.phone');
    expect(stored).toMatch(/^enc:v1:a:/);
    expect(stored).not.toContain('138');
    expect(cipher.decrypt(stored, 'customer.phone')).toBe('+86 138 0013 8000');
    expect(() => cipher.decrypt(stored, 'customer.email')).toThrow(/does not decrypt/);
    const parts = stored.split(':');
    const body = Buffer.from(parts[5]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[5] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join(':'), 'customer.phone')).toThrow(/does not decrypt/);
  });

  it('reads values under an old key, names an unknown key, and passes legacy plaintext through', () => {
    const old = cipher.encrypt('x@y.cn', 'customer.email');
    const b = key('b');
    expect(new FieldCipher(b, [a]).decrypt(old, 'customer.email')).toBe('x@y.cn');
    expect(() => new FieldCipher(b).decrypt(old, 'customer.email')).toThrow(/no key "a"/);
    expect(cipher.decrypt('13800138000', 'customer.phone')).toBe('13800138000');
  });
});

describe('customers at rest', () => {
  async function seed(cipher: FieldCipher, count: number) {
    const stores = createPrismaStores(t.prisma, { cipher });
    const owner = await stores.users.createOrGet({ platform: 'slack', externalId: 'U1', role: 'rep' });
    for (let i = 1; i <= count; i++) {
      const c = await stores.customers.create({ name: `C${i}`, nameKey: `c${i}`, ownerId: owner.id, company: null, phone: `1380013${String(i).padStart(4, '0')}`, email: `c${i}@example.cn`, industry: null, region: null, tags: [] });
      await stores.audit.append({ actorId: owner.id, action: 'customer.create', entityType: 'customer', entityId: String(c.id), after: { name: c.name, phone: c.phone } });
    }
    return stores;
  }

  it('stores no plaintext phone or email', async () => {
    const cipher = new FieldCipher(key('a'));
    const stores = await seed(cipher, 3);
    const raw = await t.prisma.$queryRawUnsafe<Array<{ phone: string; email: string }>>('SELECT phone, email FROM "Customer"');
    expect(raw).toHaveLength(3);
    for (const row of raw) {
      expect(row.phone).toMatch(/^enc:v1:a:/);
      expect(row.email).toMatch(/^enc:v1:a:/);
    }
    expect(JSON.stringify(raw)).not.toMatch(/1380013|example\.cn/);
    expect((await stores.customers.findByNameKey('c2'))?.phone).toBe('13800130002');
  });

  it('rotate-key re-encrypts every value so the new key alone reads everything, and is idempotent', { timeout: 30_000 }, async () => {
    const a = key('a');
    await seed(new FieldCipher(a), 260);
    const b = key('b');
    const first = await rotateEncryptionKey(t.prisma, new FieldCipher(b, [a]), 100);
    expect(first).toMatchObject({ scanned: 260, reencrypted: 260, alreadyCurrent: 0, secretsRewrapped: 260 });
    const again = await rotateEncryptionKey(t.prisma, new FieldCipher(b, [a]), 100);
    expect(again).toMatchObject({ scanned: 260, reencrypted: 0, alreadyCurrent: 260, secretsRewrapped: 0 });

    const onlyB = createPrismaStores(t.prisma, { cipher: new FieldCipher(b) });
    const all = await onlyB.customers.list({ visibility: { everything: true }, offset: 0, limit: 500 });
    expect(all.items).toHaveLength(260);
    expect(all.items.every((c) => /^1380013\d{4}$/.test(c.phone ?? '') && /@example\.cn$/.test(c.email ?? ''))).toBe(true);
    const raw = await t.prisma.$queryRawUnsafe<Array<{ phone: string }>>('SELECT phone FROM "Customer"');
    expect(raw.every((r) => r.phone.startsWith('enc:v1:b:'))).toBe(true);
    // The audit trail's sealed values still open, through keys now wrapped by b.
    const trail = await onlyB.audit.forEntity('customer', '7', 5);
    expect(JSON.parse(trail[0]?.after ?? '{}')).toEqual({ name: 'C7', phone: '13800130007' });
  });
});
