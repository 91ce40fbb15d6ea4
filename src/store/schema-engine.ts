// Prisma's schema engine (what `prisma migrate` runs) as WebAssembly, driven through our driver
// adapters: migrations work on machines where the CLI cannot download its native engine.
// Booting costs 50-150 ms (wasm compile + connect), so callers only come here when there is work to do.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm';
import type { DataSource } from './datasource.js';
import { EngineAdapterFactory } from './engine-adapter.js';

export type { SchemaEngine } from '@prisma/schema-engine-wasm';

/** We manage no external tables or enums. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

type Glue = typeof import('@prisma/schema-engine-wasm');

/** The slice of the WebAssembly global we use (@types/node 20 does not declare it). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Process-wide, not module-wide: the wasm glue keeps its instance in *its* module state, and a
 * second instantiation (e.g. this file loaded twice by a test runner's module graphs) would swap
 * the memory under a running engine. Kept on globalThis so every copy of this module shares it.
 */
interface EngineRuntime {
  glue?: Promise<Glue>;
  /** Engines run one at a time per process: migrations are rare, and it rules out interleaving. */
  queue: Promise<unknown>;
  lastPanic?: string;
}
const runtime: EngineRuntime = ((globalThis as Record<symbol, unknown>)[Symbol.for('rapport.schema-engine')] ??= {
  queue: Promise.resolve(),
}) as EngineRuntime;

/**
 * The package's own entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node cannot
 * load; so instantiate the .wasm against its JS glue by hand.
 */
function loadGlue(): Promise<Glue> {
  runtime.glue ??= (async () => {
    // The engine reports Rust panics here (its panic hook calls `set_message`).
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (message: string) => (runtime.lastPanic = message),
    };
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Glue & {
      __wbg_set_wasm(exports: Record<string, unknown>): void;
    };
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  runtime.glue.catch(() => (runtime.glue = undefined));
  return runtime.glue;
}

export interface EngineLogLine {
  level: string;
  message: string;
}

export interface SchemaEngineOptions {
  /** Prisma schema files, when the operation needs one (diffing against a datamodel does not). */
  datamodels?: [path: string, content: string][];
  /** Receives the engine's log lines. Default: WARN and ERROR go to console.warn. */
  log?: (line: EngineLogLine) => void;
}

function defaultLog(line: EngineLogLine): void {
  if (line.level === 'WARN' || line.level === 'ERROR') console.warn(`[schema-engine] ${line.level} ${line.message}`);
}

/**
 * Runs `work` with a schema engine connected to `source`, then frees the engine and closes every
 * connection it opened (the engine itself never disposes them), so a SQLite file is unlocked and a
 * PostgreSQL pool ended when this resolves.
 */
export function withSchemaEngine<T>(
  source: DataSource,
  work: (engine: SchemaEngine) => Promise<T>,
  options: SchemaEngineOptions = {},
): Promise<T> {
  const run = runtime.queue.then(() => runEngine(source, work, options));
  runtime.queue = run.catch(() => undefined);
  return run;
}

async function runEngine<T>(source: DataSource, work: (engine: SchemaEngine) => Promise<T>, options: SchemaEngineOptions): Promise<T> {
  const glue = await loadGlue();
  const factory = new EngineAdapterFactory(source);
  // Without the binding, the engine fails with "Cannot read properties of null (reading '#config')".
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  const log = options.log ?? defaultLog;
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: options.datamodels }, (line: string) => log(parseLogLine(line)), bound);
    return await work(engine);
  } catch (error) {
    throw explainEngineError(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await factory.disposeAll();
  }
}

function parseLogLine(line: string): EngineLogLine {
  try {
    const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } & Record<string, unknown> };
    const { message, ...fields } = parsed.fields ?? {};
    return { level: parsed.level ?? 'INFO', message: message ?? JSON.stringify(fields) };
  } catch {
    return { level: 'INFO', message: line };
  }
}

/**
 * Errors thrown by our JS driver come back from the engine as "External error id#N"; the original
 * (e.g. the pg error with its SQL state) sits in the adapter's registry. Put it back in the message.
 */
function explainEngineError(error: unknown, registry: { consumeError(id: number): { error: unknown } | undefined }): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'RuntimeError') {
    // A panicked instance must not be used again: the next engine gets a fresh one.
    runtime.glue = undefined;
    if (runtime.lastPanic) error.message = `Schema engine panicked: ${runtime.lastPanic}`;
  }
  const causes = [...error.message.matchAll(/External error id#(\d+)/g)]
    .map((match) => registry.consumeError(Number(match[1]))?.error)
    .filter((cause): cause is Error => cause instanceof Error);
  if (causes.length > 0) error.message += `\nCaused by: ${causes.map((cause) => cause.message).join('\nCaused by: ')}`;
  return error;
}
