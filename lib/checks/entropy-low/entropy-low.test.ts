import { describe, expect, it } from 'vitest';
import { entropyLow } from './entropy-low';
import {
  ago,
  config,
  context,
  legacyObservation,
  observation,
  target,
} from '../../../test/support/check-builders';
import type { TargetState } from '../types';

function run(kernel: string, latest: number, recent: TargetState['recentEntropy'] = [], poolsize = 4096) {
  const t = target({
    observation: legacyObservation(kernel, { entropyAvail: latest, poolsize }),
    recentEntropy: recent,
  });
  return entropyLow.evaluate(context({ target: t }));
}

describe('entropy-low', () => {
  it('on a kernel < 5.6: below 200 → warning, below 100 → critical, at the thresholds → silent', () => {
    expect(run('5.5.19', 200)).toEqual([]);
    expect(run('5.5.19', 199)[0]?.severity).toBe('warning');
    expect(run('5.5.19', 100)[0]?.severity).toBe('warning');
    expect(run('5.5.19', 99)[0]?.severity).toBe('critical');
    expect(run('3.10.0-1160.el7.x86_64', 20)[0]?.severity).toBe('critical');
  });

  it('on 5.6 and 5.17 (legacy pool): info at most', () => {
    expect(run('5.6.0', 20)[0]?.severity).toBe('info');
    expect(run('5.17.15', 150)[0]?.severity).toBe('info');
    expect(run('5.17.15', 200)).toEqual([]);
  });

  it('says nothing on the modern pool (256), even on an old version string', () => {
    expect(run('5.18.0', 20, [], 256)).toEqual([]);
    expect(run('5.15.0-47-generic', 20, [], 256)).toEqual([]);
    const modern = target({ observation: observation({ entropyAvail: 10 }) });
    expect(entropyLow.evaluate(context({ target: modern }))).toEqual([]);
  });

  it('says nothing when the kernel or poolsize is unknown', () => {
    expect(run('garbage', 20)).toEqual([]);
    const t = target({ observation: legacyObservation('4.19.0', { entropyAvail: 20, poolsize: null }) });
    expect(entropyLow.evaluate(context({ target: t }))).toEqual([]);
  });

  it('judges the MINIMUM of the last 5 minutes including the latest observation', () => {
    const recent = [
      { at: ago(290), entropyAvail: 90 },
      { at: ago(120), entropyAvail: 3000 },
    ];
    const hits = run('4.19.0', 3100, recent);
    expect(hits[0]).toMatchObject({ severity: 'critical' });
    expect(hits[0]?.facts.minimumEntropy).toBe(90);
    // The latest observation alone can be the minimum.
    expect(run('4.19.0', 150, [{ at: ago(30), entropyAvail: 3000 }])[0]?.facts.minimumEntropy).toBe(150);
  });

  it('ignores samples older than 5 minutes (exactly 5 minutes still counts)', () => {
    expect(run('4.19.0', 3000, [{ at: ago(301), entropyAvail: 10 }])).toEqual([]);
    expect(run('4.19.0', 3000, [{ at: ago(300), entropyAvail: 10 }])[0]?.severity).toBe('critical');
  });

  it('uses the configured thresholds', () => {
    const t = target({ observation: legacyObservation('4.19.0', { entropyAvail: 250 }) });
    const hits = entropyLow.evaluate(
      context({ target: t, config: config({ entropyWarn: 300, entropyCrit: 260 }) }),
    );
    expect(hits[0]?.severity).toBe('critical');
  });
});
