import { describe, expect, it } from 'vitest';
import { crngNotReady } from './crng-not-ready';
import { context, observation, target } from '../../../test/support/check-builders';

const run = (obs: Parameters<typeof observation>[0]) =>
  crngNotReady.evaluate(context({ target: target({ observation: observation(obs) }) }));

describe('crng-not-ready', () => {
  it('is silent when the modern CRNG is ready (entropy_avail 256)', () => {
    expect(run({ entropyAvail: 256, uptimeSec: 5000 })).toEqual([]);
  });

  it('allows the first 60 s after boot, warns from 61 s', () => {
    expect(run({ entropyAvail: 40, uptimeSec: 60 })).toEqual([]);
    const hits = run({ entropyAvail: 40, uptimeSec: 61 });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subject: '', severity: 'warning' });
  });

  it('is warning at 120 s and critical at 121 s', () => {
    expect(run({ entropyAvail: 40, uptimeSec: 120 })[0]?.severity).toBe('warning');
    expect(run({ entropyAvail: 40, uptimeSec: 121 })[0]?.severity).toBe('critical');
  });

  it('uses 256 as the boundary: 255 fires, 256 does not', () => {
    expect(run({ entropyAvail: 255, uptimeSec: 600 })).toHaveLength(1);
    expect(run({ entropyAvail: 256, uptimeSec: 600 })).toHaveLength(0);
  });

  it('says nothing on the legacy pool (4096), whatever entropy_avail is', () => {
    expect(run({ poolsize: 4096, entropyAvail: 40, uptimeSec: 600 })).toEqual([]);
  });

  it('says nothing when poolsize, entropy_avail or uptime is unknown', () => {
    expect(run({ poolsize: null, entropyAvail: 40, uptimeSec: 600 })).toEqual([]);
    expect(run({ entropyAvail: null, uptimeSec: 600 })).toEqual([]);
    expect(run({ entropyAvail: 40, uptimeSec: null })).toEqual([]);
    expect(crngNotReady.evaluate(context({ target: target({ observation: null }) }))).toEqual([]);
  });

  it('judges a backported kernel (5.10.119 with poolsize 256) as modern', () => {
    const hits = run({ kernelRelease: '5.10.119', entropyAvail: 12, uptimeSec: 340 });
    expect(hits[0]).toMatchObject({ severity: 'critical' });
    expect(hits[0]?.detail).toContain('entropy_avail=12');
    expect(hits[0]?.facts).toMatchObject({ entropyAvail: 12, uptimeSec: 340, cpuRdrand: true });
  });
});
