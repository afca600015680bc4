import { diskFacts, unsafeCache } from '../kit/disk-policy';
import { domainFacts, domainScopes, scopedSubject } from '../kit/domain-scope';
import { QEMU_CACHE_UNSAFE } from '../kit/sources';
import { defineCheck } from '../define';
import type { DiskFacts } from '../kit/disk-policy';
import type { DomainFacts } from '../kit/domain-scope';
import { diskDriverPlan } from '../remedy/disk-steps';

type Facts = DomainFacts & DiskFacts;

/** cache='unsafe': the guest's flushes never reach the disk. */
export const diskCacheUnsafe = defineCheck<Facts>({
  id: 'disk-cache-unsafe',
  title: "cache='unsafe'",
  when: "`cache='unsafe'`. Subject: disk (`vda`).",
  severities: 'critical',
  fix: 'virsh edit: the corrected `<driver/>` line, then a cold boot',
  reason:
    "cache='unsafe' makes QEMU ignore every flush the guest sends, so data the guest believes is on " +
    'disk (journal commits, fsync of databases) lives only in host memory. A host crash or power loss ' +
    'corrupts the guest filesystem. It exists for throw-away installs, never for a guest with data.',
  source: QEMU_CACHE_UNSAFE,
  appliesTo: ['guest', 'host', 'local'],
  // See disk-aio-native-needs-direct.
  requires: ['domain'],
  evaluate(ctx) {
    return domainScopes(ctx).flatMap((scope) =>
      scope.domain.disks.filter(unsafeCache).map((d) => ({
        subject: scopedSubject(scope, d.target),
        severity: 'critical' as const,
        summary: `${scope.domain.name}/${d.target}: cache='unsafe' ignores guest flushes`,
        detail: `disk ${d.target} type=${d.type} source=${d.source ?? 'none'} cache=unsafe io=${d.ioMode ?? 'unset'}`,
        facts: { ...domainFacts(scope), ...diskFacts(d, ctx.config) },
      })),
    );
  },
  remediate: (hit, ctx) =>
    diskDriverPlan(
      hit,
      ctx,
      'The suggested cache mode honours guest flushes and stays inside the disk policy.',
    ),
});
