import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot, MetricsTarget } from '../queries/get-metrics-snapshot';
import { createCollectorMetrics } from './collector-metrics';
import { crngReady, renderMetrics } from './exposition';

const AT = new Date('2026-11-25T12:00:00Z');

function target(patch: Partial<MetricsTarget>): MetricsTarget {
  return {
    name: 'web-01',
    kind: 'guest',
    host: 'kvm-01',
    platform: 'debian',
    up: true,
    lastPollAt: new Date(AT.getTime() - 30_000),
    entropyAvail: 256,
    poolsize: 256,
    rngCurrent: 'virtio_rng.0',
    ...patch,
  };
}

function snapshot(patch: Partial<MetricsSnapshot>): MetricsSnapshot {
  return { at: AT, intervalMs: 60_000, targets: [], openFindings: [], collectors: [], ...patch };
}

describe('crngReady', () => {
  it('is 1 at 256 on the modern CRNG, 0 below, and unknown on the legacy pool', () => {
    expect(crngReady({ poolsize: 256, entropyAvail: 256 })).toBe(1);
    expect(crngReady({ poolsize: 256, entropyAvail: 20 })).toBe(0);
    expect(crngReady({ poolsize: 4096, entropyAvail: 3000 })).toBeNull();
    expect(crngReady({ poolsize: null, entropyAvail: 256 })).toBeNull();
    expect(crngReady({ poolsize: 256, entropyAvail: null })).toBeNull();
  });
});

describe('renderMetrics', () => {
  it('labels every target gauge with target, host, kind and platform', async () => {
    const { body } = await renderMetrics(
      snapshot({ targets: [target({}), target({ name: 'kvm-01', kind: 'host', host: '', up: false })] }),
    );
    const labels = 'target="web-01",host="kvm-01",kind="guest",platform="debian"';
    expect(body).toContain(`entropy_watch_entropy_available_bits{${labels}} 256`);
    expect(body).toContain(`entropy_watch_crng_ready{${labels}} 1`);
    expect(body).toContain(`entropy_watch_hwrng_info{${labels},rng_current="virtio_rng.0"} 1`);
    expect(body).toContain(`entropy_watch_target_up{${labels}} 1`);
    expect(body).toContain(
      'entropy_watch_target_up{target="kvm-01",host="",kind="host",platform="debian"} 0',
    );
    expect(body).toContain(
      `entropy_watch_target_last_poll_timestamp_seconds{${labels}} ${AT.getTime() / 1000 - 30}`,
    );
  });

  it('leaves out what was never measured instead of writing 0', async () => {
    const { body } = await renderMetrics(
      snapshot({
        targets: [target({ entropyAvail: null, poolsize: null, rngCurrent: null, lastPollAt: null })],
      }),
    );
    for (const name of [
      'entropy_watch_entropy_available_bits',
      'entropy_watch_poolsize_bits',
      'entropy_watch_crng_ready',
      'entropy_watch_hwrng_info',
      'entropy_watch_target_last_poll_timestamp_seconds',
    ]) {
      expect(body).not.toMatch(new RegExp(`^${name}\\{`, 'm'));
    }
    expect(body).toMatch(/^entropy_watch_target_up\{target="web-01".*\} 1$/m);
  });

  it('merges each collector own counters and histogram under a collector label', async () => {
    const a = createCollectorMetrics();
    a.observeCycle(800, ['ok', 'ok', 'timeout']);
    const b = createCollectorMetrics();
    b.observeCycle(40_000, ['ok']);
    b.observeCycle(1_200, ['refused']);
    const row = async (id: string, m: typeof a, heartbeatAgoMs: number) => ({
      id,
      site: id === 'a' ? 'site-a' : null,
      heartbeatAt: new Date(AT.getTime() - heartbeatAgoMs),
      lastCycleAt: new Date(AT.getTime() - heartbeatAgoMs),
      metricsJson: JSON.stringify(await m.registry.getMetricsAsJSON()),
      leases: id === 'a' ? 3 : 1,
    });
    const { body } = await renderMetrics(
      snapshot({
        collectors: [await row('a', a, 10_000), await row('b', b, 181_000)],
        openFindings: [
          { rule: 'entropy-low', severity: 'critical', state: 'alerting', count: 2 },
          { rule: 'entropy-low', severity: 'critical', state: 'silenced', count: 1 },
        ],
      }),
    );
    expect(body).toContain('entropy_watch_polls_total{status="ok",collector="a"} 2');
    expect(body).toContain('entropy_watch_polls_total{status="timeout",collector="a"} 1');
    expect(body).toContain('entropy_watch_polls_total{status="refused",collector="b"} 1');
    expect(body).toContain('entropy_watch_cycle_duration_seconds_bucket{le="1",collector="a"} 1');
    expect(body).toContain('entropy_watch_cycle_duration_seconds_bucket{le="30",collector="b"} 1');
    expect(body).toContain('entropy_watch_cycle_duration_seconds_bucket{le="60",collector="b"} 2');
    expect(body).toContain('entropy_watch_cycle_duration_seconds_count{collector="b"} 2');
    expect(body).toContain('entropy_watch_collector_up{collector="a",site="site-a"} 1');
    // 181 s without a report is more than 3 intervals of 60 s.
    expect(body).toContain('entropy_watch_collector_up{collector="b",site=""} 0');
    expect(body).toContain('entropy_watch_collector_leases{collector="a"} 3');
    expect(body).toContain(
      'entropy_watch_open_findings{rule="entropy-low",severity="critical",state="alerting"} 2',
    );
    expect(body).toContain(
      'entropy_watch_open_findings{rule="entropy-low",severity="critical",state="silenced"} 1',
    );
    // One family per name, however many collectors report it.
    expect(body.match(/^# TYPE entropy_watch_polls_total counter$/gm)).toHaveLength(1);
  });

  it('skips a collector row whose stored figures are not metrics JSON', async () => {
    const { body } = await renderMetrics(
      snapshot({
        collectors: [
          { id: 'x', site: null, heartbeatAt: AT, lastCycleAt: null, metricsJson: '{oops', leases: 0 },
          { id: 'y', site: null, heartbeatAt: AT, lastCycleAt: null, metricsJson: '[{"name":1}]', leases: 0 },
        ],
      }),
    );
    expect(body).toContain('entropy_watch_collector_up{collector="x",site=""} 1');
    expect(body).not.toContain('entropy_watch_polls_total{');
  });
});
