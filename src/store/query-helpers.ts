// Small pieces of Prisma querying shared by the stores.
import type { Prisma } from '../generated/sqlite/client.js';
import type { Visibility } from '../domain/policy.js';
import type { Provider } from './datasource.js';

/** Prisma's unique-constraint error (P2002), whichever driver adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

/** The customers a visibility lets through, as a WHERE on Customer. */
export function visibleTo(visibility: Visibility): Prisma.CustomerWhereInput {
  if (visibility.everything) return {};
  return { OR: [{ ownerId: { in: visibility.ownerIds } }, { id: { in: visibility.customerIds } }] };
}

/** Runs an insert that a unique key may refuse: true when it inserted, false when the key existed. */
export async function insertedOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Raw statements are written with `?`; PostgreSQL wants $1, $2, … (each `?` is its own parameter). */
export function placeholders(provider: Provider, sql: string): string {
  if (provider === 'sqlite') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
