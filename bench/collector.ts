// npm run bench:collector -- [--targets 200] [--cycles 5] [--concurrency 64,200] [--ssh-parallel 16,64]
//                            [--ssh-runs 3] [--no-openssh] [--cpu-prof] [--out bench/out/collector.json]
// Starts a lab of N healthy targets (test/lab benchLabSpec), runs the collector in a child process
// (bench/collector-child.ts, so its RSS is its own) once per concurrency, then the same probe with
// OpenSSH's client through xargs -P (plain, then via ControlMaster). Prints a table with the
// issue's targets and writes every figure as JSON. The lab is stopped whatever happens.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../lib/db/migrate';
import { loadInventory } from '../lib/inventory/load';
import { startLab } from '../test/lab/lab';
import { benchLabSpec } from '../test/lab/scenarios';
import type { Lab } from '../test/lab/types';
import { RESULT_MARKER, type ChildResult } from './child-result';
import { OpenSshBench } from './openssh-bench';
import { measureFleetFloor, measureProbeFloor } from './probe-floor';
import { formatReport, type BenchResult } from './report';
import { spread } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const log = (line: string) => console.error(line);

function wholeNumbers(flag: string, value: string): number[] {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--${flag} takes whole numbers ≥ 1 separated by commas, got "${value}"`);
  }
  return list;
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string', default: '200' },
      cycles: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '64,200' },
      'ssh-parallel': { type: 'string', default: '16,64' },
      'ssh-runs': { type: 'string', default: '3' },
      'no-openssh': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      out: { type: 'string', default: path.join(ROOT, 'bench/out/collector.json') },
    },
    strict: true,
  });
  return {
    targets: wholeNumbers('targets', values.targets)[0]!,
    cycles: wholeNumbers('cycles', values.cycles)[0]!,
    concurrency: wholeNumbers('concurrency', values.concurrency),
    sshParallel: wholeNumbers('ssh-parallel', values['ssh-parallel']),
    sshRuns: wholeNumbers('ssh-runs', values['ssh-runs'])[0]!,
    openssh: !values['no-openssh'],
    cpuProf: values['cpu-prof'],
    out: path.resolve(values.out),
  };
}

/** Everything the bench started, ended by PID / by the lab's own stop(); safe to call twice. */
class Cleanup {
  lab: Lab | null = null;
  child: ChildProcess | null = null;
  openssh: OpenSshBench | null = null;
  private done: Promise<void> | null = null;

  run(): Promise<void> {
    this.done ??= (async () => {
      if (this.child && this.child.exitCode === null) this.child.kill('SIGKILL');
      await this.openssh?.cleanup().catch((e: unknown) => log(`openssh cleanup: ${String(e)}`));
      await this.lab?.stop().catch((e: unknown) => log(`lab stop: ${String(e)}`));
    })();
    return this.done;
  }
}

async function runChild(
  cleanup: Cleanup,
  inventoryPath: string,
  concurrency: number,
  cycles: number,
  cpuProf: boolean,
): Promise<ChildResult> {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-db-'));
  try {
    const url = `file:${path.join(dbDir, 'bench.db')}`;
    await migrateDatabase(url, path.join(ROOT, 'prisma'));
    // --cpu-prof: a V8 profile of the whole child (open it in Chrome DevTools → Performance).
    const prof = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(ROOT, 'bench/out/profiles')] : [];
    // prettier-ignore
    const args = [
      ...prof, '--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/collector-child.ts'),
      '--inventory', inventoryPath, '--db', url, '--cycles', String(cycles), '--concurrency', String(concurrency),
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanup.child = child;
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      stderrTail = (stderrTail + text).slice(-2000);
      process.stderr.write(text.replace(/^(?=.)/gm, '  [collector] '));
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    cleanup.child = null;
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
    if (code !== 0 || !line)
      throw new Error(`collector child exited ${code} without a result:\n${stderrTail}`);
    return JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult;
  } finally {
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const cleanup = new Cleanup();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping the lab...`);
      void cleanup.run().finally(() => process.exit(130));
    });
  }
  const startedAt = new Date().toISOString();
  const loadAvgAtStart = os.loadavg();
  try {
    log(`starting a lab of ${opts.targets} targets...`);
    const t0 = performance.now();
    cleanup.lab = await startLab(benchLabSpec(opts.targets));
    const labStartMs = performance.now() - t0;
    const lab = cleanup.lab;
    log(`lab up in ${Math.round(labStartMs)} ms: ${lab.inventoryPath}`);

    const { targets } = loadInventory({ configPath: lab.inventoryPath, env: {} });
    log('probe floor: the probe inside one host and one guest, without SSH...');
    const probeFloor = await measureProbeFloor(lab, targets);
    const fleetFloorMs: number[] = [];
    for (let i = 0; i < 2; i++) fleetFloorMs.push(await measureFleetFloor(lab, targets, 8));
    log(`  all ${targets.length} probes without SSH: ${fleetFloorMs.map(Math.round).join(', ')} ms`);

    const collector: ChildResult[] = [];
    for (const concurrency of opts.concurrency) {
      log(`collector, concurrency ${concurrency}: 1 connecting cycle + ${opts.cycles} steady cycles...`);
      const r = await runChild(cleanup, lab.inventoryPath, concurrency, opts.cycles, opts.cpuProf);
      log(
        `  steady median ${Math.round(r.steady.durationMs.median)} ms, first ${Math.round(r.firstCycle.durationMs)} ms`,
      );
      collector.push(r);
    }

    let openssh: BenchResult['openssh'] = null;
    if (opts.openssh) {
      cleanup.openssh = new OpenSshBench({ targets, parallel: opts.sshParallel, runs: opts.sshRuns, log });
      log(`OpenSSH client over ${targets.length} targets...`);
      openssh = await cleanup.openssh.run();
    }

    const result: BenchResult = {
      startedAt,
      targets: opts.targets,
      machine: { cores: os.cpus().length, loadAvgAtStart, loadAvgAtEnd: os.loadavg() },
      labStartMs,
      probeFloor,
      fleetFloorMs: spread(fleetFloorMs),
      collector,
      openssh,
    };
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(formatReport(result));
    console.log(`\nfigures: ${path.relative(process.cwd(), opts.out) || opts.out}`);
  } finally {
    log('stopping the lab...');
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench:collector: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
