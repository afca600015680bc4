import pLimit from 'p-limit';
import type { Db } from '../db/client';
import { recordPolls, type PollRecord } from '../db/record-poll';
import { evaluateFindings, type EvaluateResult } from '../findings/evaluate';
import type { Inventory } from '../inventory/types';
import type { Transport } from '../transport/types';
import { planDiscovery, syncDiscovered } from './discover';
import { pollTarget, type PollOutcome } from './poll-target';
import { agentScopeOf } from './agent-read';

export interface CycleRow extends PollOutcome {
  target: string;
  kind: string;
}

export interface CycleReport {
  runId: number;
  startedAt: Date;
  durationMs: number;
  /** time spent polling (connect + probe), before storing and judging */
  pollMs: number;
  rows: CycleRow[];
  findings: EvaluateResult;
}

export interface CycleDeps {
  db: Db;
  inventory: Inventory;
  transport: Transport;
  /** target name → Target.id, from syncInventory */
  targetIds: Map<string, number>;
  publicUrl: string;
  now?: () => Date;
  /** recorded on the CollectorRun row */
  collectorId?: string;
  /** poll only these targets (the ones this collector holds leases for); judging still covers the fleet */
  only?: ReadonlySet<string>;
}

/** One collector cycle: poll every target (bounded concurrency), store what came back, judge, alert. */
export async function runCycle(deps: CycleDeps): Promise<CycleReport> {
  const { db, inventory, transport } = deps;
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const t0 = performance.now();
  const only = deps.only;
  // A guest without an address is never polled: its host's poll is all there is of it.
  const pollable = inventory.targets.filter((t) => !t.hostViewOnly);
  const polled = only ? pollable.filter((t) => only.has(t.name)) : pollable;
  const run = await db.collectorRun.create({
    data: {
      startedAt,
      targets: polled.length,
      intervalMs: inventory.intervalMs,
      collectorId: deps.collectorId ?? null,
    },
  });
  try {
    const limit = pLimit(Math.max(1, inventory.concurrency));
    const rows: CycleRow[] = await Promise.all(
      polled.map((target) =>
        limit(async () => ({
          target: target.name,
          kind: target.kind,
          ...(await pollTarget(
            transport,
            target,
            inventory.timeoutMs,
            agentScopeOf(target, inventory.targets),
          )),
        })),
      ),
    );
    const pollMs = performance.now() - t0;
    await recordPolls(db, run.id, toRecords(deps, rows, startedAt));
    await discoverDomains(deps, rows, startedAt);
    const findings = await evaluateFindings(db, {
      now: startedAt,
      config: inventory.rules,
      webhooks: inventory.webhooks,
      publicUrl: deps.publicUrl,
      targets: inventory.targets,
      accept: inventory.accept,
    });
    const ok = rows.filter((r) => r.status === 'ok').length;
    await db.collectorRun.update({
      where: { id: run.id },
      // error: null also repairs a run another process took for dead (closeUnfinishedRuns) while it ran.
      data: { finishedAt: now(), ok, failed: rows.length - ok, error: null },
    });
    return { runId: run.id, startedAt, durationMs: performance.now() - t0, pollMs, rows, findings };
  } catch (e) {
    await db.collectorRun
      .update({ where: { id: run.id }, data: { finishedAt: now(), error: String(e) } })
      .catch(() => undefined);
    throw e;
  }
}

// Before judging, so a domain found this cycle is judged as its own member at once.
async function discoverDomains(deps: CycleDeps, rows: CycleRow[], at: Date): Promise<void> {
  for (const host of deps.inventory.targets) {
    const row = host.discover ? rows.find((r) => r.target === host.name) : undefined;
    const hostId = deps.targetIds.get(host.name);
    if (!row || hostId === undefined) continue;
    const members = planDiscovery(host, row.status === 'ok' ? row.observation : null, deps.inventory.targets);
    if (members) await syncDiscovered(deps.db, hostId, members, at);
  }
}

function toRecords(deps: CycleDeps, rows: CycleRow[], at: Date): PollRecord[] {
  const byName = new Map(rows.map((r) => [r.target, r]));
  const records: PollRecord[] = [];
  for (const target of deps.inventory.targets) {
    const row = byName.get(target.name);
    const targetId = deps.targetIds.get(target.name);
    if (!row || targetId === undefined) continue;
    // A guest's disks and RNG devices are what its host's libvirt says this cycle.
    const hostObs = target.hostName ? byName.get(target.hostName)?.observation : undefined;
    const domain = hostObs?.host?.domains.find((d) => d.name === (target.domain ?? target.name)) ?? null;
    records.push({
      targetId,
      at,
      status: row.status,
      error: row.error,
      durationMs: row.durationMs,
      observation: row.observation,
      domain,
    });
  }
  return records;
}
