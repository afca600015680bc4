import { Counter, Histogram, Registry } from 'prom-client';

// A collector process counts its own work with prom-client (poll outcomes, cycle durations)
// and stores the registry as JSON in its Collector row after each cycle; the web's /metrics merges
// every collector's figures under a `collector` label (lib/metrics/exposition.ts). Counters start
// from zero when a collector restarts, as any Prometheus client's do; rate() handles the reset.

/** Cycle duration buckets (seconds): a healthy cycle takes about a second; 60 s is a full default interval. */
export const CYCLE_BUCKETS = [0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

export interface CollectorMetrics {
  registry: Registry;
  /** Counts one cycle: its duration and each poll's outcome class ("ok", "timeout", ...). */
  observeCycle(durationMs: number, statuses: readonly string[]): void;
}

/** A fresh registry holding one collector process's own figures. */
export function createCollectorMetrics(): CollectorMetrics {
  const registry = new Registry();
  const polls = new Counter({
    name: 'entropy_watch_polls_total',
    help: 'Target polls by outcome class (ok, timeout, refused, auth-failed, host-key-unknown, host-key-mismatch, probe-failed, parse-error).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const cycles = new Histogram({
    name: 'entropy_watch_cycle_duration_seconds',
    help: 'Duration of one collector cycle: poll, store, judge.',
    buckets: CYCLE_BUCKETS,
    registers: [registry],
  });
  // Every outcome class appears from the first scrape, so rate() has a zero to start from.
  polls.inc({ status: 'ok' }, 0);
  return {
    registry,
    observeCycle(durationMs, statuses) {
      cycles.observe(durationMs / 1000);
      for (const status of statuses) polls.inc({ status });
    },
  };
}
