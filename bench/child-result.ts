// What collector-child.ts reports to collector.ts: one JSON line after RESULT_MARKER on stdout.
import type { ExtraConnections } from './extra-connections';
import type { Spread } from './stats';

export const RESULT_MARKER = 'EW-BENCH-RESULT ';

export interface MemoryReading {
  rssKb: number;
  heapUsedKb: number;
  /** Buffers and other memory outside the V8 heap that Node tracks */
  externalKb: number;
}

export interface CycleFigures {
  durationMs: number;
  pollMs: number;
  /** durationMs - pollMs: storing the polls, judging the rules, bookkeeping */
  storeJudgeMs: number;
  /** user + system CPU of the collector process during the cycle */
  cpuMs: number;
  /** the system (kernel) part of cpuMs: socket I/O on loopback, file I/O */
  cpuSystemMs: number;
  /** share of the whole machine's CPU (all cores) busy during the cycle, 0..1 */
  machineBusy: number;
  /** CPU time the whole machine (all cores: lab targets, collector, anything else) spent in the cycle */
  machineCpuMs: number;
  statuses: Record<string, number>;
  openConnections: number;
  /** the collector's resident set at the end of the cycle (no GC forced) */
  rssKb?: number;
  /** CPU ms other processes spent during the cycle, by name (bench:scale: the simulated fleet, PostgreSQL) */
  others?: Record<string, number>;
  /** per-target connect + probe time as the transport measured it, by kind */
  targetMs: { host: Spread | null; guest: Spread | null };
  slowest: { target: string; kind: string; ms: number } | null;
}

export interface ChildResult {
  targets: number;
  concurrency: number;
  timeoutMs: number;
  /** after imports, DB open and inventory sync; no connection open yet */
  baseline: MemoryReading;
  firstCycle: CycleFigures;
  steadyCycles: CycleFigures[];
  steady: {
    durationMs: Spread;
    pollMs: Spread;
    storeJudgeMs: Spread;
    cpuMs: Spread;
    machineBusy: Spread;
    machineCpuMs: Spread;
  };
  /** after the steady cycles, with every connection still open (after a GC) */
  withConnections: MemoryReading;
  /** the same moment before that GC: the resident set as the OS sees it between cycles */
  idleRssKb?: number;
  openConnections: number;
  perConnection: { rssKb: number; heapKb: number; externalKb: number };
  /** a second set of idle connections opened in the warm process (see extra-connections.ts) */
  extraConnections: ExtraConnections;
  /** after stop() closed every connection (after a GC) */
  afterClose: MemoryReading;
  /** VmHWM: the collector process's peak resident set */
  peakRssKb: number;
  /** the stages of a cycle timed on their own, with the steady-state database */
  /** records = rows one recordPolls call stored (the targets this collector polled) */
  /** CPU while every connection idles between cycles (ssh keepalives), over `ms` of wall time */
  idle?: { ms: number; cpuMs: number };
  phases: { records: number; recordPollsMs: Spread; evaluateFindingsMs: Spread };
  findings: { opened: number; updated: number; resolved: number };
}
