// Phone numbers and emails at rest: the cipher itself, where its keys come from, and the stores
// encrypting on every write and decrypting on every read (on SQLite and on PostgreSQL).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseEncryptionKey, type EncryptionKey } from '../../src/config/env.js';
import { maskEmail, maskPhone } from '../../src/domain/audit.js';
import type { NewCustomer } from '../../src/domain/ports.js';
import {
  createFieldCipher,
  ENCRYPTED_COLUMNS,
  EncryptionKeyError,
  FieldDecryptionError,
  generateKeyText,
  keyFileFor,
  keyIdOf,
  loadFieldCipher,
} from '../../src/store/field-cipher.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';
import { useTestDatabase } from '../helpers/database.js';

const newKey = (id: string): EncryptionKey => parseEncryptionKey(generateKeyText(id))!;
const PHONE = ENCRYPTED_COLUMNS.phone;
const EMAIL = ENCRYPTED_COLUMNS.email;

/** The stored value with one byte of one of its parts (2 iv, 3 tag, 4 ciphertext) flipped. */
function flipByte(stored: string, part: 2 | 3 | 4): string {
  const fields = stored.slice('enc:v1:'.length).split(':');
  const bytes = Buffer.from(fields[part - 1]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  fields[part - 1] = bytes.toString('base64url');
  return `enc:v1:${fields.join(':')}`;
}

describe('FieldCipher', () => {
  const a = newKey('a');
  const cipher = createFieldCipher(a);

  it('round-trips any text, with a fresh IV every time, in the enc:v1:<key id>:… form', () => {
    for (const value of ['+86 138 0013 8000', 'zhang.san@example.cn', '', '张三@例子.中国', 'x'.repeat(500)]) {
      const stored = cipher.encrypt(value, PHONE);
      expect(stored).toMatch(/^enc:v1:a:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/);
      expect(cipher.decrypt(stored, PHONE)).toBe(value);
    }
    expect(cipher.encrypt('13800138000', PHONE)).not.toBe(cipher.encrypt('13800138000', PHONE));
    expect(cipher.encrypt('13800138000', PHONE)).not.toContain('138');
    expect(keyIdOf(cipher.encrypt('1', PHONE))).toBe('a');
    expect(keyIdOf('13800138000')).toBeNull();
  });

  it('detects tampering with the IV, the tag or the ciphertext, and a truncated tag', () => {
    const stored = cipher.encrypt('13800138000', PHONE);
    for (const part of [2, 3, 4] as const) {
      expect(() => cipher.decrypt(flipByte(stored, part), PHONE)).toThrow(FieldDecryptionError);
    }
    const fields = stored.split(':');
    fields[4] = Buffer.from(fields[4]!, 'base64url').subarray(0, 8).toString('base64url');
    expect(() => cipher.decrypt(fields.join(':'), PHONE)).toThrow(/not a well-formed/);
    expect(() => cipher.decrypt('enc:v1:a:garbage', PHONE)).toThrow(/not a well-formed/);
  });

  it('binds a value to its column: a phone ciphertext does not decrypt as an email', () => {
    const phone = cipher.encrypt('13800138000', PHONE);
    expect(() => cipher.decrypt(phone, EMAIL)).toThrow(FieldDecryptionError);
    expect(() => cipher.decrypt(phone, EMAIL)).toThrow(/customer\.email value does not decrypt with key "a"/);
  });

  it('reads values under old keys, names an unknown key id without showing the value, passes legacy plaintext through', () => {
    const old = cipher.encrypt('li.si@example.cn', EMAIL);
    const b = newKey('b');
    const rotated = createFieldCipher(b, [a]);
    expect(rotated.decrypt(old, EMAIL)).toBe('li.si@example.cn');
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt('x', EMAIL))).toBe(true);
    expect(keyIdOf(rotated.encrypt('x', EMAIL))).toBe('b');

    const error = (() => {
      try {
        createFieldCipher(b).decrypt(old, EMAIL);
      } catch (e) {
        return e as FieldDecryptionError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(FieldDecryptionError);
    expect(error.message).toContain('"a"');
    expect(error.message).toContain('ENCRYPTION_OLD_KEYS');
    expect(error.keyId).toBe('a');
    expect(error.message).not.toContain(old.split(':')[5]);
    expect(error.message).not.toContain('li.si');

    expect(cipher.decrypt('13800138000', PHONE)).toBe('13800138000');
  });

  it('refuses one id for two different keys', () => {
    expect(() => createFieldCipher(newKey('k1'), [newKey('k1')])).toThrow(/share the id "k1"/);
  });

  it('wraps the audit trail keys and derives purpose secrets that are not the key', () => {
    const wrap = cipher.keyWrap();
    const dataKey = randomBytes(32);
    const wrapped = wrap.wrap(dataKey);
    expect(wrapped).toMatch(/^enc:v1:a:/);
    expect(wrap.unwrap(wrapped).equals(dataKey)).toBe(true);
    expect(() => cipher.decrypt(wrapped, PHONE)).toThrow(FieldDecryptionError);
    const secret = cipher.deriveSecret('action-signing');
    expect(secret).toBe(createFieldCipher(a).deriveSecret('action-signing'));
    expect(secret).not.toBe(cipher.deriveSecret('other'));
    expect(secret).not.toBe(a.key.toString('base64url'));
  });

  it('reuses the masks of src/domain/audit.ts for lists (138****5678)', () => {
    expect(maskPhone(cipher.decrypt(cipher.encrypt('13812345678', PHONE), PHONE))).toBe('138****5678');
    expect(maskEmail(cipher.decrypt(cipher.encrypt('zhang@example.cn', EMAIL), EMAIL))).toBe('z***@example.cn');
  });
});

describe('loadFieldCipher', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const warnings = () => {
    const warn = vi.fn();
    return { logger: { warn } as never, warn };
  };

  it('uses ENCRYPTION_KEY and ENCRYPTION_OLD_KEYS when set', () => {
    const a = newKey('a');
    const b = newKey('b');
    const cipher = loadFieldCipher({ databaseUrl: 'postgresql://u@h/db', encryption: { current: b, previous: [a] } });
    expect(cipher.currentKeyId).toBe('b');
    expect(cipher.decrypt(createFieldCipher(a).encrypt('1', PHONE), PHONE)).toBe('1');
  });

  it('requires ENCRYPTION_KEY with PostgreSQL', () => {
    expect(() => loadFieldCipher({ databaseUrl: 'postgresql://u@h/db', encryption: null })).toThrow(EncryptionKeyError);
    expect(() => loadFieldCipher({ databaseUrl: 'postgresql://u@h/db', encryption: null })).toThrow(/ENCRYPTION_KEY is required/);
  });

  it('creates a key file beside a SQLite database on first start (mode 0600, warning once) and reuses it', () => {
    const databaseUrl = `file:${path.join(dir, 'first', 'crm.db')}`;
    const file = keyFileFor(databaseUrl)!;
    expect(file).toBe(path.join(dir, 'first', 'crm.key'));
    const first = warnings();
    const cipher = loadFieldCipher({ databaseUrl, encryption: null }, first);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^local:[A-Za-z0-9+/]{43}=\n$/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.warn).toHaveBeenCalledTimes(1);
    const [fields, message] = first.warn.mock.calls[0]!;
    expect(fields).toEqual({ keyFile: file });
    expect(message).toMatch(/back this file up together with the database/);
    expect(JSON.stringify(first.warn.mock.calls)).not.toContain(text.trim().split(':')[1]);

    const stored = cipher.encrypt('13800138000', PHONE);
    const again = warnings();
    const reopened = loadFieldCipher({ databaseUrl, encryption: null }, again);
    expect(again.warn).not.toHaveBeenCalled();
    expect(reopened.decrypt(stored, PHONE)).toBe('13800138000');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(keyFileFor('file:./data/rapport.db')).toBe(path.resolve('data/rapport.key'));
  });

  it('keeps the key file readable once ENCRYPTION_KEY is set, so rotate-key can move off it', () => {
    const databaseUrl = `file:${path.join(dir, 'moving.db')}`;
    const stored = loadFieldCipher({ databaseUrl, encryption: null }).encrypt('a@b.cn', EMAIL);
    const managed = loadFieldCipher({ databaseUrl, encryption: { current: newKey('k1'), previous: [] } });
    expect(managed.currentKeyId).toBe('k1');
    expect(managed.decrypt(stored, EMAIL)).toBe('a@b.cn');
    expect(() => loadFieldCipher({ databaseUrl, encryption: { current: newKey('local'), previous: [] } })).toThrow(/holds a key with the id "local"/);
  });

  it('tightens a key file readable by others, and rejects one that holds no key', () => {
    if (process.platform === 'win32') return;
    const databaseUrl = `file:${path.join(dir, 'loose.db')}`;
    const file = keyFileFor(databaseUrl)!;
    writeFileSync(file, `${generateKeyText('k9')}\n`);
    chmodSync(file, 0o644);
    expect(loadFieldCipher({ databaseUrl, encryption: null }).currentKeyId).toBe('k9');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, 'not a key');
    expect(() => loadFieldCipher({ databaseUrl, encryption: null })).toThrow(/does not hold an encryption key/);
  });
});

describe('customers at rest', () => {
  const t = useTestDatabase();
  const aKey = newKey('a');
  const cipher = createFieldCipher(aKey);

  async function setup() {
    const stores = createPrismaStores(t.prisma, { cipher, provider: t.provider });
    const owner = await stores.users.createOrGet({ platform: 'slack', externalId: 'U1', role: 'rep' });
    const base = (i: number): NewCustomer => ({
      name: `Customer ${i}`,
      nameKey: `customer ${i}`,
      ownerId: owner.id,
      createdAt: new Date(),
      company: null,
      phone: `1381234${String(i).padStart(4, '0')}`,
      email: `person${i}@example.cn`,
      industry: null,
      region: null,
      tags: ['vip'],
    });
    return { stores, owner, base };
  }

  const rawRows = () => t.prisma.$queryRawUnsafe<Array<{ id: number; phone: string | null; email: string | null }>>('SELECT id, phone, email FROM "Customer" ORDER BY id');

  it('encrypts on every write path and stores no plaintext phone or email', async () => {
    const { stores, base } = await setup();
    const created = await stores.customers.create(base(1));
    await stores.customers.create(base(2));
    await stores.customers.create({ ...base(3), phone: null, email: null });
    expect(created).toMatchObject({ phone: '13812340001', email: 'person1@example.cn' });
    const updated = await stores.customers.update(created.id, { phone: '+86 139 8765 4321', email: 'new@example.cn' });
    expect(updated).toMatchObject({ phone: '+86 139 8765 4321', email: 'new@example.cn' });
    await stores.transaction((tx) => tx.customers.update(created.id + 1, { email: 'in.tx@example.cn' }));

    const raw = await rawRows();
    expect(raw).toHaveLength(3);
    for (const row of raw.slice(0, 2)) {
      expect(row.phone).toMatch(/^enc:v1:a:/);
      expect(row.email).toMatch(/^enc:v1:a:/);
    }
    expect(raw[2]).toMatchObject({ phone: null, email: null });
    expect(JSON.stringify(raw)).not.toMatch(/138|139|8765|example\.cn|person/);
  });

  it('decrypts on every read path', async () => {
    const { stores, owner, base } = await setup();
    for (let i = 1; i <= 3; i++) await stores.customers.create(base(i));
    const expected = { phone: '13812340002', email: 'person2@example.cn' };
    expect(await stores.customers.findById(2)).toMatchObject(expected);
    expect(await stores.customers.findByNameKey('customer 2')).toMatchObject(expected);
    const found = await stores.customers.searchByName('customer', 10, { everything: false, ownerIds: [owner.id], customerIds: [] });
    expect(found.map((c) => c.phone)).toEqual(['13812340001', '13812340002', '13812340003']);
    const listed = await stores.customers.list({ visibility: { everything: true }, tag: 'vip', offset: 0, limit: 10 });
    expect(listed.items.map((c) => c.email)).toEqual(['person1@example.cn', 'person2@example.cn', 'person3@example.cn']);
    expect(listed.items.map((c) => maskPhone(c.phone!))).toEqual(['138****0001', '138****0002', '138****0003']);
    // Clearing a value stores NULL, and erasing leaves nothing to decrypt.
    expect(await stores.customers.update(2, { phone: null })).toMatchObject({ phone: null, email: 'person2@example.cn' });
    expect(await stores.customers.erase(3, { name: 'Erased 3', nameKey: 'erased 3' }, new Date())).toMatchObject({ phone: null, email: null });
  });

  it('reads legacy plaintext rows, and refuses a ciphertext moved to the other column', async () => {
    const { stores, base } = await setup();
    const c = await stores.customers.create(base(1));
    await t.prisma.$executeRawUnsafe(`UPDATE "Customer" SET phone = '13800000000' WHERE id = ${c.id}`);
    expect((await stores.customers.findById(c.id))?.phone).toBe('13800000000');

    await stores.customers.update(c.id, { phone: '13900000000' });
    await t.prisma.$executeRawUnsafe(`UPDATE "Customer" SET email = phone WHERE id = ${c.id}`);
    await expect(stores.customers.findById(c.id)).rejects.toThrow(FieldDecryptionError);
    await expect(stores.customers.findById(c.id)).rejects.toThrow(/customer\.email value does not decrypt/);
  });

  it('reads rows written under an old key, and names the key id when it is missing', async () => {
    const { stores, base } = await setup();
    await stores.customers.create(base(1));
    const rotated = createPrismaStores(t.prisma, { cipher: createFieldCipher(newKey('b'), [aKey]), provider: t.provider });
    expect(await rotated.customers.findById(1)).toMatchObject({ phone: '13812340001', email: 'person1@example.cn' });
    const withoutA = createPrismaStores(t.prisma, { cipher: createFieldCipher(newKey('b')), provider: t.provider });
    await expect(withoutA.customers.findById(1)).rejects.toThrow(/key "a", which is not configured/);
    const wrongA = createPrismaStores(t.prisma, { cipher: createFieldCipher(newKey('b'), [newKey('a')]), provider: t.provider });
    await expect(wrongA.customers.findById(1)).rejects.toThrow(FieldDecryptionError);
  });
});
