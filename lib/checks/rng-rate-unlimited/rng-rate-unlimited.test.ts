import { describe, expect, it } from 'vitest';
import { rngRateUnlimited } from './rng-rate-unlimited';
import { domain, guestContext, hostContext, rng } from '../../../test/support/check-builders';

const unlimited = { rngs: [rng({ rate: null })] };

describe('rng-rate-unlimited', () => {
  it('is info for a virtio <rng> without <rate> on host kernel 5.5, silent on 5.6', () => {
    expect(
      rngRateUnlimited.evaluate(guestContext({ domain: unlimited, host: { kernelRelease: '5.5.0' } })),
    ).toEqual([expect.objectContaining({ severity: 'info', subject: '' })]);
    expect(
      rngRateUnlimited.evaluate(guestContext({ domain: unlimited, host: { kernelRelease: '5.6.0' } })),
    ).toEqual([]);
  });

  it('is silent with a <rate>', () => {
    expect(rngRateUnlimited.evaluate(guestContext({ host: { kernelRelease: '4.19.0' } }))).toEqual([]);
  });

  it('judges unclaimed domains on a host', () => {
    const ctx = hostContext([domain({ name: 'db-9', ...unlimited })], {
      kernelRelease: '3.10.0-1160.el7.x86_64',
    });
    expect(rngRateUnlimited.evaluate(ctx)).toEqual([expect.objectContaining({ subject: 'db-9' })]);
  });
});
