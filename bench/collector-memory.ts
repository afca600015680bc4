// npm run bench:collector-memory -- [--targets 5000] [--cycles 2] [--old <git rev>]
//                                  [--variants old,new,new:MALLOC_ARENA_MAX=2,new:--max-semi-space-size=4]
// Where a collector's memory goes, OLD against NEW in one run on one machine: a simulated fleet
// (bench/sim-fleet.ts, ssh2 servers answering the real probe), then one collector per variant, one
// after the other, each in its own process on a fresh SQLite database: a connecting cycle, --cycles
// steady ones, 5 s idle, then memory with every connection open and again after stop() closed them.
// "old" runs lib/ of commit --old (extracted under bench/out/, as bench:fleet-api does), "new" this
// checkout; ":NAME=VALUE" adds an environment variable and ":--flag" a node flag to a variant.
// Prints a table; figures as JSON in bench/out/collector-memory.json.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../lib/db/migrate';
import { RESULT_MARKER } from './child-result';
import type { CollectorMemoryResult } from './collector-memory-child';
import { resolveRev } from './probe-cost-old';
import { writeInventories } from './sim-fleet';
import { startSimFleetProcesses, type SimFleetProcesses } from './sim-fleet-procs';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The last commit before issue 14's collector memory cuts. */
const OLD_REV = '329e1e8';

interface Variant {
  label: string;
  lib: string;
  env: Record<string, string>;
  nodeFlags: string[];
}

function whole(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} takes a whole number ≥ 1, got "${value}"`);
  return n;
}

/** lib/ of commit `rev`, extracted once under bench/out/ (the generated Prisma clients are this checkout's). */
function oldLib(rev: string): string {
  const dir = path.join(ROOT, 'bench/out', `collector-memory-at-${rev.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'lib/collector/service.ts'))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', rev, 'lib'], {
      cwd: ROOT,
      maxBuffer: 256 << 20,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  // lib/ reads the version from ../package.json
  if (!fs.existsSync(path.join(dir, 'package.json')))
    fs.symlinkSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const gen of ['generated', 'generated-postgresql']) {
    const link = path.join(dir, 'lib/db', gen);
    if (!fs.existsSync(link) && fs.existsSync(path.join(ROOT, 'lib/db', gen)))
      fs.symlinkSync(path.join(ROOT, 'lib/db', gen), link);
  }
  return path.join(dir, 'lib');
}

function parseVariant(spec: string, oldRev: string): Variant {
  const [base, ...extras] = spec.split(':');
  if (base !== 'old' && base !== 'new') {
    throw new Error(`--variants: each starts with old or new (e.g. new:MALLOC_ARENA_MAX=2), got "${spec}"`);
  }
  const env: Record<string, string> = {};
  const nodeFlags: string[] = [];
  for (const x of extras) {
    if (x.startsWith('--')) nodeFlags.push(x);
    else if (/^[A-Z_][A-Z0-9_]*=/.test(x)) env[x.slice(0, x.indexOf('='))] = x.slice(x.indexOf('=') + 1);
    else throw new Error(`--variants: "${x}" in "${spec}" is neither NAME=VALUE nor a --node-flag`);
  }
  return {
    label: base === 'old' ? `OLD ${oldRev.slice(0, 7)}${spec.slice(3)}` : `NEW${spec.slice(3)}`,
    lib: base === 'old' ? oldLib(oldRev) : path.join(ROOT, 'lib'),
    env,
    nodeFlags,
  };
}

const children = new Set<ChildProcess>();

async function runVariant(
  v: Variant,
  inventory: string,
  url: string,
  cycles: number,
): Promise<CollectorMemoryResult> {
  // prettier-ignore
  const args = [
    '--expose-gc', ...v.nodeFlags, '--import', 'tsx', path.join(ROOT, 'bench/collector-memory-child.ts'),
    '--lib', v.lib, '--inventory', inventory, '--db', url, '--cycles', String(cycles),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...v.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let tail = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (tail = (tail + d.toString()).slice(-2000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  children.delete(child);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (code !== 0 || !line) throw new Error(`${v.label} exited ${code} without a result:\n${tail}`);
  return JSON.parse(line.slice(RESULT_MARKER.length)) as CollectorMemoryResult;
}

const mb = (kb: number) => (kb / 1024).toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string', default: '5000' },
      cycles: { type: 'string', default: '2' },
      old: { type: 'string', default: OLD_REV },
      variants: { type: 'string', default: 'old,new' },
      out: { type: 'string', default: path.join(ROOT, 'bench/out/collector-memory.json') },
    },
    strict: true,
  });
  const targets = whole('targets', values.targets);
  const cycles = whole('cycles', values.cycles);
  const oldRev = resolveRev(ROOT, values.old);
  const variants = values.variants.split(',').map((s) => parseVariant(s.trim(), oldRev));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-collector-memory-'));
  let fleet: SimFleetProcesses | null = null;
  const stopAll = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await fleet?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  }
  const loadAvgAtStart = os.loadavg();
  try {
    console.error(`starting a simulated fleet of ${targets} targets...`);
    fleet = await startSimFleetProcesses(targets);
    const [inventory] = writeInventories(fleet.targets, dir, 1, 200);
    const results: {
      label: string;
      env: Record<string, string>;
      nodeFlags: string[];
      result: CollectorMemoryResult;
    }[] = [];
    for (const [k, v] of variants.entries()) {
      const url = `file:${path.join(dir, `collector-${k}.db`)}`;
      await migrateDatabase(url, path.join(ROOT, 'prisma'));
      console.error(`${v.label}: a connecting cycle and ${cycles} steady ones over ${targets} targets...`);
      results.push({
        label: v.label,
        env: v.env,
        nodeFlags: v.nodeFlags,
        result: await runVariant(v, inventory!, url, cycles),
      });
    }
    const loadAvgAtEnd = os.loadavg();
    fs.mkdirSync(path.dirname(values.out), { recursive: true });
    fs.writeFileSync(
      values.out,
      `${JSON.stringify({ startedAt: new Date().toISOString(), targets, cycles, oldRev, machine: { cores: os.cpus().length, loadAvgAtStart, loadAvgAtEnd }, results }, null, 2)}\n`,
    );
    const head = [
      'variant'.padEnd(34),
      'ok'.padStart(5),
      'first s (CPU)'.padStart(14),
      'steady CPU ms'.padStart(14),
      'RSS no GC'.padStart(10),
      'RSS MB'.padStart(7),
      'heap'.padStart(5),
      'young'.padStart(6),
      'ext'.padStart(5),
      'WASM'.padStart(5),
      'RSS after stop'.padStart(15),
      'peak RSS'.padStart(9),
    ];
    const lines = [
      `bench:collector-memory: ${targets} simulated targets, one collector at a time on SQLite, ${os.cpus().length} cores, ` +
        `load ${loadAvgAtStart.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadAvgAtEnd.map((l) => l.toFixed(1)).join(' ')} at the end`,
      '',
      head.join('  '),
    ];
    for (const { label, result: r } of results) {
      const w = r.withConnections;
      lines.push(
        [
          label.padEnd(34),
          String(r.ok).padStart(5),
          `${(r.first.wallMs / 1000).toFixed(0)} (${(r.first.cpuMs / 1000).toFixed(0)})`.padStart(14),
          median(r.steady.map((s) => s.cpuMs))
            .toFixed(0)
            .padStart(14),
          (r.idleRssKb === undefined ? '-' : mb(r.idleRssKb)).padStart(10),
          mb(w.rssKb).padStart(7),
          mb(w.heapUsedKb).padStart(5),
          mb(w.newSpaceKb).padStart(6),
          mb(w.externalKb).padStart(5),
          mb(w.externalKb - w.arrayBuffersKb).padStart(5),
          mb(r.afterStop.rssKb).padStart(15),
          mb(r.peakRssKb).padStart(9),
        ].join('  '),
      );
    }
    lines.push(
      '',
      '(RSS no GC: after the cycles and 5 s idle, as the OS sees it; then a forced GC and',
      ' RSS, heap (V8 heap used), young (V8 young generation committed), ext (external: Buffers and WebAssembly memory),',
      ' WASM (external minus ArrayBuffers: Prisma query compiler memory) with every connection open, after a GC, in MB;',
      ' steady CPU ms = median CPU of one steady cycle)',
      `figures: ${path.relative(process.cwd(), values.out)}`,
    );
    console.log(lines.join('\n'));
  } finally {
    await stopAll();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench:collector-memory: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
