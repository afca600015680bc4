import { describe, expect, it } from 'vitest';
import { rngBackendBlocking } from './rng-backend-blocking';
import { domain, guestContext, hostContext, rng } from '../../../test/support/check-builders';

const blocking = { rngs: [rng({ backendSource: '/dev/random' })] };

describe('rng-backend-blocking', () => {
  it('warns for a /dev/random backend on host kernel 5.5, not on 5.6', () => {
    expect(
      rngBackendBlocking.evaluate(guestContext({ domain: blocking, host: { kernelRelease: '5.5.19' } })),
    ).toEqual([expect.objectContaining({ severity: 'warning', subject: '' })]);
    expect(
      rngBackendBlocking.evaluate(guestContext({ domain: blocking, host: { kernelRelease: '5.6.0' } })),
    ).toEqual([]);
  });

  it('judges the HOST kernel, not the guest kernel', () => {
    const ctx = guestContext({
      domain: blocking,
      host: { kernelRelease: '6.1.0' },
      guest: { kernelRelease: '3.10.0' },
    });
    expect(rngBackendBlocking.evaluate(ctx)).toEqual([]);
  });

  it("treats a random backend without a path as QEMU's default /dev/random", () => {
    const unset = { rngs: [rng({ backendModel: 'random', backendSource: null })] };
    expect(
      rngBackendBlocking.evaluate(guestContext({ domain: unset, host: { kernelRelease: '4.19.0' } })),
    ).toEqual([expect.objectContaining({ detail: expect.stringContaining('no path: QEMU default') })]);
    expect(
      rngBackendBlocking.evaluate(guestContext({ domain: unset, host: { kernelRelease: '5.6.0' } })),
    ).toEqual([]);
  });

  it('is silent for /dev/urandom and egd sources, and for an unknown host kernel', () => {
    const host = { kernelRelease: '4.19.0' };
    expect(rngBackendBlocking.evaluate(guestContext({ host }))).toEqual([]);
    const egd = { rngs: [rng({ backendModel: 'egd', backendSource: null })] };
    expect(rngBackendBlocking.evaluate(guestContext({ domain: egd, host }))).toEqual([]);
    expect(
      rngBackendBlocking.evaluate(guestContext({ domain: blocking, host: { kernelRelease: null } })),
    ).toEqual([]);
  });

  it('judges unclaimed domains on a host with subject "<domain>"', () => {
    const ctx = hostContext([domain({ name: 'orphan', ...blocking })], { kernelRelease: '4.19.0' });
    expect(rngBackendBlocking.evaluate(ctx)).toEqual([expect.objectContaining({ subject: 'orphan' })]);
  });
});
