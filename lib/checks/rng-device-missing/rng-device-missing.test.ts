import { describe, expect, it } from 'vitest';
import { rngDeviceMissing } from './rng-device-missing';
import { domain, guestContext, hostContext, rng } from '../../../test/support/check-builders';

describe('rng-device-missing', () => {
  it('is silent when the domain has an <rng>', () => {
    expect(rngDeviceMissing.evaluate(guestContext({ domain: { rngs: [rng()] } }))).toEqual([]);
  });

  it('warns for a guest without <rng> whose CRNG is not ready or whose kernel is legacy', () => {
    const notReady = guestContext({ domain: { rngs: [] }, guest: { entropyAvail: 200 } });
    expect(rngDeviceMissing.evaluate(notReady)).toEqual([
      expect.objectContaining({ subject: '', severity: 'warning' }),
    ]);
    const legacy = guestContext({ domain: { rngs: [] }, guest: { poolsize: 4096, entropyAvail: 256 } });
    expect(rngDeviceMissing.evaluate(legacy)[0]?.severity).toBe('warning');
  });

  it('is info for a modern guest whose CRNG is ready (entropy_avail 256)', () => {
    const ready = guestContext({ domain: { rngs: [] }, guest: { poolsize: 256, entropyAvail: 256 } });
    expect(rngDeviceMissing.evaluate(ready)).toEqual([expect.objectContaining({ severity: 'info' })]);
  });

  it('on a host judges unclaimed domains with subject "<domain>" and warning (guest not probed)', () => {
    const ctx = hostContext([domain({ name: 'orphan', rngs: [] }), domain({ name: 'fine' })]);
    const hits = rngDeviceMissing.evaluate(ctx);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subject: 'orphan', severity: 'warning' });
    expect(hits[0]?.facts).toMatchObject({ domain: 'orphan', judgedOn: 'host' });
  });

  it('says nothing for a guest whose domain is unknown', () => {
    expect(rngDeviceMissing.evaluate({ ...guestContext(), domain: null })).toEqual([]);
  });
});
