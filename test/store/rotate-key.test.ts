// npm run rotate-key: every value stays readable, and ends up under the new key alone.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey, type EncryptionKey } from '../../src/config/env.js';
import type { PrismaClient } from '../../src/store/database.js';
import { createFieldCipher, FieldDecryptionError, generateKeyText, type FieldCipher } from '../../src/store/field-cipher.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';
import { rotateFieldEncryption } from '../../scripts/rotate-key.js';
import { useTestDatabase } from '../helpers/database.js';

const t = useTestDatabase();
const keyText = { a: generateKeyText('a'), b: generateKeyText('b') };
const A: EncryptionKey = parseEncryptionKey(keyText.a)!;
const B: EncryptionKey = parseEncryptionKey(keyText.b)!;
const COUNT = 23;

const phoneOf = (i: number) => `1391234${String(i).padStart(4, '0')}`;
const emailOf = (i: number) => `buyer${i}@example.cn`;

/** COUNT customers under key a (one without an email, one stored before encryption existed), with audit entries. */
async function seedUnderA(): Promise<void> {
  const stores = createPrismaStores(t.prisma, { cipher: createFieldCipher(A), provider: t.provider });
  const owner = await stores.users.createOrGet({ platform: 'slack', externalId: 'U1', role: 'rep' });
  for (let i = 1; i <= COUNT; i++) {
    const c = await stores.customers.create({
      name: `Buyer ${i}`,
      nameKey: `buyer ${i}`,
      ownerId: owner.id,
      createdAt: new Date(),
      company: null,
      phone: phoneOf(i),
      email: i === 5 ? null : emailOf(i),
      industry: null,
      region: null,
      tags: [],
    });
    if (i % 2 === 1) await stores.audit.append({ actorId: owner.id, action: 'customer.create', entityType: 'customer', entityId: String(c.id), after: { name: c.name, phone: c.phone } });
  }
  // Customer 7 was stored before encryption was switched on.
  await t.prisma.$executeRawUnsafe(`UPDATE "Customer" SET phone = '${phoneOf(7)}', email = '${emailOf(7)}' WHERE id = 7`);
}

const raw = (prisma: PrismaClient = t.prisma) =>
  prisma.$queryRawUnsafe<Array<{ phone: string | null; email: string | null }>>('SELECT phone, email FROM "Customer" ORDER BY id');

async function expectAllUnderBAlone(): Promise<void> {
  const onlyB = createPrismaStores(t.prisma, { cipher: createFieldCipher(B), provider: t.provider });
  const all = await onlyB.customers.list({ visibility: { everything: true }, offset: 0, limit: 100 });
  expect(all.items).toHaveLength(COUNT);
  for (const c of all.items) {
    const i = Number(c.name.split(' ')[1]);
    expect(c.phone).toBe(phoneOf(i));
    expect(c.email).toBe(i === 5 ? null : emailOf(i));
  }
  const rows = await raw();
  for (const row of rows) {
    expect(row.phone).toMatch(/^enc:v1:b:/);
    if (row.email !== null) expect(row.email).toMatch(/^enc:v1:b:/);
  }
  expect(JSON.stringify(rows)).not.toMatch(/1391234|example\.cn|buyer/);
  // The audit trail's sealed values still open, through per-customer keys now wrapped by b.
  const secrets = await t.prisma.customerSecret.findMany();
  expect(secrets.length).toBe(Math.ceil(COUNT / 2));
  expect(secrets.every((s) => s.wrappedKey.startsWith('enc:v1:b:'))).toBe(true);
  const trail = await onlyB.audit.forEntity('customer', '9', 5);
  expect(JSON.parse(trail[0]?.after ?? '{}')).toEqual({ name: 'Buyer 9', phone: phoneOf(9) });
}

describe('rotateFieldEncryption', () => {
  it('re-encrypts every value under the current key so that it alone reads everything; a second run has nothing to do', async () => {
    await seedUnderA();
    const before = await t.prisma.customer.findMany({ select: { id: true, updatedAt: true }, orderBy: { id: 'asc' } });
    const batches: number[] = [];
    const first = await rotateFieldEncryption(t.prisma, createFieldCipher(B, [A]), { batchSize: 7, onBatch: (p) => batches.push(p.scanned) });
    expect(first).toMatchObject({
      currentKeyId: 'b',
      scanned: COUNT,
      reencrypted: COUNT,
      alreadyCurrent: 0,
      plaintextEncrypted: 2,
      secretsScanned: 12,
      secretsRewrapped: 12,
      retried: 0,
    });
    expect(batches.slice(0, 4)).toEqual([7, 14, 21, 23]);
    await expectAllUnderBAlone();
    // Re-encrypting is not a change to the customer: updatedAt (and so "recently changed" order) stays.
    expect(await t.prisma.customer.findMany({ select: { id: true, updatedAt: true }, orderBy: { id: 'asc' } })).toEqual(before);

    const again = await rotateFieldEncryption(t.prisma, createFieldCipher(B, [A]), { batchSize: 7 });
    expect(again).toMatchObject({ scanned: COUNT, reencrypted: 0, alreadyCurrent: COUNT, secretsRewrapped: 0 });
  });

  it('does not overwrite a value the app changes while a batch is in flight', async () => {
    await seedUnderA();
    const cipher: FieldCipher = createFieldCipher(B, [A]);
    const app = createPrismaStores(t.prisma, { cipher, provider: t.provider });
    // The app writes to customer 2 after rotate-key read the first batch and before it writes.
    let interfered = false;
    const customer = new Proxy(t.prisma.customer, {
      get(target, prop) {
        if (prop !== 'findMany') return Reflect.get(target, prop);
        return async (args: Parameters<typeof target.findMany>[0]) => {
          const rows = await target.findMany(args);
          if (!interfered) {
            interfered = true;
            await app.customers.update(2, { phone: '13700000002' });
          }
          return rows;
        };
      },
    });
    const prisma = new Proxy(t.prisma, {
      get(target, prop) {
        if (prop === 'customer') return customer;
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const report = await rotateFieldEncryption(prisma, cipher, { batchSize: 10 });
    expect(interfered).toBe(true);
    expect(report.retried).toBe(1);
    expect(report).toMatchObject({ scanned: COUNT, reencrypted: COUNT });
    const onlyB = createPrismaStores(t.prisma, { cipher: createFieldCipher(B), provider: t.provider });
    expect(await onlyB.customers.findById(2)).toMatchObject({ phone: '13700000002', email: emailOf(2) });
  });

  it('stops with the customer and the missing key id (never a value) when a key is not configured', async () => {
    await seedUnderA();
    const error = await rotateFieldEncryption(t.prisma, createFieldCipher(B), { batchSize: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldDecryptionError);
    expect((error as Error).message).toMatch(/^customer 1: a customer\.phone value is encrypted with key "a", which is not configured/);
    expect((error as Error).message).not.toMatch(/1391234|example/);
    // Nothing half-done: the first batch failed before its transaction.
    expect((await raw()).every((r) => !r.phone?.startsWith('enc:v1:b:'))).toBe(true);
  });
});

describe('npm run rotate-key', () => {
  it('rotates the database of DATABASE_URL and prints counts, without keys or personal data', async () => {
    await seedUnderA();
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/rotate-key.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.url, ENCRYPTION_KEY: keyText.b, ENCRYPTION_OLD_KEYS: keyText.a, SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '' },
      timeout: 60_000,
    });
    expect(stdout).toContain(`customers:  ${COUNT} scanned, ${COUNT} re-encrypted (2 values were plaintext), 0 already current`);
    expect(stdout).toContain('audit keys: 12 scanned, 12 re-wrapped');
    expect(stdout).toMatch(/customers\/s/);
    for (const secret of [A.key.toString('base64'), B.key.toString('base64'), '1391234', 'example.cn']) expect(stdout).not.toContain(secret);
    await expectAllUnderBAlone();
  }, 60_000);
});
