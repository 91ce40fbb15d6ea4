// Once per run, for the `sqlite` project: a migrated template database file in a temporary
// directory. Each test file copies it (test/helpers/database.ts), which takes about a millisecond.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyPendingMigrations } from '../../src/store/migrations.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'rapport-test-'));
  // Teardown does not run when another project's setup fails: clean up on exit regardless.
  process.once('exit', () => rmSync(workDir, { recursive: true, force: true }));
  const template = path.join(workDir, 'template.db');
  await applyPendingMigrations(`file:${template}`);
  project.provide('sqlite', { template, workDir });
  return () => rm(workDir, { recursive: true, force: true });
}
