import { PrismaPg } from '@prisma/adapter-pg';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import pg from 'pg';

// PostgreSQL through node-postgres (`pg`) and Prisma's `@prisma/adapter-pg`, the same version line as
// @prisma/client (7.10.0). The pool is ours, so we can size it and close it.

/** OIDs from PostgreSQL's pg_type.dat: the internal one-byte "char" type, and text. */
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | undefined;

/**
 * A pg.Pool for Prisma's WASM schema engine. The engine's catalog queries read "char" columns
 * (pg_constraint.contype, pg_class.relkind); @prisma/adapter-pg 7.10 maps no column type for OID 18
 * and fails with UnsupportedNativeDataType, so the engine stops with "Column type 'char' could not be
 * deserialized". node-postgres already returns those values as strings; relabelling the column as
 * text lets the adapter pass them through. Only the migration path uses this pool.
 */
export function schemaEnginePool(url: string): pg.Pool {
  const pool = withIdleErrorLog(new pg.Pool({ connectionString: url, max: 2 }));
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const relabel = (res: QueryResultLike) => {
      for (const f of res?.fields ?? []) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
      return res;
    };
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        // Pool.query calls client.query with a callback.
        args[args.length - 1] = (err: unknown, res: QueryResultLike) =>
          (last as (e: unknown, r: unknown) => void)(err, err ? res : relabel(res));
        return query(...args);
      }
      const out = query(...args);
      return out instanceof Promise ? out.then((res: QueryResultLike) => relabel(res)) : out;
    };
  });
  return pool;
}

/** Prisma's driver adapter factory on a pool (runtime client or schema engine). */
export function pgAdapterFactory(pool: pg.Pool): PrismaPg {
  return new PrismaPg(pool);
}

/** A pool for the runtime client; `max` bounds connections per process. */
export function runtimePool(url: string, max = 10): pg.Pool {
  return withIdleErrorLog(new pg.Pool({ connectionString: url, max }));
}

/**
 * node-postgres emits an idle client's lost connection (server restart, failover) on the pool; with
 * no listener that would crash the process. The pool replaces the client; the next query says more.
 */
function withIdleErrorLog(pool: pg.Pool): pg.Pool {
  pool.on('error', (e) => console.error(`postgresql: idle connection lost: ${e.message}`));
  return pool;
}

/**
 * Runs a migration script as one simple-protocol query, as Prisma's native engine does. adapter-pg
 * 7.10's executeScript splits the script on every ";", which breaks a `DO $$ ... $$` block and a
 * semicolon inside a comment or a string (prisma/migrations-postgresql/*_partition_samples has both).
 */
export function wholeScriptExecutor(pool: pg.Pool): (script: string) => Promise<void> {
  return async (script) => {
    try {
      await pool.query(script);
    } catch (e) {
      const err = e as pg.DatabaseError;
      throw new DriverAdapterError({
        kind: 'postgres',
        code: err.code ?? 'N/A',
        severity: err.severity ?? 'N/A',
        message: err.message,
        detail: err.detail,
        column: err.column,
        hint: err.hint,
      });
    }
  };
}
