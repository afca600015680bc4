// npm run bench:scale -- [--targets 500] [--collectors 1] [--cycles 3] [--concurrency 200] [--api-runs 30]
//                        [--out bench/out/scale.json]
// The collector at fleet scale, without thousands of sshd: bench/sim-fleet.ts answers the real probe
// from in-process ssh2 servers with recorded lab outputs. The fleet is split into --collectors shards
// (a host with its guests stays whole); each shard's collector runs in its own child process
// (bench/collector-child.ts, so CPU and RSS are its own), all at the same time, each on its own SQLite
// database (SQLite allows one collector per database). Then one collector polls the whole fleet into a
// fresh SQLite database twice, and the fleet read model (lib/queries/list-targets as GET /api/v1/targets
// calls it, plus the JSON of every row) is timed over all N targets. Prints a table; figures as JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCollector } from '../lib/collector/service';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { toTargetJson } from '../lib/http/target-json';
import { loadInventory } from '../lib/inventory/load';
import { listTargets } from '../lib/queries/list-targets';
import { RESULT_MARKER, type ChildResult } from './child-result';
import { SimFleet } from './sim-fleet';
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
  return {
    targets,
    collectors,
    cycles: whole('cycles', values.cycles),
    concurrency: whole('concurrency', values.concurrency),
    apiRuns: whole('api-runs', values['api-runs']),
    out: path.resolve(values.out),
  };
}

const children = new Set<ChildProcess>();

async function runChild(inventory: string, url: string, cycles: number, concurrency: number, tag: string) {
  // prettier-ignore
  const args = [
    '--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/collector-child.ts'),
    '--inventory', inventory, '--db', url, '--cycles', String(cycles), '--concurrency', String(concurrency),
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
  const once = async () => {
    const t0 = performance.now();
    const targets = await listTargets(db, { withObservation: true, withSparkline: false, now: new Date() });
    const body = JSON.stringify(targets.map(toTargetJson));
    return { ms: performance.now() - t0, rows: targets.length, bytes: Buffer.byteLength(body) };
  };
  for (let i = 0; i < 3; i++) await once(); // warm-up: JIT, SQLite page cache
  const samples: { ms: number; rows: number; bytes: number }[] = [];
  for (let i = 0; i < runs; i++) samples.push(await once());
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
  return { fill, rows: samples[0]!.rows, bytes: samples[0]!.bytes, ms: spread(sorted), p95Ms: p95 };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

async function main(): Promise<void> {
  const opts = parseOptions();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-scale-'));
  let fleet: SimFleet | null = null;
  const stopAll = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await fleet?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  }
  const startedAt = new Date().toISOString();
  const loadAvgAtStart = os.loadavg();
  try {
    log(`starting a simulated fleet of ${opts.targets} targets (in-process ssh2 servers)...`);
    fleet = await SimFleet.start(opts.targets);
    const shards = fleet.writeInventories(dir, opts.collectors, opts.concurrency);
    const urls = shards.map((_, k) => `file:${path.join(dir, `collector-${k}.db`)}`);
    for (const url of urls) await migrateDatabase(url, path.join(ROOT, 'prisma'));
    log(`${opts.collectors} collector(s) at once: 1 connecting cycle + ${opts.cycles} steady cycles each...`);
    const collectors = await Promise.all(
      shards.map((inv, k) => runChild(inv, urls[k]!, opts.cycles, opts.concurrency, `collector-${k}`)),
    );
    log(
      `fleet API: one collector fills a database with all ${opts.targets} targets, then ${opts.apiRuns} reads...`,
    );
    const allDir = path.join(dir, 'all');
    fs.mkdirSync(allDir);
    const [allInventory] = fleet.writeInventories(allDir, 1, opts.concurrency);
    const apiUrl = `file:${path.join(allDir, 'api.db')}`;
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
    await closeDb();

    const result = {
      startedAt,
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
      `bench:scale: ${opts.targets} simulated targets, ${opts.collectors} collector(s), SQLite, ` +
        `concurrency ${opts.concurrency}, ${os.cpus().length} cores, load ${loadAvgAtStart.map((l) => fmt(l, 1)).join(' ')}`,
      '',
      'collector  targets  ok(last)  cycle ms (median of steady)  CPU ms/cycle  CPU share @60s  RSS MB  peak RSS MB  samples/s (recordPolls)',
    ];
    collectors.forEach((c, k) => {
      const last = c.steadyCycles[c.steadyCycles.length - 1]!;
      const samplesPerSec = c.targets / (c.phases.recordPollsMs.median / 1000);
      lines.push(
        [
          `#${k}`.padEnd(9),
          String(c.targets).padStart(7),
          String(last.statuses.ok ?? 0).padStart(9),
          fmt(c.steady.durationMs.median).padStart(28),
          fmt(c.steady.cpuMs.median).padStart(13),
          `${fmt((100 * c.steady.cpuMs.median) / 60000, 1)} %`.padStart(15),
          fmt(c.withConnections.rssKb / 1024).padStart(7),
          fmt(c.peakRssKb / 1024).padStart(12),
          fmt(samplesPerSec).padStart(24),
        ].join('  '),
      );
    });
    lines.push(
      '',
      'error' in api
        ? `fleet API: not measured: filling one database with all ${opts.targets} targets failed: ${api.error}`
        : `fleet API (listTargets + JSON, ${api.rows} rows, ${fmt(api.bytes / 1024)} KiB; fill: ${api.fill.ok}/${api.fill.total} ok): ` +
            `p95 ${fmt(api.p95Ms)} ms, median ${fmt(api.ms.median)} ms, max ${fmt(api.ms.max)} ms over ${api.ms.n} reads`,
      '(CPU share @60s = collector CPU per cycle / a 60 s interval, as a share of one core; RSS with every connection open.)',
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
