import { blockingHostScopes, domainFacts, scopedSubject } from '../kit/domain-scope';
import { LIBVIRT_RNG_DOC, LINUX_5_6 } from '../kit/sources';
import { defineCheck } from '../define';
import type { DomainFacts } from '../kit/domain-scope';
import { coldBootSteps, rngEditStep } from '../remedy/libvirt';
import { libvirtApplyPlan } from '../remedy/apply-plan';

interface Facts extends DomainFacts {
  hostKernel: string;
  rngModel: string;
  backendModel: string;
  backendSource: string | null;
}

/** A virtio `<rng>` without `<rate>` on a host kernel whose pool a guest can drain. */
export const rngRateUnlimited = defineCheck<Facts>({
  id: 'rng-rate-unlimited',
  title: 'virtio-rng without a rate limit',
  when: 'A virtio `<rng>` without `<rate>` on a HOST kernel < 5.6.',
  severities: 'info',
  fix: "virsh edit: add `<rate bytes='1024' period='1000'/>`, then a cold boot",
  reason:
    'Without <rate>, one guest can read the host entropy source as fast as it likes. On host kernels ' +
    'before 5.6 that drains the shared pool that /dev/random (and other guests) depend on. ' +
    "<rate bytes='1024' period='1000'/> is plenty for a guest CRNG.",
  source: `${LIBVIRT_RNG_DOC} (<rate bytes period>); ${LINUX_5_6}`,
  appliesTo: ['guest', 'host', 'local'],
  // See rng-backend-blocking: the domain plus the host's kernel.
  requires: ['domain', 'hostObservation'],
  evaluate(ctx) {
    return blockingHostScopes(ctx).flatMap(({ scope, hostKernel }) => {
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
  remediate(hit, ctx) {
    const { domain } = hit.facts;
    return {
      summary: `Rate-limit ${domain}'s virtio-rng to 1024 bytes per second`,
      steps: [
        rngEditStep(
          ctx,
          domain,
          'Add the <rate> line of the XML inside the virtio <rng> element (keep its <backend>; if that is /dev/random, change it to /dev/urandom).',
          "<rate bytes='1024' period='1000'/>",
        ),
        ...coldBootSteps(ctx, domain),
      ],
      restartRequired: true,
      apply: libvirtApplyPlan(ctx, domain, { op: 'rng-add-rate' }, true),
    };
  },
});
