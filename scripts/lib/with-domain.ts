// What the command-line scripts that work on customers share: the configuration (a problem is
// printed and exits 2) and the domain over the configured database, closed afterwards.
import { loadDotenv } from '../../src/config/dotenv.js';
import { ConfigError, loadConfig, type Config } from '../../src/config/env.js';
import { createConfiguredDomain } from '../../src/configured-domain.js';
import type { Domain } from '../../src/domain/index.js';
import { systemClock, type Clock, type Stores } from '../../src/domain/ports.js';
import { createLogger } from '../../src/logging.js';
import { openDatabase } from '../../src/store/database.js';
import { loadFieldCipher } from '../../src/store/field-cipher.js';
import { createPrismaStores } from '../../src/store/prisma-stores.js';

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** `.env` and the environment, validated; exits 2 naming every problem. */
export function readConfig(): Config {
  loadDotenv();
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/** Opens (and migrates) the database, runs `work` with the domain as the app builds it, closes. */
export async function withDomain<T>(config: Config, work: (app: { domain: Domain; stores: Stores; clock: Clock }) => Promise<T>): Promise<T> {
  const cipher = loadFieldCipher(config, { logger: createLogger('warn') });
  const database = await openDatabase(config.databaseUrl, { migrate: true });
  try {
    const stores = createPrismaStores(database.prisma, { cipher, provider: database.provider });
    const domain = createConfiguredDomain(config, stores, systemClock, cipher);
    await domain.tiers.assignDefaultCurrency();
    return await work({ domain, stores, clock: systemClock });
  } finally {
    await database.close();
  }
}
