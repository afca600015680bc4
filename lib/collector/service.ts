import { startAlertDelivery } from '../alerts/delivery';
import type { Db } from '../db/client';
import { syncInventory } from '../db/sync-inventory';
import type { Inventory } from '../inventory/types';
import { createTransport } from '../transport';
import type { Transport } from '../transport/types';
import { runCycle, type CycleReport } from './cycle';
import { createCollectorMetrics } from '../metrics/collector-metrics';
import { jobs } from './jobs';
import { clearDbFault, reportDbFault } from '../db/fault-log';
import { describeDbError } from '../db/db-errors';
import { closeUnfinishedRuns } from './unfinished-runs';
import { providerOf } from '../db/providers/dialect';
import { createLeaseScheduler, keepLeasesWhileRunning, type LeaseScheduler } from './lease-scheduler';
import { clearPollRequests, pendingPollRequests, requestsToAnswer } from './poll-requests';
import { retireCollector } from './leases';
import { assertSoleCollector } from './sole-collector';
import {
  announceCollector,
  defaultCollectorId,
  recordCollectorCycle,
  type CollectorIdentity,
} from './presence';

export interface CollectorService {
  /** Runs one cycle now (also what the loop calls); `now` lets tests judge at a chosen time. */
  runOnce(opts?: { now?: () => Date; only?: ReadonlySet<string> }): Promise<CycleReport>;
  /** Stops the loop, waits for a running cycle and in-flight deliveries, closes connections. */
  stop(): Promise<void>;
}

export interface CollectorOptions {
  db: Db;
  inventory: Inventory;
  publicUrl: string;
  /** start the self-rescheduling poll loop (false for --once) */
  loop: boolean;
  log?: (line: string) => void;
  onCycle?: (report: CycleReport) => void;
  /** `--collector-id` (default the host name) and `--site` */
  identity?: Partial<CollectorIdentity>;
  /** the SQLite file (null for PostgreSQL): an I/O error there is checked against its free space */
  databaseFile?: string | null;
  /** how often the loop looks for "poll now" requests (lib/collector/poll-requests.ts); default 2000 ms */
  pollRequestCheckMs?: number;
}

/** Starts the collector: inventory sync, the poll loop, housekeeping jobs and webhook delivery. */
export async function startCollector(opts: CollectorOptions): Promise<CollectorService> {
  const { db, inventory } = opts;
  const log = opts.log ?? ((line: string) => console.log(line));
  const databaseFile = opts.databaseFile ?? null;
  const who: CollectorIdentity = {
    id: opts.identity?.id ?? defaultCollectorId(),
    site: opts.identity?.site ?? null,
  };
  // The first writes. On a full disk or a locked database: --once fails saying which; the loop says so
  // once and tries again every interval, so the collector starts by itself when space comes back.
  let targetIds = new Map<string, number>();
  let ready = false;
  // PostgreSQL: several collectors share the fleet through target leases. SQLite: this one alone.
  const leased = providerOf(db) === 'postgresql';
  let scheduler: LeaseScheduler | null = null;
  if (opts.loop && !leased) await assertSoleCollector(db, who, inventory.intervalMs);
  const setup = async () => {
    const closed = await closeUnfinishedRuns(db, who.id);
    if (closed > 0) log(`collector: closed ${closed} cycle(s) a previous process left unfinished`);
    targetIds = await syncInventory(db, inventory);
    await announceCollector(db, who);
    if (leased) scheduler = createLeaseScheduler(db, who, inventory, targetIds);
    ready = true;
  };
  if (!opts.loop) {
    try {
      await setup();
    } catch (e) {
      const fault = describeDbError(e, databaseFile);
      if (fault.kind === 'other') throw e;
      throw new Error(fault.message, { cause: e });
    }
  }
  const metrics = createCollectorMetrics();
  const transport: Transport = createTransport();
  const delivery = opts.loop ? startAlertDelivery({ db, webhooks: inventory.webhooks }) : null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  // The interval loop and "poll now" requests take turns: cycles never overlap.
  let turn: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = turn.then(fn);
    turn = p.catch(() => undefined);
    return p;
  };
  let requestTimer: NodeJS.Timeout | undefined;
  const lastJobRun = new Map<string, number>();

  const runOnce = (o: { now?: () => Date; only?: ReadonlySet<string> } = {}) => {
    const p = (ready ? Promise.resolve() : setup())
      .then(async () => {
        const at = (o.now ?? (() => new Date()))();
        // Asked for a cycle (not the loop, which passes what is due): poll every target this
        // collector holds, as on SQLite, however recently they were polled.
        const only = o.only ?? (scheduler ? (await scheduler.due(at, { all: true })).names : undefined);
        const keepLeases = scheduler ? keepLeasesWhileRunning(scheduler, log) : null;
        const report = await runCycle({
          db,
          inventory,
          transport,
          targetIds,
          publicUrl: opts.publicUrl,
          now: o.now,
          collectorId: who.id,
          only,
        }).finally(() => keepLeases?.stop());
        scheduler?.polled(
          report.rows.map((r) => r.target),
          at,
        );
        return report;
      })
      .then(async (report) => {
        metrics.observeCycle(
          report.durationMs,
          report.rows.map((r) => r.status),
        );
        const finishedAt = new Date(report.startedAt.getTime() + report.durationMs);
        await recordCollectorCycle(
          db,
          who,
          { finishedAt, durationMs: report.durationMs, targets: report.rows.length },
          metrics,
        );
        return report;
      });
    current = p.catch(() => undefined);
    return p;
  };

  // Self-rescheduling: the next cycle is planned when this one ends, so cycles never overlap and
  // one failing cycle (say, a locked database) is logged and retried at the next tick.
  const tick = async () => {
    const started = Date.now();
    try {
      // With leases the loop wakes every half interval and polls only what is due.
      const due = scheduler ? (await scheduler.due(new Date(started))).names : undefined;
      if (due && due.size === 0) {
        if (!stopped) timer = setTimeout(tick, Math.max(0, period() - (Date.now() - started)));
        return;
      }
      const report = await exclusive(() => runOnce(due ? { only: due } : {}));
      const ok = report.rows.filter((r) => r.status === 'ok').length;
      const f = report.findings;
      // Said before the cycle line, so whoever reads the log line by line sees the recovery first.
      clearDbFault(log);
      log(
        `collector: cycle ${report.runId}: ${ok}/${report.rows.length} ok in ${Math.round(report.durationMs)} ms; ` +
          `findings opened ${f.opened}, resolved ${f.resolved}, open ${f.opened + f.updated}`,
      );
      opts.onCycle?.(report);
      delivery?.kick();
      await runDueJobs(started);
    } catch (e) {
      // A full disk or a held lock is said once per episode (fault-log), not every interval.
      reportDbFault(e, log, 'collector: cycle failed', databaseFile);
    }
    if (!stopped) timer = setTimeout(tick, Math.max(0, period() - (Date.now() - started)));
  };
  const period = () => scheduler?.tickMs ?? inventory.intervalMs;

  const runDueJobs = async (nowMs: number) => {
    for (const job of jobs) {
      const last = lastJobRun.get(job.name) ?? 0;
      if (nowMs - last < job.everyMs) continue;
      lastJobRun.set(job.name, nowMs);
      try {
        log(`job ${job.name}: ${await job.run(db, new Date(nowMs))}`);
      } catch (e) {
        reportDbFault(e, log, `job ${job.name} failed`, databaseFile);
      }
    }
  };

  // "Poll now" (after a cold boot): polls just the requested targets; judging still covers the fleet.
  const answerRequests = async () => {
    try {
      if (ready) {
        const asked = await pendingPollRequests(db);
        // With leases, only what this collector holds: a requested target is polled once, by its owner.
        const done =
          asked.length === 0
            ? null
            : await exclusive(async () => {
                const held = scheduler ? (await scheduler.due(new Date(), { all: true })).names : null;
                const answer = requestsToAnswer(asked, held);
                return answer ? { ...answer, report: await runOnce({ only: answer.names }) } : null;
              });
        if (done) {
          const { names, upTo, report } = done;
          await clearPollRequests(db, [...names], upTo);
          log(`collector: polled ${[...names].join(', ')} on request (cycle ${report.runId})`);
          opts.onCycle?.(report);
          delivery?.kick();
        }
      }
    } catch (e) {
      reportDbFault(e, log, 'collector: poll on request failed', databaseFile);
    }
    if (!stopped) requestTimer = setTimeout(answerRequests, opts.pollRequestCheckMs ?? 2000);
  };

  if (opts.loop) {
    timer = setTimeout(tick, 0);
    requestTimer = setTimeout(answerRequests, opts.pollRequestCheckMs ?? 2000);
  }

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (requestTimer) clearTimeout(requestTimer);
      await current;
      if (scheduler) await retireCollector(db, who).catch(() => undefined);
      await delivery?.stop();
      await transport.close();
    },
  };
}
