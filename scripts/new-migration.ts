// npm run migrate:new -- <name> [--empty]
//
// The offline `prisma migrate dev --create-only`, for both providers at once: regenerates the
// provider schemas (and clients) from prisma/schema.base.prisma, replays each provider's existing
// migrations on a shadow database, diffs against the schema, and writes the difference as
// prisma/<provider>/migrations/<timestamp>_<name>/migration.sql. Both providers get the same folder
// name so the histories stay parallel. Nothing is applied: the app does that at start-up.
//   --empty  write empty migrations even without schema changes (for hand-written SQL)
//
// The PostgreSQL shadow database is created (and dropped) on MIGRATE_SHADOW_URL, else on
// DATABASE_URL when that is PostgreSQL, else on postgresql://postgres@127.0.0.1:5432/postgres.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import { parseDatabaseUrl, type DataSource, type Provider } from '../src/store/datasource.js';
import { defaultMigrationsDir, LOCKFILE, lockfileContent, MIGRATION_FILE } from '../src/store/migration-files.js';
import { diffMigrationsToSchema } from '../src/store/schema-diff.js';
import { providers, renderProviderSchema, root } from './lib/provider-schema.mjs';

const EMPTY_MIGRATION = '-- This is an empty migration.\n';

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run migrate:new -- <name> [--empty]`);
  process.exit(2);
}

/** Where each provider's migrations are replayed; neither is modified. */
function diffServer(provider: Provider): DataSource {
  if (provider === 'sqlite') return { provider: 'sqlite', file: ':memory:' };
  const fromEnv = [process.env.MIGRATE_SHADOW_URL, process.env.DATABASE_URL].find((url) => url && /^postgres(ql)?:/i.test(url));
  const source = parseDatabaseUrl(fromEnv ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  if (source.provider !== 'postgresql') throw new Error('unreachable');
  return source;
}

/** Prisma's folder naming: UTC timestamp to the second, then the name. */
function folderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${name}`;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const empty = args.includes('--empty');
  const rawName = args.find((arg) => !arg.startsWith('--'));
  if (!rawName) usage('Missing migration name.');
  const name = rawName.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) usage(`Unusable migration name "${rawName}".`);

  execFileSync(process.execPath, [path.join(root, 'scripts/generate-prisma-clients.mjs')], { cwd: root, stdio: 'inherit' });

  const scripts = new Map<Provider, string>();
  for (const provider of providers) {
    const diff = await diffMigrationsToSchema(diffServer(provider), defaultMigrationsDir(provider), renderProviderSchema(provider));
    scripts.set(provider, diff.changed ? diff.script : EMPTY_MIGRATION);
    console.log(`${provider}: ${diff.changed ? 'schema changes found' : 'no schema changes'}`);
  }
  if (!empty && [...scripts.values()].every((script) => script === EMPTY_MIGRATION)) {
    console.log('Nothing to do: the migrations already produce the schema (use --empty for a hand-written migration).');
    return;
  }

  const folder = folderName(name);
  for (const [provider, script] of scripts) {
    const dir = defaultMigrationsDir(provider);
    await mkdir(dir, { recursive: true });
    await mkdir(path.join(dir, folder)); // fails if it already exists: never overwrite a migration
    await writeFile(path.join(dir, folder, MIGRATION_FILE), script);
    if (!(await exists(path.join(dir, LOCKFILE)))) await writeFile(path.join(dir, LOCKFILE), lockfileContent(provider));
    console.log(`Created ${path.relative(root, path.join(dir, folder, MIGRATION_FILE))}`);
  }
  console.log('Review the SQL, then commit it. The app applies pending migrations when it starts.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
