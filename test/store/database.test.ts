import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/database.js';

const t = useTestDatabase();

async function createRepWithCustomer() {
  const rep = await t.prisma.user.create({ data: { displayName: 'Rep', accounts: { create: { platform: 'slack', externalId: 'U100' } } } });
  const customer = await t.prisma.customer.create({
    data: { name: 'Acme Ltd', nameKey: 'acme ltd', ownerId: rep.id, totalSpend: '1234.50', tags: ',vip,' },
  });
  return { rep, customer };
}

describe(`database (${t.provider})`, () => {
  it('stores a user, a customer and a contact log through prisma', async () => {
    const { rep, customer } = await createRepWithCustomer();
    const occurredAt = new Date('2025-03-01T10:30:00.000Z');
    await t.prisma.contactLog.create({
      data: { customerId: customer.id, authorId: rep.id, channel: 'call', summary: 'Intro call', occurredAt, source: 'command', requestKey: 'evt-1' },
    });

    const logs = await t.prisma.contactLog.findMany({ include: { customer: true, author: { include: { accounts: true } } } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ summary: 'Intro call', occurredAt, customer: { name: 'Acme Ltd' }, author: { accounts: [{ externalId: 'U100' }] } });
    expect(logs[0]?.customer.totalSpend.toString()).toBe('1234.5');
    // A retried delivery cannot log twice.
    await expect(
      t.prisma.contactLog.create({
        data: { customerId: customer.id, authorId: rep.id, channel: 'call', summary: 'again', occurredAt, source: 'command', requestKey: 'evt-1' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
  });

  it('starts every test on empty tables with ids from 1 (reset isolation)', async () => {
    expect(await t.prisma.contactLog.count()).toBe(0);
    expect(await t.prisma.user.count()).toBe(0);
    const { rep, customer } = await createRepWithCustomer();
    expect(rep.id).toBe(1);
    expect(customer.id).toBe(1);
  });

  it('sees no rows from the previous test either', async () => {
    expect(await t.prisma.customer.count()).toBe(0);
    const { rep } = await createRepWithCustomer();
    expect(rep.id).toBe(1);
  });

  it('enforces foreign keys', async () => {
    await expect(t.prisma.customer.create({ data: { name: 'Orphan', nameKey: 'orphan', ownerId: 999 } })).rejects.toMatchObject({
      code: 'P2003',
    });
  });
});
