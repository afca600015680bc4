import { blockingHostScopes, domainFacts, scopedSubject } from '../kit/domain-scope';
import { LIBVIRT_RNG_DOC, LINUX_5_6 } from '../kit/sources';
import { defineCheck } from '../define';
import type { DomainFacts } from '../kit/domain-scope';
import { coldBootSteps, rngEditStep, rngDeviceXml } from '../remedy/libvirt';
import { libvirtApplyPlan } from '../remedy/apply-plan';

interface Facts extends DomainFacts {
  hostKernel: string;
  /** the `<rng model>` of the first blocking device, kept in the corrected XML */
  rngModel: string;
  /** "bytes/period" of its `<rate>`, or null */
  rate: string | null;
}

/** A `<rng>` backend reads the host's /dev/random on a host kernel where that blocks. */
export const rngBackendBlocking = defineCheck<Facts>({
  id: 'rng-backend-blocking',
  title: 'virtio-rng backend reads a blocking /dev/random',
  when: "An `<rng>` backend reads `/dev/random` (or names no path: QEMU's default is `/dev/random`) and the HOST kernel is < 5.6.",
  severities: 'warning',
  fix: 'virsh edit: backend /dev/urandom with a `<rate>`, then a cold boot',
  reason:
    "A <rng> backend of /dev/random (or no path at all: QEMU's default is /dev/random) makes QEMU read the host's blocking pool. On host kernels before " +
    "5.6 every guest read drains the host's entropy count and blocks when it is empty, starving the " +
    'host and every other guest. libvirt recommends /dev/urandom, which never blocks once seeded.',
  source: `${LIBVIRT_RNG_DOC} (backend model='random': "/dev/urandom is recommended"); ${LINUX_5_6}`,
  appliesTo: ['guest', 'host', 'local'],
  // Needs the domain and the HOST's kernel: for guests ctx.host's observation; for hosts judging
  // unclaimed domains both come from the host's own observation (see requiredInputs).
  requires: ['domain', 'hostObservation'],
  evaluate(ctx) {
    return blockingHostScopes(ctx).flatMap(({ scope, hostKernel }) => {
      // No path means the hypervisor default, which for QEMU is /dev/random (libvirt formatdomain).
      const blocking = scope.domain.rngs.filter(
        (r) => r.backendModel === 'random' && (r.backendSource === '/dev/random' || r.backendSource === null),
      );
      if (blocking.length === 0) return [];
      return [
        {
          subject: scopedSubject(scope),
          severity: 'warning' as const,
          summary: `domain ${scope.domain.name}: <rng> backend /dev/random on host kernel ${hostKernel} (< 5.6)`,
          detail: `${blocking.length} <rng> device(s) reading /dev/random (${blocking.map((r) => r.backendSource ?? 'no path: QEMU default').join(', ')}); host kernel ${hostKernel}`,
          facts: {
            ...domainFacts(scope),
            hostKernel,
            rngModel: blocking[0]?.model ?? 'virtio',
            rate: blocking[0]?.rate
              ? `${blocking[0].rate.bytes}/${blocking[0].rate.period ?? 'default'}`
              : null,
          },
        },
      ];
    });
  },
  remediate(hit, ctx) {
    const { domain, rngModel } = hit.facts;
    return {
      summary: `Point ${domain}'s <rng> backend at /dev/urandom (and rate-limit it)`,
      steps: [
        rngEditStep(
          ctx,
          domain,
          'Make the <rng> element read as in the XML: backend /dev/urandom instead of /dev/random, with a <rate>.',
          rngDeviceXml(rngModel),
        ),
        ...coldBootSteps(ctx, domain),
      ],
      restartRequired: true,
      apply: libvirtApplyPlan(ctx, domain, { op: 'rng-backend-urandom' }, true),
    };
  },
});
