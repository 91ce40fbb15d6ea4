// Values the global setups hand to test files (vitest `provide` / `inject`).
export interface SqliteTestContext {
  /** A migrated database file; each test file works on its own copy. */
  template: string;
  /** Temporary directory for this run's database files (removed at the end). */
  workDir: string;
}

export type PostgresTestContext =
  | {
      /** Server URL (maintenance database) used to create and drop databases. */
      adminUrl: string;
      /** Migrated template database each test file's database is created from. */
      template: string;
      /** Prefix of this run's databases, so teardown can drop any a crashed worker left. */
      databasePrefix: string;
    }
  | { skipped: string };

declare module 'vitest' {
  export interface ProvidedContext {
    sqlite: SqliteTestContext;
    postgres: PostgresTestContext;
  }
}
