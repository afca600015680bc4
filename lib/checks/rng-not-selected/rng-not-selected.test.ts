import { describe, expect, it } from 'vitest';
import { rngNotSelected } from './rng-not-selected';
import { context, observation, target } from '../../../test/support/check-builders';

const run = (rngAvailable: string[] | null, rngCurrent: string | null) =>
  rngNotSelected.evaluate(
    context({ target: target({ observation: observation({ rngAvailable, rngCurrent }) }) }),
  );

describe('rng-not-selected', () => {
  it('is info when a device is available but rng_current is none or empty', () => {
    expect(run(['virtio_rng.0'], 'none')).toEqual([
      expect.objectContaining({
        severity: 'info',
        subject: '',
        facts: expect.objectContaining({ suggestedRng: 'virtio_rng.0' }),
      }),
    ]);
    expect(run(['tpm-rng-0'], '')).toHaveLength(1);
  });

  it('flags virtio_rng available but another device selected', () => {
    const hits = run(['tpm-rng-0', 'virtio_rng.0'], 'tpm-rng-0');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.facts.suggestedRng).toBe('virtio_rng.0');
  });

  it('flags a current device that is not available', () => {
    expect(run(['tpm-rng-0'], 'gone-rng')).toHaveLength(1);
  });

  it('is silent when the selected device is available (virtio, or the only one)', () => {
    expect(run(['virtio_rng.0'], 'virtio_rng.0')).toEqual([]);
    expect(run(['tpm-rng-0'], 'tpm-rng-0')).toEqual([]);
  });

  it('is silent with nothing available or unreadable values', () => {
    expect(run([], 'none')).toEqual([]);
    expect(run(null, 'none')).toEqual([]);
    expect(run(['virtio_rng.0'], null)).toEqual([]);
  });
});
