// tsx scripts/migrate-deploy.ts [--status]
//
// The offline `prisma migrate deploy` (and `migrate status` with --status) for DATABASE_URL, through
// the same code the app runs at start-up. Useful as a release step when the app is started without
// migrating, or to see what a start-up would apply.
import 'dotenv/config';
import { describeSource, parseDatabaseUrl } from '../src/store/datasource.js';
import { applyPendingMigrations, listPendingMigrations } from '../src/store/migrations.js';

async function main(): Promise<void> {
  const source = parseDatabaseUrl(process.env.DATABASE_URL);
  if (process.argv.includes('--status')) {
    const pending = await listPendingMigrations(source);
    console.log(pending.length === 0 ? `${describeSource(source)} is up to date.` : `Pending on ${describeSource(source)}:\n  ${pending.join('\n  ')}`);
    process.exitCode = pending.length === 0 ? 0 : 1;
    return;
  }
  const result = await applyPendingMigrations(source, {
    log: (line) => {
      if (line.level !== 'DEBUG' && line.level !== 'TRACE') console.log(`[engine] ${line.message}`);
    },
  });
  console.log(
    result.applied.length === 0
      ? `No pending migrations on ${describeSource(source)} (${result.durationMs.toFixed(0)} ms).`
      : `Applied to ${describeSource(source)} in ${result.durationMs.toFixed(0)} ms:\n  ${result.applied.join('\n  ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
