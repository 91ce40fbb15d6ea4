// Re-encrypts everything under the current key: customers' phone/email and the audit trail's
// wrapped customer keys. Batches by id (keyset pagination), one transaction per batch; values
// already under the current key are left alone, so running it twice is harmless.
import type { PrismaClient } from '../generated/sqlite/client.js';
import type { FieldCipher } from './encryption.js';

export interface RotationReport {
  scanned: number;
  reencrypted: number;
  alreadyCurrent: number;
  secretsRewrapped: number;
  durationMs: number;
}

const COLUMNS = { phone: 'customer.phone', email: 'customer.email' } as const;

export async function rotateEncryptionKey(prisma: PrismaClient, cipher: FieldCipher, batchSize = 500): Promise<RotationReport> {
  const started = performance.now();
  const report: RotationReport = { scanned: 0, reencrypted: 0, alreadyCurrent: 0, secretsRewrapped: 0, durationMs: 0 };
  const rotate = (value: string | null, column: string): string | null => {
    if (value === null || cipher.isCurrent(value)) return null;
    return cipher.encrypt(cipher.decrypt(value, column), column);
  };

  for (let after = 0; ; ) {
    const rows = await prisma.customer.findMany({ where: { id: { gt: after } }, select: { id: true, phone: true, email: true }, orderBy: { id: 'asc' }, take: batchSize });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const updates = rows.flatMap((row) => {
      report.scanned++;
      const phone = rotate(row.phone, COLUMNS.phone);
      const email = rotate(row.email, COLUMNS.email);
      if (phone === null && email === null) {
        report.alreadyCurrent++;
        return [];
      }
      report.reencrypted++;
      return [prisma.customer.update({ where: { id: row.id }, data: { ...(phone ? { phone } : {}), ...(email ? { email } : {}) } })];
    });
    if (updates.length > 0) await prisma.$transaction(updates);
  }

  const wrap = cipher.keyWrap();
  for (let after = -1; ; ) {
    const rows = await prisma.customerSecret.findMany({ where: { customerId: { gt: after } }, orderBy: { customerId: 'asc' }, take: batchSize });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.customerId;
    const stale = rows.filter((row) => !cipher.isCurrent(row.wrappedKey));
    if (stale.length > 0) {
      await prisma.$transaction(stale.map((row) => prisma.customerSecret.update({ where: { customerId: row.customerId }, data: { wrappedKey: wrap.wrap(wrap.unwrap(row.wrappedKey)) } })));
    }
    report.secretsRewrapped += stale.length;
  }
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
