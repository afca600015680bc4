// npm run bench:probe-cost -- [--reps 15] [--old <git rev>] [--pieces] [--out bench/out/probe-cost.json]
// What one poll costs the target, per kind of target, without SSH: the probe runs inside lab
// targets (bench/probe-cost-lab.ts) with /bin/sh -s, OLD (the probe as commit --old generated it)
// and NEW (this checkout) alternating in one run, so both meet the same machine load. Figures:
// CPU of the probe's whole process tree (a cgroup; bench/probe-cost-measure.ts), wall time, and
// from one traced run each, the processes forked and programs run. Prints medians and NEW/OLD.
// --pieces: also single commands of the host probe in the libvirt host (./probe-cost-pieces.ts).
// Needs root (lab namespaces, cgroup) and strace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseProbeOutput, type ProbeKind } from '../lib/probe/parse';
import { buildProbeScript } from '../lib/probe/script';
import { startLab } from '../test/lab/lab';
import type { Lab } from '../test/lab/types';
import { COST_DOMAINS, COST_TARGETS, probeCostLabSpec, type CostTarget } from './probe-cost-lab';
import {
  countProcesses,
  measureRun,
  openCpuGroup,
  type CpuGroup,
  type ProcessCount,
  type RunCost,
} from './probe-cost-measure';
import { formatPieces, measurePieces, type PieceCost } from './probe-cost-pieces';
import { loadProbeBuilder, OLD_PROBE_REV, resolveRev, type BuildProbeScript } from './probe-cost-old';
import { spread, type Spread } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const log = (line: string) => console.error(line);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '15' },
      pieces: { type: 'boolean', default: false },
      old: { type: 'string', default: OLD_PROBE_REV },
      out: { type: 'string', default: path.join(ROOT, 'bench/out/probe-cost.json') },
    },
    strict: true,
  });
  const reps = Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps takes a whole number ≥ 1, got "${values.reps}"`);
  return { reps, pieces: values.pieces, old: resolveRev(ROOT, values.old), out: path.resolve(values.out) };
}

type Variant = 'old' | 'new';

interface KindResult {
  kind: CostTarget['kind'];
  target: string;
  cpuMs: Record<Variant, Spread>;
  userMs: Record<Variant, Spread>;
  sysMs: Record<Variant, Spread>;
  wallMs: Record<Variant, Spread>;
  outputBytes: Record<Variant, number>;
  processes: Record<Variant, ProcessCount>;
  /** top-level observation fields whose parsed value differs between OLD and NEW ([] = same meaning) */
  observationDiff: string[];
}

/** Observation fields (parsed by this checkout's parser) that differ between two outputs. */
function observationDiff(kind: ProbeKind, oldOut: string, newOut: string): string[] {
  const a = parseProbeOutput(oldOut, kind);
  const b = parseProbeOutput(newOut, kind);
  if (!a.ok || !b.ok)
    return [`parse: ${a.ok ? '' : `old ${a.error}`} ${b.ok ? '' : `new ${b.error}`}`.trim()];
  const oa = a.observation as unknown as Record<string, unknown>;
  const ob = b.observation as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(oa), ...Object.keys(ob)]);
  return [...keys].filter((k) => JSON.stringify(oa[k]) !== JSON.stringify(ob[k]));
}

async function measureKind(
  lab: Lab,
  t: CostTarget,
  scripts: Record<Variant, string>,
  group: CpuGroup,
  reps: number,
  tmp: string,
): Promise<KindResult> {
  const costs: Record<Variant, RunCost[]> = { old: [], new: [] };
  // One untimed run each first: page cache and virsh's first connection.
  for (const v of ['old', 'new'] as const) await measureRun(lab, t.target, scripts[v], group);
  for (let i = 0; i < reps; i++) {
    const order: Variant[] = i % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
    for (const v of order) costs[v].push(await measureRun(lab, t.target, scripts[v], group));
  }
  const outputs = { old: '', new: '' };
  for (const v of ['old', 'new'] as const) {
    const res = await lab.exec(t.target, `exec /bin/sh -s <'${scripts[v]}'`);
    outputs[v] = res.stdout;
  }
  const processes = {
    old: await countProcesses(lab, t.target, scripts.old, path.join(tmp, 'trace-old')),
    new: await countProcesses(lab, t.target, scripts.new, path.join(tmp, 'trace-new')),
  };
  const pick = (v: Variant, f: keyof RunCost) => spread(costs[v].map((c) => c[f]));
  const both = (f: keyof RunCost) => ({ old: pick('old', f), new: pick('new', f) });
  return {
    kind: t.kind,
    target: t.target,
    cpuMs: both('cpuMs'),
    userMs: both('userMs'),
    sysMs: both('sysMs'),
    wallMs: both('wallMs'),
    outputBytes: { old: Buffer.byteLength(outputs.old), new: Buffer.byteLength(outputs.new) },
    processes,
    observationDiff: observationDiff(t.probe.kind, outputs.old, outputs.new),
  };
}

const ms = (s: Spread) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
const ratio = (o: Spread, n: Spread) => `${(n.median / o.median).toFixed(2)}×`;

function formatTable(results: KindResult[], reps: number, oldRev: string, newRev: string): string {
  const head = [
    'kind',
    'CPU ms OLD',
    'CPU ms NEW',
    'NEW/OLD',
    'wall ms OLD',
    'wall ms NEW',
    'forks O→N',
    'execs O→N',
  ];
  const rows = results.map((r) => [
    r.kind,
    ms(r.cpuMs.old),
    ms(r.cpuMs.new),
    ratio(r.cpuMs.old, r.cpuMs.new),
    ms(r.wallMs.old),
    ms(r.wallMs.new),
    `${r.processes.old.forks}→${r.processes.new.forks}`,
    `${r.processes.old.execs}→${r.processes.new.execs}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const programs = results.map((r) => {
    const fmt = (p: ProcessCount) =>
      Object.entries(p.programs)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}×${v}`)
        .join(' ');
    const diff =
      r.observationDiff.length === 0 ? 'same observation' : `DIFFERS in ${r.observationDiff.join(', ')}`;
    return `  ${r.kind}: OLD ${fmt(r.processes.old)} | NEW ${fmt(r.processes.new)} | ${diff}`;
  });
  return [
    `probe cost on the target, no SSH: median (min–max) of ${reps} runs each, OLD ${oldRev.slice(0, 12)} vs NEW ${newRev}`,
    `libvirt host: ${COST_DOMAINS} domains; CPU = user+sys of the probe's whole process tree (cgroup)`,
    line(head),
    ...rows.map(line),
    'programs run:',
    ...programs,
  ].join('\n');
}

function newRevLabel(): string {
  try {
    const head = fs.readFileSync(path.join(ROOT, '.git/HEAD'), 'utf8').trim();
    return head.startsWith('ref:')
      ? `working tree (${head.slice(5)})`
      : `working tree (${head.slice(0, 12)})`;
  } catch {
    return 'working tree';
  }
}

async function main(): Promise<void> {
  const opts = parseOptions();
  const oldBuild: BuildProbeScript = await loadProbeBuilder(ROOT, opts.old);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-probe-cost-'));
  const group = openCpuGroup(`ew-probe-cost-${process.pid}`);
  let lab: Lab | null = null;
  const stop = async () => {
    await lab?.stop().catch((e: unknown) => log(`lab stop: ${String(e)}`));
    try {
      group.remove();
    } catch (e) {
      log(`cgroup ${group.dir} not removed: ${String(e)}`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    log('starting the lab...');
    lab = await startLab(probeCostLabSpec());
    const results: KindResult[] = [];
    for (const t of COST_TARGETS) {
      const libvirtUri = lab.targets.get(t.target)?.libvirtUri ?? null;
      const scripts = {
        old: path.join(tmp, `${t.target}.old.sh`),
        new: path.join(tmp, `${t.target}.new.sh`),
      };
      fs.writeFileSync(scripts.old, oldBuild({ ...t.probe, libvirtUri }));
      fs.writeFileSync(scripts.new, buildProbeScript({ ...t.probe, libvirtUri }));
      log(`${t.kind} (${t.target}): ${opts.reps} OLD/NEW pairs...`);
      results.push(await measureKind(lab, t, scripts, group, opts.reps, tmp));
    }
    const newRev = newRevLabel();
    console.log(formatTable(results, opts.reps, opts.old, newRev));
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    let pieces: PieceCost[] = [];
    if (opts.pieces) {
      const host = COST_TARGETS.find((t) => t.kind === 'libvirt host')!;
      log(`single commands in ${host.target}...`);
      const uri = lab.targets.get(host.target)?.libvirtUri ?? '';
      pieces = await measurePieces(lab, host.target, uri, group, opts.reps, tmp);
      console.log(formatPieces(host.target, pieces));
    }
    const report = {
      at: new Date().toISOString(),
      oldRev: opts.old,
      newRev,
      loadAvg: os.loadavg(),
      results,
      pieces,
    };
    fs.writeFileSync(opts.out, JSON.stringify(report, null, 2));
    log(`written: ${path.relative(ROOT, opts.out)}`);
  } finally {
    await stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
