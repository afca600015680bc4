import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { atomicMigrationScripts } from './atomic-migration';
import type { LocalMigration } from './migration-state';
import { pgAdapterFactory, schemaEnginePool, wholeScriptExecutor } from './providers/postgres-adapter';
import { databaseProvider } from './providers/provider';

// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm). Its entry point
// imports the .wasm as an ES module, which Node 20 only allows behind a flag, so we instantiate
// the module ourselves and hand it to the wasm-bindgen glue.
type Bg = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');
type SchemaEngine = import('@prisma/schema-engine-wasm').SchemaEngine;

let bgPromise: Promise<Bg> | undefined;

async function loadBindings(): Promise<Bg> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bg = (await import(/* webpackIgnore: true */ path.join(dir, 'schema_engine_bg.js'))) as Bg & {
    __wbg_set_wasm(w: unknown): void;
  };
  const bytes = fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm'));
  const module = await WebAssembly.compile(bytes);
  const imports: WebAssembly.Imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] ??= withUnrefTimers(bg);
  }
  const instance = await WebAssembly.instantiate(module, imports);
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return bg;
}

/**
 * The engine arms timers through the glue's `__wbg_setTimeout_*` (10 s on PostgreSQL) and imports no
 * clearTimeout, so each left a ref'd timer behind: every PostgreSQL CLI run (`npm run migrate`,
 * `users`, `collect --once`) sat idle for ~10 s after its work. Unref'd, they fire if the process is
 * still running and hold nothing open.
 */
function withUnrefTimers(bg: Bg): WebAssembly.ModuleImports {
  const out: Record<string, unknown> = { ...bg };
  for (const [name, fn] of Object.entries(bg)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof fn !== 'function') continue;
    out[name] = (...args: unknown[]) => {
      const timer = (fn as (...a: unknown[]) => unknown)(...args) as { unref?: () => void } | undefined;
      timer?.unref?.();
      return timer;
    };
  }
  return out as WebAssembly.ModuleImports;
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes the connections it opened. */
  close(): Promise<void>;
}

/**
 * Starts Prisma's WASM schema engine on a SQLite file or a PostgreSQL database with the given datamodel.
 * With `migrations`, each of their scripts is applied in one transaction with its finished mark
 * (atomic-migration.ts), so a kill at any point leaves nothing a restart cannot resume.
 */
export async function openSchemaEngine(
  databaseUrl: string,
  schemaText: string,
  migrations?: LocalMigration[],
): Promise<OpenEngine> {
  const bg = await (bgPromise ??= loadBindings());
  const provider = databaseProvider(databaseUrl);
  const pool = provider === 'postgresql' ? schemaEnginePool(databaseUrl) : null;
  const inner: SqlMigrationAwareDriverAdapterFactory = pool
    ? (pgAdapterFactory(pool) as unknown as SqlMigrationAwareDriverAdapterFactory)
    : new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 });
  const opened: { dispose(): Promise<void> }[] = [];
  // The engine never closes what it connects; remember each connection so close() can.
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider as typeof inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const a = await inner.connect();
      const run = pool ? wholeScriptExecutor(pool) : a.executeScript.bind(a);
      a.executeScript = migrations ? atomicMigrationScripts(provider, migrations, run) : run;
      opened.push(a);
      return a;
    },
    connectToShadowDb: async () => {
      const a = await inner.connectToShadowDb();
      opened.push(a);
      return a;
    },
  };
  const factory = bindMigrationAwareSqlAdapterFactory(tracking);
  const engine = await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', schemaText]] },
    () => {},
    factory,
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await Promise.all(opened.map((a) => a.dispose()));
      await pool?.end();
    },
  };
}
