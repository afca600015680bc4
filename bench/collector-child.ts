// The collector under measurement, alone in its own process so that its RSS and peak RSS are its
// own and not the lab's. Started by bench/collector.ts:
//   node --expose-gc --import tsx bench/collector-child.ts --inventory FILE --db file:DB --cycles 5 --concurrency 64
//        [--collector-id ID --await-collectors K] [--watch fleet=PID,PID;postgres=PID]
// On PostgreSQL several children share one database through leases: each waits until K collectors
// have announced themselves before its first cycle, so the leases split the fleet from the start.
// The database must already be migrated (the parent does it, so the schema engine's WASM is not
// counted in the collector's peak). Prints one RESULT_MARKER line of JSON (ChildResult) on stdout.
import { parseArgs } from 'node:util';
import type { CycleReport } from '../lib/collector/cycle';
import { startCollector } from '../lib/collector/service';
import { closeDb, getDb, type Db } from '../lib/db/client';
import { recordPolls, type PollRecord } from '../lib/db/record-poll';
import { evaluateFindings } from '../lib/findings/evaluate';
import { loadInventory } from '../lib/inventory/load';
import type { Inventory } from '../lib/inventory/types';
import { RESULT_MARKER, type ChildResult, type CycleFigures, type MemoryReading } from './child-result';
import { measureExtraConnections } from './extra-connections';
import { busyMs, busyShare, establishedConnections, machineCpu, statusKb, treeCpuMs } from './proc-stats';
import { spread, tally } from './stats';

const PUBLIC_URL = 'http://bench.invalid';

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the child with node --expose-gc (collector.ts does)');
  gc();
  gc();
}

function memory(): MemoryReading {
  settle();
  const m = process.memoryUsage();
  return {
    rssKb: statusKb('VmRSS'),
    heapUsedKb: Math.round(m.heapUsed / 1024),
    externalKb: Math.round(m.external / 1024),
  };
}

function spreadOf(report: CycleReport, kind: string) {
  const ms = report.rows.filter((r) => r.kind === kind).map((r) => r.durationMs);
  return ms.length > 0 ? spread(ms) : null;
}

/** Other processes whose CPU each cycle records (--watch fleet=1,2;postgres=3): name → root pids. */
let watched: [string, number[]][] = [];

function parseWatch(spec: string | undefined): [string, number[]][] {
  if (!spec) return [];
  return spec.split(';').map((part) => {
    const [name, pids] = part.split('=');
    const list = (pids ?? '').split(',').map(Number);
    if (!name || list.some((p) => !Number.isInteger(p) || p < 1)) {
      throw new Error(`--watch takes name=pid,pid;name=pid, got "${spec}"`);
    }
    return [name, list];
  });
}

async function timedCycle(
  runOnce: () => Promise<CycleReport>,
): Promise<{ fig: CycleFigures; report: CycleReport }> {
  const others0 = watched.map(([, pids]) => treeCpuMs(pids));
  const cpu0 = process.cpuUsage();
  const m0 = machineCpu();
  const report = await runOnce();
  const cpu = process.cpuUsage(cpu0);
  const m1 = machineCpu();
  const others = Object.fromEntries(watched.map(([name, pids], i) => [name, treeCpuMs(pids) - others0[i]!]));
  const fig: CycleFigures = {
    durationMs: report.durationMs,
    pollMs: report.pollMs,
    storeJudgeMs: report.durationMs - report.pollMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    cpuSystemMs: cpu.system / 1000,
    machineBusy: busyShare(m0, m1),
    machineCpuMs: busyMs(m0, m1),
    statuses: tally(report.rows.map((r) => r.status)),
    openConnections: establishedConnections(),
    rssKb: statusKb('VmRSS'),
    others,
    targetMs: { host: spreadOf(report, 'host'), guest: spreadOf(report, 'guest') },
    slowest: report.rows.reduce<CycleFigures['slowest']>(
      (a, r) => (a && a.ms >= r.durationMs ? a : { target: r.target, kind: r.kind, ms: r.durationMs }),
      null,
    ),
  };
  return { fig, report };
}

/** The same records runCycle stores (a guest's domain comes from its host's observation). */
function pollRecords(
  inventory: Inventory,
  report: CycleReport,
  ids: Map<string, number>,
  at: Date,
): PollRecord[] {
  const byName = new Map(report.rows.map((r) => [r.target, r]));
  return inventory.targets.flatMap((t) => {
    const row = byName.get(t.name);
    const targetId = ids.get(t.name);
    if (!row || targetId === undefined) return [];
    const hostObs = t.hostName ? byName.get(t.hostName)?.observation : undefined;
    const domain = hostObs?.host?.domains.find((d) => d.name === (t.domain ?? t.name)) ?? null;
    const { status, error, durationMs, observation } = row;
    return [{ targetId, at, status, error, durationMs, observation, domain }];
  });
}

/** Times recordPolls and evaluateFindings on their own, `rounds` times each, after the measured cycles. */
async function timePhases(db: Db, inventory: Inventory, report: CycleReport, rounds: number) {
  const ids = new Map(
    (await db.target.findMany({ select: { id: true, name: true } })).map((t) => [t.name, t.id]),
  );
  const store: number[] = [];
  const judge: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const at = new Date();
    const run = await db.collectorRun.create({
      data: { startedAt: at, targets: inventory.targets.length, intervalMs: inventory.intervalMs },
    });
    const records = pollRecords(inventory, report, ids, at);
    let t0 = performance.now();
    await recordPolls(db, run.id, records);
    store.push(performance.now() - t0);
    t0 = performance.now();
    await evaluateFindings(db, {
      now: at,
      config: inventory.rules,
      webhooks: inventory.webhooks,
      publicUrl: PUBLIC_URL,
      targets: inventory.targets,
    });
    judge.push(performance.now() - t0);
  }
  return {
    records: pollRecords(inventory, report, ids, new Date()).length,
    recordPollsMs: spread(store),
    evaluateFindingsMs: spread(judge),
  };
}

/** Waits (up to five minutes) until `count` collectors have announced themselves in the database. */
async function awaitCollectors(db: Db, count: number): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if ((await db.collector.count()) >= count) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${count} collectors announced themselves within five minutes`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      inventory: { type: 'string' },
      db: { type: 'string' },
      cycles: { type: 'string', default: '5' },
      concurrency: { type: 'string' },
      'collector-id': { type: 'string' },
      'await-collectors': { type: 'string', default: '1' },
      'idle-ms': { type: 'string', default: '15000' },
      watch: { type: 'string' },
    },
    strict: true,
  });
  if (!values.inventory || !values.db) throw new Error('--inventory FILE and --db file:PATH are required');
  const cycles = Number(values.cycles);
  if (!Number.isInteger(cycles) || cycles < 1)
    throw new Error(`--cycles must be a whole number ≥ 1, got "${values.cycles}"`);
  const loaded = loadInventory({ configPath: values.inventory, env: {} });
  const concurrency = values.concurrency === undefined ? loaded.concurrency : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`--concurrency must be a whole number ≥ 1, got "${values.concurrency}"`);
  const inventory: Inventory = { ...loaded, concurrency };
  const idleMs = Number(values['idle-ms']);
  if (!Number.isInteger(idleMs) || idleMs < 0)
    throw new Error(`--idle-ms must be a whole number ≥ 0, got "${values['idle-ms']}"`);

  watched = parseWatch(values.watch);
  const db = getDb(values.db);
  await db.$queryRaw`SELECT 1`;
  const collector = await startCollector({
    db,
    inventory,
    publicUrl: PUBLIC_URL,
    loop: false,
    log: (line) => console.error(line),
    identity: values['collector-id'] ? { id: values['collector-id'] } : undefined,
  });
  await awaitCollectors(db, Number(values['await-collectors']));
  try {
    const baseline = memory();
    const first = await timedCycle(() => collector.runOnce());
    const steadyCycles: CycleFigures[] = [];
    let last = first.report;
    for (let i = 0; i < cycles; i++) {
      const c = await timedCycle(() => collector.runOnce());
      steadyCycles.push(c.fig);
      last = c.report;
    }
    // Between cycles the connections idle, but their ssh keepalives still cost CPU: measure it.
    const idle0 = process.cpuUsage();
    const idleStart = performance.now();
    await new Promise((r) => setTimeout(r, idleMs));
    const idleCpu = process.cpuUsage(idle0);
    const idle = { ms: performance.now() - idleStart, cpuMs: (idleCpu.user + idleCpu.system) / 1000 };
    const idleRssKb = statusKb('VmRSS'); // as the OS sees it between cycles, before the forced GC
    const withConnections = memory();
    const openConnections = establishedConnections();
    const extraConnections = await measureExtraConnections(inventory.targets, {
      timeoutMs: inventory.timeoutMs,
      concurrency,
      memory,
    });
    const phases = await timePhases(db, inventory, last, 3);
    await collector.stop();
    const afterClose = memory();
    const per = (a: number, b: number) => (openConnections > 0 ? (a - b) / openConnections : 0);
    const result: ChildResult = {
      targets: last.rows.length,
      concurrency,
      timeoutMs: inventory.timeoutMs,
      baseline,
      firstCycle: first.fig,
      steadyCycles,
      steady: {
        durationMs: spread(steadyCycles.map((c) => c.durationMs)),
        pollMs: spread(steadyCycles.map((c) => c.pollMs)),
        storeJudgeMs: spread(steadyCycles.map((c) => c.storeJudgeMs)),
        cpuMs: spread(steadyCycles.map((c) => c.cpuMs)),
        machineBusy: spread(steadyCycles.map((c) => c.machineBusy)),
        machineCpuMs: spread(steadyCycles.map((c) => c.machineCpuMs)),
      },
      withConnections,
      idleRssKb,
      idle,
      openConnections,
      perConnection: {
        rssKb: per(withConnections.rssKb, baseline.rssKb),
        heapKb: per(withConnections.heapUsedKb, baseline.heapUsedKb),
        externalKb: per(withConnections.externalKb, baseline.externalKb),
      },
      extraConnections,
      afterClose,
      peakRssKb: statusKb('VmHWM'),
      phases,
      findings: last.findings,
    };
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
  } finally {
    await collector.stop();
    await closeDb();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`collector-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
