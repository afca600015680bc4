import { domainFacts, domainScopes, scopedSubject } from '../kit/domain-scope';
import { rngModel } from '../kit/kernel';
import { LIBVIRT_RNG_DOC, LINUX_5_18 } from '../kit/sources';
import { defineCheck } from '../define';
import type { DomainFacts } from '../kit/domain-scope';
import { attachRngSteps } from '../remedy/libvirt';
import { libvirtApplyPlan } from '../remedy/apply-plan';

interface Facts extends DomainFacts {
  /** libvirt's state of the domain ("running", "shut off", ...), null if unknown */
  domainState: string | null;
  crngReady: boolean;
  guestKernel: string | null;
}

/** A libvirt domain without any `<rng>` device. */
export const rngDeviceMissing = defineCheck<Facts>({
  id: 'rng-device-missing',
  title: 'No virtio-rng device',
  when: 'The domain XML has no `<rng>`.',
  severities: 'warning; info when the guest is modern and its CRNG is ready (`entropy_avail` 256)',
  fix: 'attach a rate-limited virtio-rng backed by /dev/urandom (virsh attach-device, qm set --rng0)',
  reason:
    'A guest without a <rng> device has no entropy source from the host: it has to seed its CRNG from ' +
    'interrupt timing and CPU jitter alone, which in an idle VM can take minutes at boot (sshd and TLS ' +
    'stall) and, on kernels before 5.6, leaves /dev/random blocking. A virtio-rng device backed by the ' +
    "host's /dev/urandom costs nothing. A modern guest (5.18+) whose CRNG is already ready gets this as " +
    'information only.',
  source: `${LIBVIRT_RNG_DOC}; ${LINUX_5_18}`,
  appliesTo: ['guest', 'host', 'local'],
  // Guests: ctx.domain (from the host's latest observation). Hosts: ctx.unclaimedDomains, which come
  // from the host's own observation, so for hosts 'domain' means 'observation' (see requiredInputs).
  // The guest's own observation only lowers the severity, so it is not required.
  requires: ['domain'],
  evaluate(ctx) {
    return domainScopes(ctx)
      .filter((scope) => scope.domain.rngs.length === 0)
      .map((scope) => {
        const obs = scope.guestObservation;
        const crngReady = obs != null && rngModel(obs.poolsize) === 'modern' && obs.entropyAvail === 256;
        return {
          subject: scopedSubject(scope),
          severity: crngReady ? ('info' as const) : ('warning' as const),
          summary: `domain ${scope.domain.name} has no <rng> device`,
          detail: obs
            ? `no <rng> in the domain XML; guest kernel ${obs.kernelRelease ?? 'unknown'} poolsize=${obs.poolsize ?? 'unknown'} entropy_avail=${obs.entropyAvail ?? 'unknown'}`
            : 'no <rng> in the domain XML; the guest itself is not probed',
          facts: {
            ...domainFacts(scope),
            domainState: scope.domain.state,
            crngReady,
            guestKernel: obs?.kernelRelease ?? null,
          },
        };
      });
  },
  remediate(hit, ctx) {
    const { domain, domainState } = hit.facts;
    return {
      summary: `Add a rate-limited virtio-rng device backed by /dev/urandom to ${domain}`,
      steps: attachRngSteps(ctx, domain, domainState),
      restartRequired: false,
      // Apply changes the persistent definition only (no hot-plug): a running guest gets it at its next cold boot.
      apply: libvirtApplyPlan(ctx, domain, { op: 'add-rng' }, domainState !== 'shut off'),
    };
  },
});
