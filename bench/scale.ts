// npm run bench:scale -- [--targets 500] [--collectors 1] [--cycles 3] [--concurrency 200] [--api-runs 30]
//                        [--store sqlite|postgres] [--out bench/out/scale.json]
// The collector at fleet scale, without thousands of sshd: bench/sim-fleet.ts answers the real probe
// from ssh2 servers with recorded lab outputs (in child processes, bench/sim-fleet-procs.ts). Each
// collector runs in its own child process (bench/collector-child.ts, so CPU and RSS are its own, with the
// node flags `npm start` gives a collector: lib/collector/node-flags.ts), all at the same time. SQLite (one collector per database): the fleet is split into --collectors shards (a
// host with its guests stays whole), each on its own database. PostgreSQL (--store postgres, a
// throwaway cluster from test/support/postgres.ts): every collector gets the whole inventory on one
// database and they share it through leases, as in production. Then one collector polls the whole
// fleet into a fresh database of the same store twice, and the fleet read model (lib/queries/list-targets
// as GET /api/v1/targets calls it, plus the JSON of every row) is timed over all N targets. Prints a
// table; figures as JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COLLECTOR_NODE_FLAGS } from '../lib/collector/node-flags';
import { startCollector } from '../lib/collector/service';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { toTargetJson } from '../lib/http/target-json';
import { loadInventory } from '../lib/inventory/load';
import { API_DEFAULT_LIMIT } from '../lib/queries/fleet-paging';
import { listTargetPage } from '../lib/queries/list-target-page';
import { RESULT_MARKER, type ChildResult, type CycleFigures } from './child-result';
import { postmasterPid } from './proc-stats';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { writeInventories } from './sim-fleet';
import { startSimFleetProcesses, type SimFleetProcesses } from './sim-fleet-procs';
import { spread } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const log = (line: string) => console.error(line);

function whole(flag: string, value: string, max = Infinity): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new Error(`--${flag} takes a whole number from 1 to ${max}, got "${value}"`);
  }
  return n;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string', default: '500' },
      collectors: { type: 'string', default: '1' },
      cycles: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '200' },
      'api-runs': { type: 'string', default: '30' },
      out: { type: 'string', default: path.join(ROOT, 'bench/out/scale.json') },
      store: { type: 'string', default: 'sqlite' },
    },
    strict: true,
  });
  const targets = whole('targets', values.targets, 15000);
  const collectors = whole('collectors', values.collectors, 16);
  if (Math.ceil(targets / 3) < collectors) {
    throw new Error(
      `--collectors ${collectors} needs at least ${collectors * 3 - 2} targets (one host each)`,
    );
  }
  if (values.store !== 'sqlite' && values.store !== 'postgres') {
    throw new Error(`--store takes sqlite or postgres, got "${values.store}"`);
  }
  return {
    store: values.store as 'sqlite' | 'postgres',
    targets,
    collectors,
    cycles: whole('cycles', values.cycles),
    concurrency: whole('concurrency', values.concurrency),
    // 0 skips the fleet API step (one collector filling a database with the whole fleet).
    apiRuns: values['api-runs'] === '0' ? 0 : whole('api-runs', values['api-runs']),
    out: path.resolve(values.out),
  };
}

const children = new Set<ChildProcess>();

async function runChild(
  inventory: string,
  url: string,
  o: { cycles: number; concurrency: number; awaitCollectors: number; watch: string },
  tag: string,
) {
  // prettier-ignore
  const args = [
    '--expose-gc', ...COLLECTOR_NODE_FLAGS, '--import', 'tsx', path.join(ROOT, 'bench/collector-child.ts'),
    '--inventory', inventory, '--db', url, '--cycles', String(o.cycles), '--concurrency', String(o.concurrency),
    '--collector-id', tag, '--await-collectors', String(o.awaitCollectors), '--watch', o.watch,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderrTail = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    const text = d.toString();
    stderrTail = (stderrTail + text).slice(-2000);
    process.stderr.write(text.replace(/^(?=.)/gm, `  [${tag}] `));
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  children.delete(child);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (code !== 0 || !line) throw new Error(`${tag} exited ${code} without a result:\n${stderrTail}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult;
}

/** One collector polls the whole fleet twice into `url`; then the fleet read model is timed `runs` times. */
async function measureFleetApi(inventoryPath: string, url: string, runs: number) {
  const inventory = loadInventory({ configPath: inventoryPath, env: {} });
  const db = getDb(url);
  const collector = await startCollector({
    db,
    inventory,
    publicUrl: 'http://bench.invalid',
    loop: false,
    log,
  });
  let fill: { ok: number; total: number };
  try {
    await collector.runOnce();
    const report = await collector.runOnce();
    fill = { ok: report.rows.filter((r) => r.status === 'ok').length, total: report.rows.length };
  } finally {
    await collector.stop();
  }
  // What GET /api/v1/targets does since paging: the whole fleet lean, worst first, one default page
  // with its observations (lib/queries/list-target-page.ts), plus the JSON.
  const once = async () => {
    const t0 = performance.now();
    const page = await listTargetPage(db, {
      filter: {},
      offset: 0,
      limit: API_DEFAULT_LIMIT,
      includeRemoved: false,
      now: new Date(),
    });
    const body = JSON.stringify(page.items.map(toTargetJson));
    return { ms: performance.now() - t0, rows: page.items.length, bytes: Buffer.byteLength(body) };
  };
  for (let i = 0; i < 3; i++) await once(); // warm-up: JIT, SQLite page cache
  const samples: { ms: number; rows: number; bytes: number }[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { fill, rows: samples[0]!.rows, bytes: samples[0]!.bytes, ms: spread(sorted), p95Ms: p95 };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

/** This process's parent, grandparent, ... up to `levels` of them, below init (Linux /proc). */
function ancestors(levels: number): number[] {
  const found: number[] = [];
  let pid = process.ppid;
  while (found.length < levels && pid > 1) {
    found.push(pid);
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** CPU ms per second of wall time while the collector idles between cycles (0 when not measured). */
const idleRate = (c: ChildResult) => (c.idle && c.idle.ms > 0 ? c.idle.cpuMs / (c.idle.ms / 1000) : 0);

/** Share of one core, in %, over a 60 s interval: one steady cycle plus idling for the rest. */
function share60(c: ChildResult): number {
  const cycleMs = c.steady.durationMs.median;
  return (100 * (c.steady.cpuMs.median + (idleRate(c) * Math.max(0, 60_000 - cycleMs)) / 1000)) / 60_000;
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-scale-'));
  let fleet: SimFleetProcesses | null = null;
  let postgres: TestPostgres | null = null;
  let stopping: Promise<void> | null = null;
  let starting: Promise<TestPostgres> | null = null;
  // Once, whoever asks first (a signal, or main's finally): PostgreSQL first (a cluster left running
  // outlives the bench), then the fleet and the collectors.
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
      const pg = postgres ?? (await starting?.catch(() => null)) ?? null;
      await pg?.stop().catch((e: unknown) => log(`stopping PostgreSQL failed: ${String(e)}`));
      await fleet?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  const startPostgresStoppable = async () => {
    starting = startPostgres();
    postgres = await starting;
    return postgres;
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  }
  // `npm run bench:scale` passes SIGTERM to its shell, which dies without passing it on to tsx and
  // this process: stop as well when whoever started us is gone.
  const starters = ancestors(3);
  const orphaned = setInterval(() => {
    if (starters.some((pid) => !alive(pid))) {
      log('bench:scale: the process that started this bench is gone; stopping');
      void stopAll().finally(() => process.exit(130));
    }
  }, 1000);
  orphaned.unref();
  const startedAt = new Date().toISOString();
  const loadAvgAtStart = os.loadavg();
  try {
    log(`starting a simulated fleet of ${opts.targets} targets (ssh2 servers in child processes)...`);
    fleet = await startSimFleetProcesses(opts.targets);
    const pg = opts.store === 'postgres' ? (postgres = await startPostgresStoppable()) : null;
    const pgPid = pg ? postmasterPid(pg.port) : null;
    // Each cycle also records the CPU the simulated fleet (and PostgreSQL) spent meanwhile.
    const watch = [`fleet=${fleet.pids.join(',')}`, ...(pgPid ? [`postgres=${pgPid}`] : [])].join(';');
    // SQLite: a shard per collector, each on its own database. PostgreSQL: the whole fleet, one
    // database, leases.
    const shards = writeInventories(fleet.targets, dir, pg ? 1 : opts.collectors, opts.concurrency);
    const urls = pg
      ? [await pg.createDatabase('fleet')]
      : shards.map((_, k) => `file:${path.join(dir, `collector-${k}.db`)}`);
    for (const url of urls) await migrateDatabase(url, path.join(ROOT, 'prisma'));
    log(`${opts.collectors} collector(s) at once: 1 connecting cycle + ${opts.cycles} steady cycles each...`);
    const collectors = await Promise.all(
      Array.from({ length: opts.collectors }, (_, k) =>
        runChild(
          pg ? shards[0]! : shards[k]!,
          pg ? urls[0]! : urls[k]!,
          // On one PostgreSQL database each waits for the others, so the leases split the fleet.
          { ...opts, awaitCollectors: pg ? opts.collectors : 1, watch },
          `collector-${k}`,
        ),
      ),
    );
    const fleetApiStep = async () => {
      log(
        `fleet API: one collector fills a database with all ${opts.targets} targets, then ${opts.apiRuns} reads...`,
      );
      const allDir = path.join(dir, 'all');
      fs.mkdirSync(allDir);
      const [allInventory] = writeInventories(fleet!.targets, allDir, 1, opts.concurrency);
      const apiUrl = pg ? await pg.createDatabase('api') : `file:${path.join(allDir, 'api.db')}`;
      await migrateDatabase(apiUrl, path.join(ROOT, 'prisma'));
      // Not fatal: what stops the fill (e.g. a limit at N targets in one collector) is itself a result.
      const api = await measureFleetApi(allInventory!, apiUrl, opts.apiRuns).catch((e: unknown) => {
        const why = e instanceof Error ? e.message : String(e);
        return {
          error:
            why
              .split('\n')
              .filter((l) => l.trim() !== '')
              .slice(-1)[0] ?? why,
        };
      });
      return api;
    };
    const api = opts.apiRuns === 0 ? { error: 'skipped (--api-runs 0)' } : await fleetApiStep();
    await closeDb();

    const result = {
      startedAt,
      store: opts.store,
      targets: opts.targets,
      collectors: opts.collectors,
      concurrency: opts.concurrency,
      machine: { cores: os.cpus().length, loadAvgAtStart, loadAvgAtEnd: os.loadavg() },
      perCollector: collectors,
      fleetApi: api,
    };
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);

    const lines = [
      `bench:scale: ${opts.targets} simulated targets, ${opts.collectors} collector(s), ` +
        `${opts.store === 'postgres' ? 'PostgreSQL (one database, leases)' : 'SQLite (a database per collector)'}, ` +
        `concurrency ${opts.concurrency}, ${os.cpus().length} cores, load ${loadAvgAtStart.map((l) => fmt(l, 1)).join(' ')}`,
      '',
      'collector  targets  ok(last)  cycle ms (median of steady)  CPU ms/cycle  idle CPU ms/s  CPU share @60s  RSS MB  RSS no GC  peak RSS MB  samples/s (recordPolls)',
    ];
    collectors.forEach((c, k) => {
      const last = c.steadyCycles[c.steadyCycles.length - 1]!;
      const samplesPerSec = c.phases.records / (c.phases.recordPollsMs.median / 1000);
      lines.push(
        [
          `#${k}`.padEnd(9),
          String(c.targets).padStart(7),
          String(last.statuses.ok ?? 0).padStart(9),
          fmt(c.steady.durationMs.median).padStart(28),
          fmt(c.steady.cpuMs.median).padStart(13),
          fmt(idleRate(c), 1).padStart(14),
          `${fmt(share60(c), 1)} %`.padStart(15),
          fmt(c.withConnections.rssKb / 1024).padStart(7),
          (c.idleRssKb === undefined ? '-' : fmt(c.idleRssKb / 1024)).padStart(9),
          fmt(c.peakRssKb / 1024).padStart(12),
          fmt(samplesPerSec).padStart(24),
        ].join('  '),
      );
    });
    const cycleLine = (label: string, c: CycleFigures) =>
      `  ${label.padEnd(9)} wall ${fmt(c.durationMs / 1000, 1)} s, collector CPU ${fmt(c.cpuMs / 1000, 1)} s ` +
      `(${fmt((100 * c.cpuMs) / 60_000, 1)} % of a core over 60 s), RSS ${fmt((c.rssKb ?? 0) / 1024)} MB; meanwhile ` +
      Object.entries(c.others ?? {})
        .map(([name, ms]) => `${name} ${fmt(ms / 1000, 1)} s`)
        .join(', ') +
      `${c.others && Object.keys(c.others).length > 0 ? ', ' : ''}whole machine ${fmt(c.machineCpuMs / 1000, 1)} s of CPU (${fmt(100 * c.machineBusy)} % of ${os.cpus().length} cores)`;
    lines.push('', 'per cycle (CPU s are CPU time; the other collectors are part of the whole machine):');
    collectors.forEach((c, k) => {
      lines.push(`#${k}`, cycleLine('connect', c.firstCycle));
      c.steadyCycles.forEach((cy, i) => lines.push(cycleLine(`steady ${i + 1}`, cy)));
      lines.push(
        `  recordPolls on its own: ${c.phases.recordPollsMs.n} rounds of ${c.phases.records} rows, ` +
          `${fmt(c.phases.records / (c.phases.recordPollsMs.max / 1000))} to ${fmt(c.phases.records / (c.phases.recordPollsMs.min / 1000))} samples/s`,
      );
    });
    lines.push(
      '',
      'error' in api
        ? `fleet API: not measured: filling one database with all ${opts.targets} targets failed: ${api.error}`
        : `fleet API (listTargetPage: ${opts.targets} targets ordered, first page of ${api.rows} rows + JSON, ${fmt(api.bytes / 1024)} KiB; fill: ${api.fill.ok}/${api.fill.total} ok): ` +
            `p95 ${fmt(api.p95Ms)} ms, median ${fmt(api.ms.median)} ms, max ${fmt(api.ms.max)} ms over ${api.ms.n} reads`,
      '(CPU share @60s = (CPU per cycle + idle CPU/s × the rest of a 60 s interval) / 60 s, as a share of one core;',
      ' idle = connections open between cycles (ssh keepalives); RSS with every connection open, after a GC;',
      ' RSS no GC = the same moment before that GC, as the OS sees a collector between cycles.)',
      `figures: ${path.relative(process.cwd(), opts.out) || opts.out}`,
    );
    console.log(lines.join('\n'));
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench:scale: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
