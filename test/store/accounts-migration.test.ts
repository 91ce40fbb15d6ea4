// The migration that moved platform identities from User to PlatformAccount: a database filled at
// the previous migration keeps every row, and every row still belongs to the same person.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { defaultMigrationsDir, migrationNames, readMigrationList } from '../../src/store/migration-files.js';
import { applyPendingMigrations } from '../../src/store/migrations.js';
import { createUserStore } from '../../src/store/user-store.js';
import { createFileDatabase, postgresSkipReason, testProvider } from '../helpers/database.js';

const provider = testProvider();
const MIGRATION = '20261204185359_platform_accounts';
const AT = `'2026-11-24T02:00:00.000Z'`;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** The migrations folder as it was before this one (without it and any later one). */
async function previousMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-before-accounts-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsDir(provider), dir, { recursive: true });
  for (const name of migrationNames(await readMigrationList(dir))) if (name >= MIGRATION) await rm(path.join(dir, name), { recursive: true });
  return dir;
}

const PEOPLE = [
  { platform: 'slack', externalId: 'U0ADMIN001', workspaceId: 'T0TEAM0001', role: 'admin', manager: null },
  { platform: 'slack', externalId: 'U0MEI00001', workspaceId: 'T0TEAM0001', role: 'manager', manager: null },
  { platform: 'slack', externalId: 'U0ANN00001', workspaceId: 'T0TEAM0001', role: 'rep', manager: 2 },
  { platform: 'sandbox', externalId: 'rep-bob', workspaceId: '', role: 'rep', manager: 2 },
  { platform: 'sandbox', externalId: 'rep-li', workspaceId: '', role: 'rep', manager: null },
];

/** Rows of every kind the issue names, written as the previous schema had them. */
function fillStatements(): string[] {
  const sql: string[] = [];
  PEOPLE.forEach((p, i) =>
    sql.push(
      `INSERT INTO "User" ("id", "platform", "externalId", "workspaceId", "displayName", "role", "managerId", "updatedAt") VALUES (${i + 1}, '${p.platform}', '${p.externalId}', '${p.workspaceId}', 'Person ${i + 1}', '${p.role}', ${p.manager ?? 'NULL'}, ${AT})`,
    ),
  );
  for (let c = 1; c <= 12; c++) {
    const owner = (c % 5) + 1;
    sql.push(`INSERT INTO "Customer" ("id", "name", "nameKey", "ownerId", "updatedAt") VALUES (${c}, 'Customer ${c}', 'customer ${c}', ${owner}, ${AT})`);
    sql.push(`INSERT INTO "Callback" ("id", "customerId", "assigneeId", "reason", "dueAt", "deliverAt", "occurrenceKey", "updatedAt") VALUES (${c}, ${c}, ${owner}, 'cadence', ${AT}, ${AT}, 'k${c}', ${AT})`);
    sql.push(`INSERT INTO "ContactLog" ("id", "customerId", "authorId", "channel", "summary", "occurredAt", "source") VALUES (${c}, ${c}, ${owner}, 'call', 'talked', ${AT}, 'command')`);
    sql.push(`INSERT INTO "AuditEvent" ("id", "actorId", "action", "entityType", "entityId") VALUES (${c}, ${owner}, 'customer.create', 'customer', '${c}')`);
  }
  sql.push(`INSERT INTO "CustomerShare" ("customerId", "userId", "grantedById") VALUES (1, 3, 2), (2, 4, 1)`);
  for (let poll = 1; poll <= 3; poll++) {
    sql.push(
      `INSERT INTO "Poll" ("id", "customerId", "kind", "question", "locale", "platform", "channelId", "closesAt", "createdById") VALUES (${poll}, ${poll}, 'csat', 'How did we do?', 'en', 'slack', 'C${poll}', ${AT}, ${poll + 1})`,
    );
    for (let a = 1; a <= 3; a++) {
      sql.push(`INSERT INTO "PollAnswer" ("id", "pollId", "respondentKey", "score", "updatedAt") VALUES (${(poll - 1) * 3 + a}, ${poll}, 'r${a}', ${a + 2}, ${AT})`);
    }
  }
  // The app's inserts advance PostgreSQL's sequences; these explicit ids must do so by hand.
  if (provider === 'postgresql') sql.push(`SELECT setval(pg_get_serial_sequence('"User"', 'id'), ${PEOPLE.length})`);
  return sql;
}

/** Who each row belongs to, by table: the same before and after. */
const OWNERSHIP = {
  Customer: 'SELECT "id", "ownerId" AS "person" FROM "Customer" ORDER BY "id"',
  Callback: 'SELECT "id", "assigneeId" AS "person" FROM "Callback" ORDER BY "id"',
  ContactLog: 'SELECT "id", "authorId" AS "person" FROM "ContactLog" ORDER BY "id"',
  AuditEvent: 'SELECT "id", "actorId" AS "person" FROM "AuditEvent" ORDER BY "id"',
  CustomerShare: 'SELECT "customerId" AS "id", "userId" AS "person" FROM "CustomerShare" ORDER BY "customerId"',
  Poll: 'SELECT "id", "createdById" AS "person" FROM "Poll" ORDER BY "id"',
  PollAnswer: 'SELECT "id", "pollId" AS "person" FROM "PollAnswer" ORDER BY "id"',
  User: 'SELECT "id", "managerId" AS "person" FROM "User" ORDER BY "id"',
} as const;

async function ownership(url: string): Promise<Record<string, Array<{ id: number; person: number | null }>>> {
  const db = await openDatabase(url, { migrate: false });
  try {
    const result: Record<string, Array<{ id: number; person: number | null }>> = {};
    for (const [table, query] of Object.entries(OWNERSHIP)) {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ id: unknown; person: unknown }>>(query);
      result[table] = rows.map((r) => ({ id: Number(r.id), person: r.person === null ? null : Number(r.person) }));
    }
    return result;
  } finally {
    await db.close();
  }
}

describe.skipIf(postgresSkipReason() !== undefined)(`the platform accounts migration (${provider})`, () => {
  it('keeps every user, customer, callback, contact, share, poll, answer and audit row with the same person', async () => {
    const database = await createFileDatabase(provider, { empty: true });
    cleanups.push(database.drop);
    const before = await previousMigrations();
    const all = migrationNames(await readMigrationList(defaultMigrationsDir(provider)));
    expect(all).toContain(MIGRATION);
    await applyPendingMigrations(database.url, { migrationsDir: before });

    const old = await openDatabase(database.url, { migrate: false });
    try {
      for (const statement of fillStatements()) await old.prisma.$executeRawUnsafe(statement);
    } finally {
      await old.close();
    }
    const owned = await ownership(database.url);
    expect(owned.Customer).toHaveLength(12);
    expect(owned.PollAnswer).toHaveLength(9);

    expect((await applyPendingMigrations(database.url)).applied).toEqual(all.filter((name) => name >= MIGRATION));
    expect(await ownership(database.url)).toEqual(owned);

    const db = await openDatabase(database.url, { migrate: false });
    try {
      const stores = { users: createUserStore(db.prisma) };
      for (const [i, p] of PEOPLE.entries()) {
        const person = await stores.users.findByAccount(p.platform, p.externalId);
        expect(person, p.externalId).toMatchObject({ id: i + 1, role: p.role, displayName: `Person ${i + 1}`, managerId: p.manager, notifyPlatform: null });
        expect(person!.accounts).toEqual([{ platform: p.platform, externalId: p.externalId, workspaceId: p.workspaceId, lastUsedAt: expect.any(Date) }]);
      }
      expect(await db.prisma.platformAccount.count()).toBe(PEOPLE.length);
      expect((await stores.users.listByPlatform('sandbox', 10)).map((u) => u.id)).toEqual([4, 5]);
      // A new person gets the next id: the sequence survived the table's rebuild.
      const created = await stores.users.create({ platform: 'wecom', externalId: 'zhangsan', role: 'rep' });
      expect(created?.id).toBe(PEOPLE.length + 1);
    } finally {
      await db.close();
    }
  });
});
