import type { TargetKind } from '../model';
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { providerOf } from '../db/providers/dialect';
import { listTargetsPg, openFindingCountsPg, sparklinePg, targetScopePg } from './postgres-sql';
import type { Observation, Platform } from '../probe/types';
import { hostPlatformsByName } from './host-platforms';
import { getCollectorPace, type CollectorPace } from './collector-pace';
import { foldFindingCounts, type TargetFindingCounts } from './finding-mute';
import { toDate, toNumber, toText } from './sql-values';
import { parseObservationJson } from './stored-json';
import {
  deriveFreshness,
  deriveTargetStatus,
  kernelRngModel,
  NO_FINDINGS,
  pollAgeMs,
  type Freshness,
  type KernelRngModel,
  type OpenFindingCounts,
  type TargetStatus,
} from './target-status';

const HOUR = 3_600_000;

/** Hours of hourly rollups behind each fleet sparkline. */
export const SPARKLINE_HOURS = 24;

/** One row of the fleet view: a host, guest or the local machine with its latest poll and open findings. */
export interface FleetTarget {
  id: number;
  name: string;
  kind: TargetKind;
  /** the host's name for guests; null for hosts, local and orphaned guests */
  hostName: string | null;
  /** libvirt domain name (guests) */
  domain: string | null;
  address: string | null;
  /** worst open finding's severity, whatever the data's age */
  status: TargetStatus;
  /** whether the data behind `status` is current: fresh, stale (no recent poll) or unreachable */
  freshness: Freshness;
  /** ms from the last poll to `now` of the query; null when never polled */
  pollAgeMs: number | null;
  /** "ok" or the failure class of the latest poll; null when never polled */
  lastStatus: string | null;
  lastError: string | null;
  lastPollAt: Date | null;
  entropyAvail: number | null;
  poolsize: number | null;
  kernelModel: KernelRngModel;
  kernelRelease: string | null;
  /** rng_current of the latest observation, e.g. "virtio_rng.0" or "none" */
  rngCurrent: string | null;
  /**
   * What manages the guests: a host's own (libvirt, proxmox, qemu), a guest's that of its host; null for
   * local targets and hosts whose probe has not yet reported domains (docs/platforms.md).
   */
  platform: Platform | null;
  open: OpenFindingCounts;
  /**
   * open findings left out of `open` and the status: silenced now, accepted by the inventory, or applied
   * and waiting for a cold boot (docs/status.md)
   */
  muted?: { silenced: number; accepted: number; waitingColdBoot: number };
  /** average entropy_avail per hour over the last SPARKLINE_HOURS hours, oldest first; null = no ok sample */
  sparkline: (number | null)[];
  removedAt: Date | null;
  /** the full latest observation, only when asked for (API) */
  observation?: Observation | null;
  /** why the stored observation could not be read, when it could not */
  observationError?: string;
}

export interface ListTargetsOptions {
  /** include targets no longer in the inventory (default false) */
  includeRemoved?: boolean;
  /** attach the full latest observation to each target (default false) */
  withObservation?: boolean;
  /** attach the 24 h sparkline (default true) */
  withSparkline?: boolean;
  /** only the target with this name */
  name?: string;
  /** only the guests of the host with this name */
  hostName?: string;
  /** only these target ids (a page of the fleet) */
  ids?: readonly number[];
  /**
   * only what status, freshness, the filters and the sorts need: no observation fields (RNG source,
   * kernel, platform), so reading a whole large fleet to order it stays cheap (default false)
   */
  lean?: boolean;
  now?: Date;
  /**
   * open findings per target and the collector's pace already read for this `now` (a page read after
   * the lean whole-fleet read reuses them instead of counting the whole fleet's findings again)
   */
  reuse?: { counts?: Map<number, TargetFindingCounts>; pace?: CollectorPace };
}

/** What listTargets read besides the rows, to hand to a second read at the same `now`. */
export interface ListTargetsShared {
  counts: Map<number, TargetFindingCounts>;
  pace: CollectorPace;
}

/** Every target with its status, latest entropy, RNG source, open findings by severity and a 24 h sparkline. */
export async function listTargets(db: Db, opts: ListTargetsOptions = {}): Promise<FleetTarget[]> {
  return (await listTargetsShared(db, opts)).targets;
}

/** listTargets, also returning the finding counts and pace it read so a second read can reuse them. */
export async function listTargetsShared(
  db: Db,
  opts: ListTargetsOptions = {},
): Promise<{ targets: FleetTarget[]; shared: ListTargetsShared }> {
  const now = opts.now ?? new Date();
  const lean = opts.lean ?? false;
  const withObservation = !lean && (opts.withObservation ?? false);
  const withSparkline = !lean && (opts.withSparkline ?? true);
  const sinceBucket = Math.floor(now.getTime() / HOUR) * HOUR - (SPARKLINE_HOURS - 1) * HOUR;
  const scope: Prisma.Sql[] = [];
  if (!opts.includeRemoved) scope.push(Prisma.sql`t.removedAt IS NULL`);
  if (opts.name !== undefined) scope.push(Prisma.sql`t.name = ${opts.name}`);
  if (opts.hostName !== undefined) scope.push(Prisma.sql`h.name = ${opts.hostName}`);
  // One bind value whatever the page size: SQLite reads the ids out of a JSON array.
  if (opts.ids !== undefined)
    scope.push(Prisma.sql`t.id IN (SELECT value FROM json_each(${JSON.stringify(opts.ids)}))`);
  const where = scope.length ? Prisma.sql`WHERE ${Prisma.join(scope, ' AND ')}` : Prisma.empty;
  const join = Prisma.sql`FROM Target t LEFT JOIN Target h ON h.id = t.hostId LEFT JOIN Observation o ON o.targetId = t.id`;

  const pg = providerOf(db) === 'postgresql';
  const wherePg = pg ? targetScopePg(opts) : Prisma.empty;
  const [rows, counts, pace, sparkRows] = await Promise.all([
    // json_extract pulls two fields out of each observation inside SQLite, so the fleet page does not
    // ship and parse every host's full domain list.
    pg
      ? db.$queryRaw<RawTarget[]>(
          listTargetsPg(wherePg, withObservation ? 'observation' : lean ? 'lean' : 'facts'),
        )
      : lean
        ? // Only the columns ordering and filtering read (the rest come back undefined, read as null),
          // packed by SQLite into one JSON array of arrays: every row and column costs in the driver and
          // the client, and this runs over the whole fleet (10,000 rows: 40 ms as rows, 10 ms as one
          // string and JSON.parse; bench/fleet-api.ts).
          db.$queryRaw<{ rows: unknown }[]>`
          SELECT json_group_array(json_array(t.id, t.name, t.kind, h.name, t.domain, t.address, t.lastPollAt,
                 t.lastStatus, t.lastEntropyAvail, t.lastPoolsize, t.removedAt)) AS rows
          FROM Target t LEFT JOIN Target h ON h.id = t.hostId ${where}`.then(unpackLeanRows)
        : withObservation
          ? db.$queryRaw<RawTarget[]>`
          SELECT t.id, t.name, t.kind, h.name AS hostName, t.domain, t.address, t.lastPollAt, t.lastStatus,
                 t.lastError, t.lastEntropyAvail, t.lastPoolsize, t.removedAt, o.data AS observation,
                 NULL AS rngCurrent, NULL AS kernelRelease, NULL AS observedPoolsize,
                 NULL AS platform, NULL AS hostFacts
          ${join} ${where}`
          : db.$queryRaw<RawTarget[]>`
          SELECT t.id, t.name, t.kind, h.name AS hostName, t.domain, t.address, t.lastPollAt, t.lastStatus,
                 t.lastError, t.lastEntropyAvail, t.lastPoolsize, t.removedAt, NULL AS observation,
                 json_extract(o.data, '$.rngCurrent') AS rngCurrent,
                 json_extract(o.data, '$.kernelRelease') AS kernelRelease,
                 json_extract(o.data, '$.poolsize') AS observedPoolsize,
                 json_extract(o.data, '$.host.platform') AS platform,
                 json_type(o.data, '$.host') AS hostFacts
          ${join} ${where}`,
    opts.reuse?.counts ?? countFindingsWithMutes(db, now, opts.ids),
    opts.reuse?.pace ?? getCollectorPace(db),
    withSparkline && pg
      ? db.$queryRaw<{ targetId: unknown; points: unknown }[]>(sparklinePg(wherePg, sinceBucket))
      : withSparkline
        ? // CROSS JOIN pins Target as the outer loop, so SQLite seeks the (targetId, bucket) primary key once
          // per target instead of scanning every rollup (what it picks for a plain JOIN grouped by targetId).
          // The hourly averages come back as one "slot:avg,…" string per target instead of 24 rows each (integer
          // division rounds inside SQLite, cheaper than formatting floats; CAST because the driver binds JS numbers as
          // REAL, which would turn the slot into a float).
          db.$queryRaw<{ targetId: unknown; points: unknown }[]>`
          SELECT t.id AS targetId,
                 group_concat(CAST((r.bucket - ${sinceBucket}) / ${HOUR} AS INTEGER) || ':' || ((r.sumEntropy + r.count / 2) / r.count)) AS points
          FROM Target t LEFT JOIN Target h ON h.id = t.hostId
          CROSS JOIN SampleRollup r ON r.targetId = t.id AND r.bucket >= ${sinceBucket} AND r.count > 0
          ${where}
          GROUP BY t.id`
        : Promise.resolve([]),
  ]);

  const sparks = new Map<number, (number | null)[]>();
  for (const r of sparkRows) {
    const line = new Array<number | null>(SPARKLINE_HOURS).fill(null);
    for (const point of (toText(r.points) ?? '').split(',')) {
      const [slot = NaN, avg = NaN] = point.split(':').map(Number);
      if (Number.isInteger(slot) && slot >= 0 && slot < SPARKLINE_HOURS && Number.isFinite(avg))
        line[slot] = avg;
    }
    sparks.set(toNumber(r.targetId)!, line);
  }

  const targets = rows.map((r) => {
    const id = toNumber(r.id)!;
    const lastPollAt = toDate(r.lastPollAt);
    const lastStatus = toText(r.lastStatus);
    const c = counts.get(id);
    const open = c?.open ?? NO_FINDINGS;
    const poolsize = toNumber(r.lastPoolsize);
    const t: FleetTarget = {
      id,
      name: String(r.name),
      kind: asKind(r.kind),
      hostName: toText(r.hostName),
      domain: toText(r.domain),
      address: toText(r.address),
      status: deriveTargetStatus(open),
      freshness: deriveFreshness({ lastStatus, lastPollAt }, now, pace.staleAfterMs),
      pollAgeMs: pollAgeMs(lastPollAt, now),
      lastStatus,
      lastError: toText(r.lastError),
      lastPollAt,
      entropyAvail: toNumber(r.lastEntropyAvail),
      poolsize,
      // A failed poll stores no poolsize; the last observation still tells the kernel's RNG model.
      kernelModel: kernelRngModel(poolsize ?? toNumber(r.observedPoolsize)),
      kernelRelease: toText(r.kernelRelease),
      rngCurrent: toText(r.rngCurrent),
      platform: platformOf(toText(r.platform), toText(r.hostFacts) === 'object'),
      open,
      muted: {
        silenced: c?.silenced ?? 0,
        accepted: c?.accepted ?? 0,
        waitingColdBoot: c?.waitingColdBoot ?? 0,
      },
      sparkline: withSparkline ? (sparks.get(id) ?? new Array<null>(SPARKLINE_HOURS).fill(null)) : [],
      removedAt: toDate(r.removedAt),
    };
    if (withObservation) {
      const text = toText(r.observation);
      const parsed = text === null ? null : parseObservationJson(text);
      t.observation = parsed?.ok ? parsed.value : null;
      if (parsed && !parsed.ok) t.observationError = parsed.error;
      t.kernelRelease = t.observation?.kernelRelease ?? null;
      t.rngCurrent = t.observation?.rngCurrent ?? null;
      t.kernelModel = kernelRngModel(poolsize ?? t.observation?.poolsize);
      t.platform = platformOf(t.observation?.host?.platform ?? null, Boolean(t.observation?.host));
    }
    return t;
  });
  const shared = { counts, pace };
  return { targets: await withGuestPlatforms(db, targets, shared, now), shared };
}

// Observations stored before the platform was recorded are libvirt's (lib/probe/types.ts HostFacts).
function platformOf(platform: string | null, hasHostFacts: boolean): Platform | null {
  if (platform === 'libvirt' || platform === 'proxmox' || platform === 'qemu') return platform;
  return hasHostFacts ? 'libvirt' : null;
}

/**
 * A guest's platform is its host's. The host's row usually came back with it; when the scope left it out
 * (one target, one host's guests), one small query reads those hosts' platforms.
 */
async function withGuestPlatforms(
  db: Db,
  targets: FleetTarget[],
  shared: ListTargetsShared,
  now: Date,
): Promise<FleetTarget[]> {
  const known = new Map(targets.filter((t) => t.kind !== 'guest').map((t) => [t.name, t.platform]));
  const missing = [
    ...new Set(
      targets.flatMap((t) =>
        t.kind === 'guest' && t.hostName && !known.has(t.hostName) ? [t.hostName] : [],
      ),
    ),
  ];
  if (missing.length > 0) {
    // Only the platform fields, pulled out of the stored JSON by the database (as the fleet page reads
    // them), not every missing host's whole observation parsed: a page of 500 guests can name as many
    // hosts; and only for hosts polled since this process last read theirs.
    const platforms = await hostPlatformsByName(db, missing, async (ids) => {
      const { targets: hosts } = await listTargetsShared(db, {
        ids,
        includeRemoved: true,
        withSparkline: false,
        now,
        reuse: shared,
      });
      return new Map(hosts.map((h) => [h.id, h.platform]));
    });
    for (const [name, platform] of platforms) known.set(name, platform);
  }
  for (const t of targets) {
    if (t.kind === 'guest') t.platform = t.hostName ? (known.get(t.hostName) ?? null) : null;
  }
  return targets;
}

interface RawTarget {
  id: unknown;
  name: unknown;
  kind: unknown;
  hostName: unknown;
  domain: unknown;
  address: unknown;
  lastPollAt: unknown;
  lastStatus: unknown;
  lastError: unknown;
  lastEntropyAvail: unknown;
  lastPoolsize: unknown;
  removedAt: unknown;
  observation: unknown;
  rngCurrent: unknown;
  kernelRelease: unknown;
  observedPoolsize: unknown;
  platform: unknown;
  hostFacts: unknown;
}

/** The lean rows SQLite packed as one JSON array of arrays, in the order of its json_array(…). */
function unpackLeanRows(result: { rows: unknown }[]): RawTarget[] {
  const rows = JSON.parse(toText(result[0]?.rows) ?? '[]') as unknown[][];
  return rows.map(
    (r) =>
      ({
        id: r[0],
        name: r[1],
        kind: r[2],
        hostName: r[3],
        domain: r[4],
        address: r[5],
        lastPollAt: r[6],
        lastStatus: r[7],
        lastEntropyAvail: r[8],
        lastPoolsize: r[9],
        removedAt: r[10],
      }) as RawTarget,
  );
}

function asKind(v: unknown): FleetTarget['kind'] {
  return v === 'host' || v === 'local' ? v : 'guest';
}

/**
 * Open findings per target id: by severity those that count, and how many are silenced or accepted; only
 * the targets `ids` when given (a page), else every target.
 */
export async function countFindingsWithMutes(
  db: Db,
  now: Date,
  ids?: readonly number[],
): Promise<Map<number, TargetFindingCounts>> {
  type Row = {
    targetId: unknown;
    severity: unknown;
    acceptedReason: unknown;
    expiresAt: unknown;
    waiting: unknown;
    n: unknown;
  };
  const rows =
    providerOf(db) === 'postgresql'
      ? await db.$queryRaw<Row[]>(openFindingCountsPg(ids))
      : await db.$queryRaw<Row[]>`
    SELECT f.targetId, f.severity, f.acceptedReason, s.expiresAt,
           CASE WHEN f.pendingColdBootSince IS NULL THEN 0 ELSE 1 END AS waiting, COUNT(*) AS n
    FROM Finding f LEFT JOIN Silence s ON s.id = f.silenceId
    WHERE f.state = 'open' ${ids === undefined ? Prisma.empty : Prisma.sql`AND f.targetId IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`}
    GROUP BY f.targetId, f.severity, f.acceptedReason, s.expiresAt, waiting`;
  return foldFindingCounts(
    rows.map((r) => ({
      targetId: toNumber(r.targetId)!,
      severity: toText(r.severity) ?? '',
      acceptedReason: toText(r.acceptedReason),
      silenceExpiresAt: toDate(r.expiresAt),
      pendingColdBoot: toNumber(r.waiting) === 1,
      n: toNumber(r.n) ?? 0,
    })),
    now,
  );
}
