// PostgreSQL helpers shared by the benchmarks: one short-lived connection per call.
import pg from 'pg';

export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
