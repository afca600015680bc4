import { kernelBefore } from './kernel';
import type { Domain, Observation, CheckContext } from '../types';

/**
 * One libvirt domain a domain rule judges, with the observations it may use: a guest's own domain
 * (ctx.domain), or, on a host, each domain no inventory guest claims (ctx.unclaimedDomains).
 */
export interface DomainScope {
  domain: Domain;
  /** "guest": judged on the guest target itself; "host": an unclaimed domain judged on its host's behalf */
  judgedOn: 'guest' | 'host';
  /** the guest's own observation (null for unclaimed domains: nobody probes inside them) */
  guestObservation: Observation | null;
  /** the observation of the KVM host that runs the domain */
  hostObservation: Observation | null;
}

/** The domains a domain rule looks at for this target. */
export function domainScopes(ctx: CheckContext): DomainScope[] {
  if (ctx.target.kind === 'guest') {
    if (!ctx.domain) return [];
    return [
      {
        domain: ctx.domain,
        judgedOn: 'guest',
        guestObservation: ctx.target.observation,
        hostObservation: ctx.host?.observation ?? null,
      },
    ];
  }
  return ctx.unclaimedDomains.map((domain) => ({
    domain,
    judgedOn: 'host' as const,
    guestObservation: null,
    hostObservation: ctx.target.observation,
  }));
}

/** Subject of a domain finding: "vda" / "" on a guest, "<domain>/vda" / "<domain>" on its host. */
export function scopedSubject(scope: DomainScope, part = ''): string {
  if (scope.judgedOn === 'guest') return part;
  return part === '' ? scope.domain.name : `${scope.domain.name}/${part}`;
}

/** Which domain a finding is about and where it was judged. */
export interface DomainFacts {
  domain: string;
  judgedOn: DomainScope['judgedOn'];
}

/** Facts every domain finding carries so the remediation can name the domain and where to run virsh. */
export function domainFacts(scope: DomainScope): DomainFacts {
  return { domain: scope.domain.name, judgedOn: scope.judgedOn };
}

/**
 * The domain scopes whose HOST runs a kernel before 5.6, where /dev/random blocks and a guest's reads
 * drain the pool every other reader shares; each with that kernel release. Unknown kernels are left out.
 */
export function blockingHostScopes(ctx: CheckContext): { scope: DomainScope; hostKernel: string }[] {
  return domainScopes(ctx).flatMap((scope) => {
    const hostKernel = scope.hostObservation?.kernelRelease ?? null;
    return hostKernel !== null && kernelBefore(hostKernel, [5, 6]) === true ? [{ scope, hostKernel }] : [];
  });
}
