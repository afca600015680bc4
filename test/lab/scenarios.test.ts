import { describe, expect, it } from 'vitest';
import { allChecks as allRules } from '../../lib/checks';
import { buildTargets } from './lab-spec';
import {
  benchLabSpec,
  FULL_LAB,
  fullLabExpected,
  fullLabScenario,
  fullLabSpec,
  healthyLabScenario,
} from './scenarios';
import { simulateFindings } from './simulate';

const NOW = new Date('2025-06-01T12:00:00Z');
const sorted = (pairs: readonly (readonly [string, string])[]) => pairs.map(([t, r]) => `${t} ${r}`).sort();

describe('fullLab', () => {
  it('lists every registered rule at least once in fullLabExpected', () => {
    const expectedRules = new Set(fullLabExpected.map(([, rule]) => rule));
    const missing = allRules.map((r) => r.id).filter((id) => !expectedRules.has(id));
    expect(missing).toEqual([]);
  });

  it('triggers every registered check on at least one target (a check without a lab scenario fails here)', () => {
    const fired = new Set(simulateFindings(fullLabScenario('broken'), NOW).map(([, check]) => check));
    expect(allRules.map((r) => r.id).filter((id) => !fired.has(id))).toEqual([]);
  });

  it('expects only targets that exist, and nothing of the clean guest', () => {
    const names = new Set(buildTargets(fullLabSpec()).targets.map((t) => t.info.name));
    for (const [target] of fullLabExpected) expect(names.has(target), target).toBe(true);
    expect(fullLabExpected.some(([t]) => t === FULL_LAB.clean)).toBe(false);
  });

  it('makes the rules report exactly fullLabExpected', () => {
    expect(sorted(simulateFindings(fullLabScenario('broken'), NOW))).toEqual(sorted(fullLabExpected));
  });

  it('before the third cycle, the cycle-counting rules stay silent', () => {
    const pairs = sorted(simulateFindings(fullLabScenario('broken'), NOW, 2));
    expect(pairs).not.toContain(`${FULL_LAB.gone} target-unreachable`);
    expect(pairs).not.toContain(`${FULL_LAB.garbage} probe-output-invalid`);
    expect(pairs).toContain(`${FULL_LAB.keyRotated} host-key-mismatch`);
  });

  it('healed, reports nothing at all', () => {
    expect(simulateFindings(fullLabScenario('healed'), NOW)).toEqual([]);
  });

  it('carries the hostile domain names', () => {
    const guests = fullLabScenario().hosts.flatMap((h) => h.guests ?? []);
    expect(guests.find((g) => g.name === FULL_LAB.xss)?.domain).toBe('<img src=x onerror=alert(1)>');
    expect(guests.find((g) => g.name === FULL_LAB.diskUnsafe)?.domain).toBe(FULL_LAB.hostileDomain);
  });
});

describe('healthyLab and benchLabSpec', () => {
  it('healthyLab is one 6.1 host with two guests and no findings', () => {
    const s = healthyLabScenario();
    expect(s.hosts).toHaveLength(1);
    expect(s.hosts[0]?.kernelRelease).toBe('6.1.0-27-amd64');
    expect(s.hosts[0]?.guests).toHaveLength(2);
    expect(simulateFindings(s, NOW)).toEqual([]);
  });

  it('benchLabSpec has exactly the asked number of targets', () => {
    for (const n of [1, 19, 20, 21, 200]) {
      expect(buildTargets(benchLabSpec(n)).targets).toHaveLength(n);
    }
    expect(() => benchLabSpec(0)).toThrow(/whole number ≥ 1/);
  });
});
