// One collector of bench/collector-memory.ts, alone in its process, from the lib/ directory it is
// given (this checkout's, or an older commit's extracted under bench/out/), so OLD and NEW run the
// same fleet, database and steps:
//   node --expose-gc --import tsx bench/collector-memory-child.ts --lib DIR --inventory FILE --db file:DB --cycles 2
// Prints RESULT_MARKER + JSON on stdout.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import type { startCollector as StartCollector } from '../lib/collector/service';
import type { getDb as GetDb, closeDb as CloseDb } from '../lib/db/client';
import type { loadInventory as LoadInventory } from '../lib/inventory/load';
import { RESULT_MARKER } from './child-result';
import { establishedConnections, statusKb } from './proc-stats';

export interface MemoryFigures {
  rssKb: number;
  heapUsedKb: number;
  heapTotalKb: number;
  /** V8's young generation as committed (what --max-semi-space-size bounds) */
  newSpaceKb: number;
  externalKb: number;
  arrayBuffersKb: number;
}

export interface CollectorMemoryResult {
  targets: number;
  ok: number;
  baseline: MemoryFigures;
  first: { wallMs: number; cpuMs: number };
  /** rssKb: the resident set at the end of the cycle, no GC forced (what the OS sees in production) */
  steady: { wallMs: number; cpuMs: number; rssKb?: number }[];
  /** after the cycles and 5 s of idling, before the forced GC */
  idleRssKb?: number;
  /** after the cycles and 5 s of idling, every connection open, after a GC */
  withConnections: MemoryFigures;
  openConnections: number;
  /** after stop() closed every connection, after a GC */
  afterStop: MemoryFigures;
  peakRssKb: number;
}

function memory(): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const m = process.memoryUsage();
  const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return {
    rssKb: statusKb('VmRSS'),
    heapUsedKb: Math.round(m.heapUsed / 1024),
    heapTotalKb: Math.round(m.heapTotal / 1024),
    newSpaceKb: Math.round((young?.physical_space_size ?? 0) / 1024),
    externalKb: Math.round(m.external / 1024),
    arrayBuffersKb: Math.round(m.arrayBuffers / 1024),
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      lib: { type: 'string' },
      inventory: { type: 'string' },
      db: { type: 'string' },
      cycles: { type: 'string', default: '2' },
    },
    strict: true,
  });
  if (!values.lib || !values.inventory || !values.db)
    throw new Error('--lib, --inventory and --db are required');
  const lib = path.resolve(values.lib);
  const load = async <T>(file: string) => (await import(pathToFileURL(path.join(lib, file)).href)) as T;
  const { startCollector } = await load<{ startCollector: typeof StartCollector }>('collector/service.ts');
  const { getDb, closeDb } = await load<{ getDb: typeof GetDb; closeDb: typeof CloseDb }>('db/client.ts');
  const { loadInventory } = await load<{ loadInventory: typeof LoadInventory }>('inventory/load.ts');

  const inventory = loadInventory({ configPath: values.inventory, env: {} });
  const db = getDb(values.db);
  await db.$queryRaw`SELECT 1`;
  const baseline = memory();
  const collector = await startCollector({
    db,
    inventory,
    publicUrl: 'http://bench.invalid',
    loop: false,
    log: (line) => console.error(line),
  });
  const first = await timed(() => collector.runOnce());
  const steady: CollectorMemoryResult['steady'] = [];
  let last = first.value;
  for (let i = 0; i < Number(values.cycles); i++) {
    const c = await timed(() => collector.runOnce());
    steady.push({ wallMs: c.wallMs, cpuMs: c.cpuMs, rssKb: statusKb('VmRSS') });
    last = c.value;
  }
  await new Promise((r) => setTimeout(r, 5000));
  const idleRssKb = statusKb('VmRSS');
  const withConnections = memory();
  const openConnections = establishedConnections();
  await collector.stop();
  const afterStop = memory();
  const result: CollectorMemoryResult = {
    targets: last.rows.length,
    ok: last.rows.filter((r) => r.status === 'ok').length,
    baseline,
    first: { wallMs: first.wallMs, cpuMs: first.cpuMs },
    steady,
    idleRssKb,
    withConnections,
    openConnections,
    afterStop,
    peakRssKb: statusKb('VmHWM'),
  };
  await closeDb();
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`collector-memory-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
