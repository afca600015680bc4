import {
  diskFacts,
  effectiveCache,
  effectiveIo,
  nativeAioWithoutDirect,
  policyViolation,
  unsafeCache,
} from '../kit/disk-policy';
import { domainFacts, domainScopes, scopedSubject } from '../kit/domain-scope';
import { LIBVIRT_DISK_DOC, QEMU_AIO_NATIVE } from '../kit/sources';
import { defineCheck } from '../define';
import type { DiskFacts } from '../kit/disk-policy';
import type { DomainFacts } from '../kit/domain-scope';
import { diskDriverPlan } from '../remedy/disk-steps';

interface Facts extends DomainFacts, DiskFacts {
  allowedCache: string[];
  allowedIo: string[];
}

/** cache/io outside the configured policy for the disk's source type. */
export const diskCachePolicy = defineCheck<Facts>({
  id: 'disk-cache-policy',
  title: 'Disk cache/io outside policy',
  when: 'Effective cache/io outside the disk policy for the disk’s source type (see below); not for disks already reported by the two rules above. Subject: disk (`vda`).',
  severities: 'warning',
  fix: 'virsh edit: the smallest `<driver/>` change inside the policy, then a cold boot',
  reason:
    'Image files on a filesystem work best with the host page cache (writeback) or without it (none), ' +
    'with io threads or io_uring; raw block devices (LVs, partitions, iSCSI LUNs) should bypass the host ' +
    'page cache (none or directsync) and use native AIO or io_uring, or the host caches the same data ' +
    'twice and flushes become slow and unpredictable. Unset cache is judged as writeback and unset io as ' +
    'threads, the values QEMU uses. Note: the old advice "block device: writethrough + native" is an ' +
    "invalid combination on modern QEMU: io='native' requires cache.direct=on (none or directsync) and " +
    'QEMU refuses to start with writethrough. Disks already reported as io=native-without-direct or as ' +
    'cache=unsafe are not reported again here.',
  source: `${LIBVIRT_DISK_DOC}; ${QEMU_AIO_NATIVE}`,
  appliesTo: ['guest', 'host', 'local'],
  // See disk-aio-native-needs-direct.
  requires: ['domain'],
  evaluate(ctx) {
    return domainScopes(ctx).flatMap((scope) =>
      scope.domain.disks.flatMap((d) => {
        // Don't double-report: the critical disk rules already cover these disks.
        if (nativeAioWithoutDirect(d) || unsafeCache(d)) return [];
        const violation = policyViolation(d, ctx.config);
        if (!violation) return [];
        const allowed = ctx.config.diskPolicy[violation.policy];
        const facts = { ...domainFacts(scope), ...diskFacts(d, ctx.config) };
        return [
          {
            subject: scopedSubject(scope, d.target),
            severity: 'warning' as const,
            summary:
              `${scope.domain.name}/${d.target} (${violation.policy}): cache=${effectiveCache(d)} io=${effectiveIo(d)} ` +
              `outside policy; use cache=${facts.suggestedCache} io=${facts.suggestedIo}`,
            detail:
              `disk ${d.target} type=${d.type} source=${d.source ?? 'none'} cache=${d.cacheMode ?? 'unset (writeback)'} ` +
              `io=${d.ioMode ?? 'unset (threads)'}; ${violation.policy} policy allows cache ${allowed.cache.join('/')} ` +
              `and io ${allowed.io.join('/')}`,
            facts: { ...facts, allowedCache: allowed.cache, allowedIo: allowed.io },
          },
        ];
      }),
    );
  },
  remediate: (hit, ctx) =>
    diskDriverPlan(
      hit,
      ctx,
      "The suggestion changes as little as possible to enter the policy. Do not use writethrough with io='native': " +
        'QEMU refuses it (native AIO needs cache.direct=on).',
    ),
});
