import { describe, expect, it } from 'vitest';
import { rngDriverMissing } from './rng-driver-missing';
import { guestContext, rng } from '../../../test/support/check-builders';

describe('rng-driver-missing', () => {
  it('warns when a virtio <rng> exists but rng_available has no virtio_rng', () => {
    const ctx = guestContext({ guest: { rngAvailable: [] } });
    expect(rngDriverMissing.evaluate(ctx)).toEqual([
      expect.objectContaining({ severity: 'warning', subject: '' }),
    ]);
    const tpmOnly = guestContext({ guest: { rngAvailable: ['tpm-rng-0'] } });
    expect(rngDriverMissing.evaluate(tpmOnly)).toHaveLength(1);
  });

  it('is silent when virtio_rng.N is listed', () => {
    expect(rngDriverMissing.evaluate(guestContext({ guest: { rngAvailable: ['virtio_rng.1'] } }))).toEqual(
      [],
    );
  });

  it('counts every virtio model (transitional / non-transitional)', () => {
    const ctx = guestContext({
      guest: { rngAvailable: [] },
      domain: { rngs: [rng({ model: 'virtio-non-transitional' })] },
    });
    expect(rngDriverMissing.evaluate(ctx)[0]?.facts.rngModel).toBe('virtio-non-transitional');
  });

  it('is silent without a virtio <rng> or when rng_available could not be read', () => {
    expect(
      rngDriverMissing.evaluate(guestContext({ guest: { rngAvailable: [] }, domain: { rngs: [] } })),
    ).toEqual([]);
    expect(rngDriverMissing.evaluate(guestContext({ guest: { rngAvailable: null } }))).toEqual([]);
  });
});
