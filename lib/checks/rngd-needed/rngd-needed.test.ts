import { describe, expect, it } from 'vitest';
import { rngdNeeded } from './rngd-needed';
import { context, observation, target } from '../../../test/support/check-builders';
import type { Observation } from '../types';

const run = (patch: Partial<Observation>) =>
  rngdNeeded.evaluate(context({ target: target({ observation: observation(patch) }) }));

describe('rngd-needed', () => {
  it('fires on kernel 3.16, not on 3.17 (good hwrng quality)', () => {
    expect(run({ kernelRelease: '3.16.0-4-amd64', rngQuality: 1000 })).toEqual([
      expect.objectContaining({
        severity: 'warning',
        facts: expect.objectContaining({ kernelBefore317: true }),
      }),
    ]);
    expect(run({ kernelRelease: '3.17.0', rngQuality: 1000 })).toEqual([]);
  });

  it('fires for a quality-0 hwrng on 6.1, not on 6.2', () => {
    expect(run({ kernelRelease: '6.1.0-27-amd64', rngQuality: 0 })).toHaveLength(1);
    expect(run({ kernelRelease: '6.2.0', rngQuality: 0 })).toEqual([]);
  });

  it('is only info on a modern kernel whose CRNG is ready (no false alarm on Debian 12 guests)', () => {
    expect(run({ kernelRelease: '6.1.0-27-amd64', rngQuality: 0, poolsize: 256, entropyAvail: 256 })).toEqual(
      [expect.objectContaining({ severity: 'info' })],
    );
    expect(run({ kernelRelease: '6.1.0-27-amd64', rngQuality: 0, poolsize: 256, entropyAvail: 40 })).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(run({ kernelRelease: '5.10.0', rngQuality: 0, poolsize: 4096, entropyAvail: 256 })).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it('needs a hwrng for the quality condition', () => {
    expect(run({ kernelRelease: '5.10.0', rngQuality: 0, hwrngPresent: false, rngAvailable: [] })).toEqual(
      [],
    );
    expect(
      run({ kernelRelease: '5.10.0', rngQuality: 0, hwrngPresent: null, rngAvailable: ['virtio_rng.0'] }),
    ).toHaveLength(1);
  });

  it('is silent when rngd or haveged runs, or when that is unknown', () => {
    expect(run({ kernelRelease: '3.10.0-1160.el7.x86_64', rngdRunning: true })).toEqual([]);
    expect(run({ kernelRelease: '3.10.0-1160.el7.x86_64', havegedRunning: true })).toEqual([]);
    expect(run({ kernelRelease: '3.10.0-1160.el7.x86_64', rngdRunning: null })).toEqual([]);
  });

  it('is silent on an unparsable kernel or unknown quality', () => {
    expect(run({ kernelRelease: 'weird', rngQuality: 0 })).toEqual([]);
    expect(run({ kernelRelease: '5.10.0', rngQuality: null })).toEqual([]);
  });
});
