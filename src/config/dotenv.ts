// Loads a .env file into process.env before loadConfig() runs.
// Variables already set in the real environment win: a deployment's secrets must not be
// overridden by a stray .env file left in the working directory.
import { existsSync } from 'node:fs';
import { config as loadDotenvFile } from 'dotenv';

/** Returns true when the file existed and was read. Missing file = nothing to do (production). */
export function loadDotenv(path = '.env', env: NodeJS.ProcessEnv = process.env): boolean {
  if (!existsSync(path)) return false;
  const result = loadDotenvFile({ path, processEnv: env as Record<string, string>, override: false, quiet: true });
  if (result.error) throw result.error;
  return true;
}
