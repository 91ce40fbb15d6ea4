// The driver adapter factory handed to the wasm schema engine. Same connections as the app's
// (datasource.ts), plus workarounds for what the 7.10 adapters get wrong when the *schema engine*
// (rather than PrismaClient) drives them, and bookkeeping so every connection gets closed.
import { randomUUID } from 'node:crypto';
import {
  isDriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { createAdapterFactory, type DataSource, type PostgresSource } from './datasource.js';

export class EngineAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider: SqlMigrationAwareDriverAdapterFactory['provider'];
  readonly adapterName: string;
  private readonly inner: SqlMigrationAwareDriverAdapterFactory;
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(private readonly source: DataSource) {
    this.inner = createAdapterFactory(source, { pgClient: CatalogClient });
    this.provider = this.inner.provider;
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return this.track(await this.inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (this.source.provider === 'postgresql') return this.track(await connectPostgresShadow(this.source));
    return this.track(withMultiStatementRaw(await this.inner.connectToShadowDb()));
  }

  /** The engine never disposes its connections; call this once it is freed. */
  async disposeAll(): Promise<void> {
    await Promise.allSettled([...this.open].map((adapter) => adapter.dispose()));
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const tracked = delegate(adapter, {
      dispose: once(() => {
        this.open.delete(tracked);
        return adapter.dispose();
      }),
    });
    // adapter-pg's executeScript splits on every ";" (even inside strings) and runs the pieces one by
    // one. Send the script as one simple-protocol query instead, like the native engine: a
    // migration is then applied all-or-nothing.
    if (adapter.provider === 'postgres') {
      tracked.executeScript = async (script) => {
        await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
      };
    }
    this.open.add(tracked);
    return tracked;
  }
}

/** A plain object forwarding to `adapter` (bound methods: adapters may rely on private fields). */
function delegate(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query).catch(translateError),
    executeRaw: (query) => adapter.executeRaw(query).catch(translateError),
    executeScript: (script) => adapter.executeScript(script).catch(translateError),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    ...overrides,
  };
}

/** Driver error kinds the pinned wasm engine can decode (from its own "unknown variant" message). */
const ENGINE_ERROR_KINDS = new Set([
  'GenericJs', 'UnsupportedNativeDataType', 'InvalidIsolationLevel', 'LengthMismatch', 'UniqueConstraintViolation',
  'NullConstraintViolation', 'ForeignKeyConstraintViolation', 'DatabaseNotReachable', 'DatabaseDoesNotExist',
  'DatabaseAlreadyExists', 'DatabaseAccessDenied', 'ConnectionClosed', 'TlsConnectionError', 'AuthenticationFailed',
  'TransactionWriteConflict', 'TableDoesNotExist', 'ColumnNotFound', 'TooManyConnections', 'ValueOutOfRange',
  'MissingFullTextSearchIndex', 'TransactionAlreadyClosed', 'postgres', 'mysql', 'sqlite', 'mssql',
]);

/**
 * The 7.10 adapters report some errors with kinds newer than the engine build (e.g. SQLite's
 * SQLITE_BUSY as `SocketTimeout`), which the engine answers with an unreadable "unknown variant"
 * error. Pass those on as plain errors: the engine then reports the driver's own message.
 */
function translateError(error: unknown): never {
  if (isDriverAdapterError(error)) {
    const cause = error.cause as { kind: string; originalMessage?: string };
    if (!ENGINE_ERROR_KINDS.has(cause.kind)) throw new Error(cause.originalMessage ?? `database error (${cause.kind})`);
  }
  throw error;
}

/**
 * SQLite: the engine replays migrations into the shadow database as single "raw" commands, which
 * better-sqlite3's prepare() refuses when a script holds several statements. Parameterless raw
 * commands go through exec() instead.
 */
function withMultiStatementRaw(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    executeRaw: async (query: SqlQuery) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  });
}

/**
 * adapter-pg's connectToShadowDb creates a database, then connects with `{ connectionString, database }`,
 * where pg lets the connection string win: the "shadow" is the main database, and replaying
 * migrations there creates real tables. Connect to the new database by URL instead; drop it on dispose.
 */
async function connectPostgresShadow(source: PostgresSource): Promise<SqlDriverAdapter> {
  const admin = await createAdapterFactory(source).connect();
  const name = `prisma_migrate_shadow_db_${randomUUID()}`;
  try {
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const url = new URL(source.connectionString);
    url.pathname = `/${name}`;
    // Migration scripts are unqualified, and the fresh database only has `public`.
    const shadow = await createAdapterFactory(
      { provider: 'postgresql', connectionString: url.toString(), schema: 'public' },
      { pgClient: CatalogClient },
    ).connect();
    return delegate(shadow, {
      dispose: async () => {
        await shadow.dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.dispose();
      },
    });
  } catch (error) {
    await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`).catch(() => undefined);
    await admin.dispose();
    throw error;
  }
}

/** PostgreSQL's internal one-byte type `"char"` (pg_class.relkind, pg_constraint.contype, …). */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * adapter-pg 7.10 rejects result columns of type `"char"` ("Column type 'char' could not be
 * deserialized"), and the engine's schema describer reads several from pg_catalog: without this,
 * diffing against migrations fails on PostgreSQL. The values arrive as one-character strings
 * anyway, so report those columns as text.
 */
class CatalogClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's many overloads; we only post-process results
  override query(...args: any[]): any {
    const last: unknown = args.at(-1);
    if (typeof last === 'function') {
      return super.query(...(args.slice(0, -1) as [string]), (error: Error | null, result: pg.QueryResult) =>
        last(error, result && retypeCharColumns(result)),
      );
    }
    const pending: unknown = super.query(...(args as [string]));
    return pending instanceof Promise ? pending.then(retypeCharColumns) : pending;
  }
}

function retypeCharColumns(result: pg.QueryResult): pg.QueryResult {
  for (const field of result.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  return result;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
