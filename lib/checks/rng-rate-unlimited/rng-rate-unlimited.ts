import { domainFacts, domainScopes, scopedSubject } from './domain-scope';
import { kernelBefore } from './kernel';
import { LIBVIRT_RNG_DOC, LINUX_5_6 } from './sources';
import type { Rule } from './types';

/** A virtio `<rng>` without `<rate>` on a host kernel whose pool a guest can drain. */
export const rngRateUnlimited: Rule = {
  id: 'rng-rate-unlimited',
  title: 'virtio-rng without a rate limit',
  reason:
    'Without <rate>, one guest can read the host entropy source as fast as it likes. On host kernels ' +
    'before 5.6 that drains the shared pool that /dev/random (and other guests) depend on. ' +
    "<rate bytes='1024' period='1000'/> is plenty for a guest CRNG.",
  source: `${LIBVIRT_RNG_DOC} (<rate bytes period>); ${LINUX_5_6}`,
  appliesTo: ['guest', 'host', 'local'],
  // See rng-backend-blocking: the domain plus the host's kernel.
  requires: ['domain', 'hostObservation'],
  evaluate(ctx) {
    return domainScopes(ctx).flatMap((scope) => {
      const hostKernel = scope.hostObservation?.kernelRelease ?? null;
      if (kernelBefore(hostKernel, [5, 6]) !== true) return [];
      const unlimited = scope.domain.rngs.filter((r) => r.model.startsWith('virtio') && r.rate == null);
      if (unlimited.length === 0) return [];
      return [
        {
          subject: scopedSubject(scope),
          severity: 'info' as const,
          summary: `domain ${scope.domain.name}: virtio <rng> without <rate> on host kernel ${hostKernel} (< 5.6)`,
          detail:
            `${unlimited.length} virtio <rng> device(s) without <rate>; backend ${unlimited[0]?.backendModel} ${unlimited[0]?.backendSource ?? ''}`.trim(),
          facts: {
            ...domainFacts(scope),
            hostKernel,
            rngModel: unlimited[0]?.model ?? 'virtio',
            backendModel: unlimited[0]?.backendModel ?? 'random',
            backendSource: unlimited[0]?.backendSource ?? null,
          },
        },
      ];
    });
  },
};
