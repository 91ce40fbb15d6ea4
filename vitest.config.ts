// The whole suite runs twice in one `vitest run`: project `sqlite` and project `postgresql`.
// test/helpers/database.ts reads RAPPORT_TEST_DB to know which database a file gets. Pure unit
// tests (test/unit/**) touch no database and run in the sqlite project only, as does the browser
// test (test/e2e/**), which drives the sandbox on the default SQLite store.
import { configDefaults, defineConfig } from 'vitest/config';

const testFiles = ['test/**/*.test.ts'];

export default defineConfig({
  test: {
    // Two cores: one worker each, shared by both projects.
    maxWorkers: 2,
    // The long simulations (a year of survey campaigns, months of callbacks) take 1–2 s alone and
    // pass 5 s on a loaded machine: the limit catches hangs, not slowness.
    testTimeout: 15_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: testFiles,
          env: { RAPPORT_TEST_DB: 'sqlite' },
          globalSetup: ['test/setup/global-sqlite.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgresql',
          include: testFiles,
          // Unit tests touch no database; the browser test drives the sandbox on its default store.
          exclude: [...configDefaults.exclude, 'test/unit/**', 'test/e2e/**'],
          env: { RAPPORT_TEST_DB: 'postgresql' },
          globalSetup: ['test/setup/global-postgresql.ts'],
        },
      },
    ],
  },
});
