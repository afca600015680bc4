// Pure: the bench's figures → verdicts against the targets, and the table printed at the end.
import type { ChildResult } from './child-result';
import type { OpenSshMode, OpenSshResult } from './openssh-bench';
import type { ProbeFloor } from './probe-floor';
import { spread, type Spread } from './stats';

export const GOALS = {
  /** a steady-state cycle over 200 targets, whole cycle (poll + store + judge) */
  steadyCycleMs: 1000,
  /** (RSS with connections − RSS before) / open connections */
  perConnectionKb: 300,
  /** OpenSSH plain (new connection per target) ÷ collector steady cycle */
  speedupVsPlainSsh: 5,
} as const;

export interface BenchResult {
  startedAt: string;
  targets: number;
  machine: { cores: number; loadAvgAtStart: number[]; loadAvgAtEnd: number[] };
  labStartMs: number;
  probeFloor: ProbeFloor[];
  /** every target's probe run through nsenter (no SSH), 8 at a time */
  fleetFloorMs: Spread;
  collector: ChildResult[];
  openssh: OpenSshResult | null;
}

export interface Verdicts {
  /** the collector run the ratios use: the lowest median steady cycle */
  bestCollector: ChildResult;
  bestPlain: OpenSshMode | null;
  bestMux: OpenSshMode | null;
  steadyPass: boolean;
  memoryPass: boolean;
  /** plain ssh median ÷ collector steady median (whole cycle, and poll only) */
  ratioPlain: { cycle: number; poll: number } | null;
  ratioMux: { cycle: number; poll: number } | null;
  speedupPass: boolean | null;
}

const fastest = (modes: OpenSshMode[] | undefined): OpenSshMode | null =>
  modes && modes.length > 0 ? modes.reduce((a, b) => (b.wallMs.median < a.wallMs.median ? b : a)) : null;

/** Judges the figures against GOALS; every collector run must meet the memory goal, the best one the time goal. */
export function judge(r: BenchResult): Verdicts {
  if (r.collector.length === 0) throw new Error('judge: no collector runs');
  const bestCollector = r.collector.reduce((a, b) =>
    b.steady.durationMs.median < a.steady.durationMs.median ? b : a,
  );
  const bestPlain = fastest(r.openssh?.plain);
  const bestMux = fastest(r.openssh?.controlMaster?.modes);
  const ratio = (m: OpenSshMode | null) =>
    m
      ? {
          cycle: m.wallMs.median / bestCollector.steady.durationMs.median,
          poll: m.wallMs.median / bestCollector.steady.pollMs.median,
        }
      : null;
  const ratioPlain = ratio(bestPlain);
  return {
    bestCollector,
    bestPlain,
    bestMux,
    steadyPass: bestCollector.steady.durationMs.median <= GOALS.steadyCycleMs,
    memoryPass: r.collector.every((c) => c.perConnection.rssKb <= GOALS.perConnectionKb),
    ratioPlain,
    ratioMux: ratio(bestMux),
    speedupPass: ratioPlain ? ratioPlain.cycle >= GOALS.speedupVsPlainSsh : null,
  };
}

const median = (values: number[]) => spread(values).median;
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const kb = (n: number) => `${Math.round(n).toLocaleString('en-US')} KB`;
const mb = (n: number) => `${(n / 1024).toFixed(1)} MB`;
const trio = (s: { min: number; median: number; max: number }) =>
  `${Math.round(s.min)} / ${Math.round(s.median)} / ${Math.round(s.max)} ms`;
const mark = (pass: boolean | null) => (pass === null ? '' : pass ? 'PASS' : 'FAIL');
const statuses = (s: Record<string, number>) =>
  Object.entries(s)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

function sumTallies(list: Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of list) for (const [k, v] of Object.entries(t)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function row(label: string, value: string, goal = '', verdict = ''): string {
  return `  ${label.padEnd(52)} ${value.padEnd(30)} ${goal.padEnd(12)} ${verdict}`.trimEnd();
}

function collectorBlock(c: ChildResult, cores: number): string[] {
  const s = c.steady;
  const last = c.steadyCycles.at(-1);
  const x = c.extraConnections;
  // prettier-ignore
  return [
    `Collector: ${c.targets} targets, concurrency ${c.concurrency}, ${s.durationMs.n} steady cycles`,
    row('first cycle (connecting): whole / poll', `${ms(c.firstCycle.durationMs)} / ${ms(c.firstCycle.pollMs)}`),
    row('  statuses', statuses(c.firstCycle.statuses)),
    row('steady cycle, whole (min / median / max)', trio(s.durationMs), `≤ ${GOALS.steadyCycleMs} ms`, mark(s.durationMs.median <= GOALS.steadyCycleMs)),
    row('  poll: connect + probe (min / median / max)', trio(s.pollMs)),
    row('  store + judge (min / median / max)', trio(s.storeJudgeMs)),
    row('    recordPolls alone / evaluateFindings alone (med.)', `${ms(c.phases.recordPollsMs.median)} / ${ms(c.phases.evaluateFindingsMs.median)}`),
    row('  per-target poll in the last cycle, hosts', last?.targetMs.host ? trio(last.targetMs.host) : '-'),
    row('  per-target poll in the last cycle, guests', last?.targetMs.guest ? trio(last.targetMs.guest) : '-'),
    row('  machine CPU busy during a cycle (median, all cores)', `${Math.round(s.machineBusy.median * 100)} %`),
    row('  CPU per cycle: whole machine / collector / the rest', `${ms(s.machineCpuMs.median)} / ${ms(s.cpuMs.median)} / ${ms(s.machineCpuMs.median - s.cpuMs.median)}`),
    row('  collector CPU per cycle: user / system (median)', `${ms(median(c.steadyCycles.map((x) => x.cpuMs - x.cpuSystemMs)))} / ${ms(median(c.steadyCycles.map((x) => x.cpuSystemMs)))}`),
    row('  floor set by the rest (targets) on these cores', ms((s.machineCpuMs.median - s.cpuMs.median) / cores)),
    row('  statuses over the steady cycles', statuses(sumTallies(c.steadyCycles.map((x) => x.statuses)))),
    row('peak RSS (VmHWM)', mb(c.peakRssKb)),
    row('RSS: before connecting / with connections / closed', `${mb(c.baseline.rssKb)} / ${mb(c.withConnections.rssKb)} / ${mb(c.afterClose.rssKb)}`),
    row('open connections', String(c.openConnections)),
    row('memory per open connection (RSS delta)', kb(c.perConnection.rssKb), `≤ ${GOALS.perConnectionKb} KB`, mark(c.perConnection.rssKb <= GOALS.perConnectionKb)),
    ...(c.openConnections < 100
      ? ['    (few connections: the fixed growth of the first cycles dominates the line above)']
      : []),
    row('  heap used / external per open connection', `${kb(c.perConnection.heapKb)} / ${kb(c.perConnection.externalKb)}`),
    row(`  ${x.opened} more idle connections, warm process: RSS / heap / ext.`, `${kb(x.perConnection.rssKb)} / ${kb(x.perConnection.heapKb)} / ${kb(x.perConnection.externalKb)}`, '', x.failed > 0 ? `${x.failed} failed` : ''),
  ];
}

function opensshBlock(o: OpenSshResult, targets: number): string[] {
  const lines = [
    `OpenSSH client over the same ${targets} targets, fanned out by xargs -P (wall time for all)`,
  ];
  for (const m of o.plain) {
    const ok = Math.min(...m.runs.map((r) => r.ok));
    lines.push(
      row(
        `plain ssh, new connection per target, -P ${m.parallel} (min/med/max)`,
        trio(m.wallMs),
        '',
        ok === targets ? '' : `only ${ok} ok`,
      ),
    );
  }
  if (o.controlMaster) {
    lines.push(row('ControlMaster: opening the masters (not in the figures)', ms(o.controlMaster.setupMs)));
    for (const m of o.controlMaster.modes) {
      const ok = Math.min(...m.runs.map((r) => r.ok));
      lines.push(
        row(
          `ssh via established ControlMaster, -P ${m.parallel}`,
          trio(m.wallMs),
          '',
          ok === targets ? '' : `only ${ok} ok`,
        ),
      );
    }
  }
  return lines;
}

/** The table printed at the end of a bench run. */
export function formatReport(r: BenchResult): string {
  const v = judge(r);
  const c = v.bestCollector;
  const lines = [
    `Entropy Watch collector bench, ${r.startedAt}: ${r.targets} lab targets (started in ${ms(r.labStartMs)}), ` +
      `${r.machine.cores} cores, load average ${r.machine.loadAvgAtStart.map((n) => n.toFixed(2)).join(' ')} at start, ` +
      `${r.machine.loadAvgAtEnd.map((n) => n.toFixed(2)).join(' ')} at end`,
    '',
    row('', 'value', 'target', ''),
    'The probe alone inside a target, no SSH (nsenter; min / median / max of 3)',
    ...r.probeFloor.map((f) =>
      row(`  ${f.kind} ${f.target} (${kb(f.outputBytes / 1024)} of output)`, trio(f.ms)),
    ),
    row(`  all ${r.targets} targets, 8 at a time (min / median / max of 2)`, trio(r.fleetFloorMs)),
    '',
  ];
  for (const run of r.collector) lines.push(...collectorBlock(run, r.machine.cores), '');
  if (r.openssh) lines.push(...opensshBlock(r.openssh, r.targets), '');
  lines.push(`Ratios: OpenSSH median ÷ collector steady median (collector at concurrency ${c.concurrency})`);
  if (v.ratioPlain && v.bestPlain) {
    lines.push(
      row(
        `plain ssh (-P ${v.bestPlain.parallel}) ÷ collector whole cycle`,
        `${v.ratioPlain.cycle.toFixed(1)}x`,
        `≥ ${GOALS.speedupVsPlainSsh}x`,
        mark(v.speedupPass),
      ),
      row(`plain ssh (-P ${v.bestPlain.parallel}) ÷ collector poll only`, `${v.ratioPlain.poll.toFixed(1)}x`),
    );
  }
  if (v.ratioMux && v.bestMux) {
    lines.push(
      row(
        `ControlMaster ssh (-P ${v.bestMux.parallel}) ÷ collector whole cycle`,
        `${v.ratioMux.cycle.toFixed(1)}x`,
      ),
      row(
        `ControlMaster ssh (-P ${v.bestMux.parallel}) ÷ collector poll only`,
        `${v.ratioMux.poll.toFixed(1)}x`,
      ),
    );
  }
  lines.push(
    '',
    `Verdict: steady cycle ${mark(v.steadyPass)}, memory per connection ${mark(v.memoryPass)}` +
      (v.speedupPass === null ? '' : `, ≥ ${GOALS.speedupVsPlainSsh}x plain ssh ${mark(v.speedupPass)}`),
  );
  return lines.join('\n');
}
