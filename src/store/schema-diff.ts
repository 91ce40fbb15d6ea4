// Development tooling (scripts/new-migration.ts and the migration tests): what SQL would take a
// database built from the migration folder to the Prisma schema. Empty means "no migration missing".
import type { MigrationList } from '@prisma/schema-engine-wasm';
import type { DataSource } from './datasource.js';
import { lockfileContent, readMigrationList } from './migration-files.js';
import { NO_FILTERS, withSchemaEngine } from './schema-engine.js';

export interface SchemaDiff {
  /** True when the migrations do not produce the schema. */
  changed: boolean;
  /** The SQL script that would fix it (what the next migration.sql should contain). */
  script: string;
}

/**
 * Replays every migration in `migrationsDir` on a shadow database and diffs the result against
 * `schema` (the text of a provider's schema.prisma). The engine connects to `server` but changes
 * nothing there: SQLite shadows are in memory; PostgreSQL shadows are temporary databases created
 * on that server (the role needs CREATEDB).
 */
export async function diffMigrationsToSchema(server: DataSource, migrationsDir: string, schema: string): Promise<SchemaDiff> {
  const list = await readMigrationList(migrationsDir);
  // A brand-new folder has no lock file yet; the engine needs one to know the provider.
  const migrationsList: MigrationList = { ...list, lockfile: { ...list.lockfile, content: list.lockfile.content ?? lockfileContent(server.provider) } };
  const result = await withSchemaEngine(server, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    }),
  );
  return { changed: result.exitCode === 2, script: result.stdout ?? '' };
}
