// PostgreSQL server access shared by the global setup and the per-file helper.
import pg from 'pg';

/** The test server: 127.0.0.1:5432, user postgres (trust), database `test`, unless overridden. */
export function testServerUrl(): string {
  return process.env.RAPPORT_TEST_PG_URL || 'postgresql://postgres@127.0.0.1:5432/test';
}

/** The same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const quote = (name: string): string => pg.escapeIdentifier(name);

/**
 * CREATE DATABASE … TEMPLATE fails with 55006 while any session is connected to the template
 * (e.g. another test run checking it): wait a little and retry.
 */
export async function createDatabaseFromTemplate(client: pg.Client, name: string, template: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(template)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`);
}
