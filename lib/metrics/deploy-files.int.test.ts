// The Prometheus rules and the Grafana dashboard shipped in deploy/ speak about metrics /metrics
// really exposes: promtool checks and unit-tests the rules, and every entropy_watch_* name they use
// is a family (or a histogram/counter series of one) that renderMetrics writes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROMTOOL_BIN } from '../../test/support/prometheus';
import { createCollectorMetrics } from './collector-metrics';
import { renderMetrics } from './exposition';

const RULES = 'deploy/prometheus/entropy-watch.rules.yml';
const RULES_TEST = 'deploy/prometheus/entropy-watch.rules.test.yml';
const DASHBOARD = 'deploy/grafana/entropy-watch.json';

async function exposedNames(): Promise<Set<string>> {
  const m = createCollectorMetrics();
  m.observeCycle(500, ['ok']);
  const at = new Date();
  const { body } = await renderMetrics({
    at,
    intervalMs: 60_000,
    targets: [
      {
        name: 't',
        kind: 'guest',
        host: 'h',
        platform: 'debian',
        up: true,
        lastPollAt: at,
        entropyAvail: 256,
        poolsize: 256,
        rngCurrent: 'none',
      },
    ],
    openFindings: [{ rule: 'entropy-low', severity: 'critical', state: 'alerting', count: 1 }],
    collectors: [
      {
        id: 'c',
        site: null,
        heartbeatAt: at,
        lastCycleAt: at,
        metricsJson: JSON.stringify(await m.registry.getMetricsAsJSON()),
        leases: 1,
      },
    ],
  });
  return new Set(body.split('\n').flatMap((l) => /^(entropy_watch_\w+)[{ ]/.exec(l)?.[1] ?? []));
}

const usedNames = (text: string) => new Set(text.match(/entropy_watch_\w+/g) ?? []);

describe('deploy/ files', () => {
  it('the alerting rules pass promtool check rules and their unit tests', () => {
    const check = spawnSync(PROMTOOL_BIN, ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toMatch(/SUCCESS: 5 rules found/);
    expect(check.status).toBe(0);
    const test = spawnSync(PROMTOOL_BIN, ['test', 'rules', RULES_TEST], { encoding: 'utf8' });
    expect(test.stdout + test.stderr).toMatch(/SUCCESS/);
    expect(test.status).toBe(0);
  });

  it('rules and dashboard use only metric names /metrics exposes', async () => {
    const exposed = await exposedNames();
    const dashboard = fs.readFileSync(DASHBOARD, 'utf8');
    const parsed = JSON.parse(dashboard) as { panels: { targets: { expr: string }[] }[] };
    expect(parsed.panels.length).toBeGreaterThan(5);
    for (const name of [...usedNames(fs.readFileSync(RULES, 'utf8')), ...usedNames(dashboard)]) {
      expect(exposed, name).toContain(name);
    }
  });
});
