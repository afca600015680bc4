import { AggregatorRegistry, Gauge, Registry } from 'prom-client';
import { z } from 'zod';
import type { MetricsSnapshot, MetricsTarget } from '../queries/get-metrics-snapshot';

// /metrics in Prometheus' text format, built with prom-client (the client library Prometheus lists
// for Node.js): per-target gauges from the latest poll, open findings, and every collector's own
// counters and histogram merged under a `collector` label. No I/O: the snapshot is read elsewhere.

const TARGET_LABELS = ['target', 'host', 'kind', 'platform'] as const;

/** A stored getMetricsAsJSON() entry; rows that are not this shape are skipped, never fatal. */
const storedMetric = z.object({
  name: z.string(),
  help: z.string(),
  type: z.string(),
  aggregator: z.string().default('sum'),
  values: z.array(
    z.object({
      value: z.number(),
      labels: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
      metricName: z.string().optional(),
    }),
  ),
});
const storedMetrics = z.array(storedMetric);

/** The modern CRNG reads entropy_avail 256 once initialised; the legacy pool does not say, so no series. */
export function crngReady(t: Pick<MetricsTarget, 'poolsize' | 'entropyAvail'>): 0 | 1 | null {
  if (t.poolsize !== 256 || t.entropyAvail === null) return null;
  return t.entropyAvail === 256 ? 1 : 0;
}

/** The exposition text and its content type for one scrape. */
export async function renderMetrics(snap: MetricsSnapshot): Promise<{ contentType: string; body: string }> {
  const fleet = fleetRegistry(snap);
  const merged = Registry.merge([fleet, collectorRegistry(snap)]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}

function fleetRegistry(snap: MetricsSnapshot): Registry {
  const registry = new Registry();
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  const entropy = gauge(
    'entropy_watch_entropy_available_bits',
    'Kernel entropy_avail at the latest successful poll.',
    TARGET_LABELS,
  );
  const poolsize = gauge(
    'entropy_watch_poolsize_bits',
    'Kernel random poolsize (256 on the modern CRNG, 4096 on the legacy pool).',
    TARGET_LABELS,
  );
  const ready = gauge(
    'entropy_watch_crng_ready',
    '1 when the modern CRNG is initialised (entropy_avail 256); absent on the legacy pool.',
    TARGET_LABELS,
  );
  const hwrng = gauge(
    'entropy_watch_hwrng_info',
    'Always 1; rng_current names the kernel hardware RNG in use ("none" when none).',
    [...TARGET_LABELS, 'rng_current'],
  );
  const up = gauge(
    'entropy_watch_target_up',
    '1 when the latest poll succeeded and is not stale (within 3 poll intervals).',
    TARGET_LABELS,
  );
  const lastPoll = gauge(
    'entropy_watch_target_last_poll_timestamp_seconds',
    'Unix time of the latest poll, successful or not.',
    TARGET_LABELS,
  );
  const findings = gauge(
    'entropy_watch_open_findings',
    'Open findings by rule, severity and state (alerting; silenced or accepted ones do not page).',
    ['rule', 'severity', 'state'],
  );
  const collectorUp = gauge(
    'entropy_watch_collector_up',
    '1 when the collector reported within 3 poll intervals.',
    ['collector', 'site'],
  );
  const lastCycle = gauge(
    'entropy_watch_collector_last_cycle_timestamp_seconds',
    'Unix time the collector finished its latest cycle.',
    ['collector'],
  );
  const leases = gauge('entropy_watch_collector_leases', 'Unexpired target leases held by the collector.', [
    'collector',
  ]);

  for (const t of snap.targets) {
    const labels = { target: t.name, host: t.host, kind: t.kind, platform: t.platform };
    up.set(labels, t.up ? 1 : 0);
    if (t.lastPollAt) lastPoll.set(labels, t.lastPollAt.getTime() / 1000);
    if (t.entropyAvail !== null) entropy.set(labels, t.entropyAvail);
    if (t.poolsize !== null) poolsize.set(labels, t.poolsize);
    const r = crngReady(t);
    if (r !== null) ready.set(labels, r);
    if (t.rngCurrent !== null) hwrng.set({ ...labels, rng_current: t.rngCurrent }, 1);
  }
  for (const f of snap.openFindings)
    findings.set({ rule: f.rule, severity: f.severity, state: f.state }, f.count);
  for (const c of snap.collectors) {
    const alive = snap.at.getTime() - c.heartbeatAt.getTime() <= 3 * snap.intervalMs;
    collectorUp.set({ collector: c.id, site: c.site ?? '' }, alive ? 1 : 0);
    if (c.lastCycleAt) lastCycle.set({ collector: c.id }, c.lastCycleAt.getTime() / 1000);
    leases.set({ collector: c.id }, c.leases);
  }
  return registry;
}

function collectorRegistry(snap: MetricsSnapshot): Registry {
  const perCollector = snap.collectors.flatMap((c) => {
    let parsed: z.infer<typeof storedMetrics>;
    try {
      const r = storedMetrics.safeParse(JSON.parse(c.metricsJson));
      if (!r.success) return [];
      parsed = r.data;
    } catch {
      return [];
    }
    // The collector label keeps each process's series apart, so aggregation never sums two collectors.
    return [
      parsed.map((m) => ({
        ...m,
        values: m.values.map((v) => ({ ...v, labels: { ...v.labels, collector: c.id } })),
      })),
    ];
  });
  return AggregatorRegistry.aggregate(perCollector);
}
