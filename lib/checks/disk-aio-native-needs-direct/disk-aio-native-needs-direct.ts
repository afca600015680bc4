import { diskFacts, nativeAioWithoutDirect } from '../kit/disk-policy';
import { domainFacts, domainScopes, scopedSubject } from '../kit/domain-scope';
import { LIBVIRT_DISK_DOC, QEMU_AIO_NATIVE } from '../kit/sources';
import { defineCheck } from '../define';
import type { DiskFacts } from '../kit/disk-policy';
import type { DomainFacts } from '../kit/domain-scope';
import { diskDriverPlan } from '../remedy/disk-steps';

type Facts = DomainFacts & DiskFacts;

/** io='native' with a cache mode that is not O_DIRECT: QEMU refuses to start the domain. */
export const diskAioNativeNeedsDirect = defineCheck<Facts>({
  id: 'disk-aio-native-needs-direct',
  title: "io='native' without cache.direct",
  when: "A disk with `io='native'` and a cache other than `none`/`directsync` (unset cache = writeback, which fails too). Subject: disk (`vda`).",
  severities: 'critical',
  fix: 'virsh edit: the corrected `<driver/>` line, then a cold boot',
  reason:
    "Linux native AIO only works on files opened with O_DIRECT, so QEMU (since 2.6) refuses io='native' " +
    "unless the cache mode is 'none' or 'directsync'. An unset cache means QEMU's default writeback, which " +
    'fails too: the domain does not start again ("aio=native was specified, but it requires ' +
    'cache.direct=on"). Running domains started under an older QEMU fail at their next cold boot.',
  source: `${QEMU_AIO_NATIVE}; ${LIBVIRT_DISK_DOC}`,
  appliesTo: ['guest', 'host', 'local'],
  // Guests: ctx.domain. Hosts: unclaimed domains from the host's own observation (see requiredInputs).
  requires: ['domain'],
  evaluate(ctx) {
    return domainScopes(ctx).flatMap((scope) =>
      scope.domain.disks.filter(nativeAioWithoutDirect).map((d) => ({
        subject: scopedSubject(scope, d.target),
        severity: 'critical' as const,
        summary: `${scope.domain.name}/${d.target}: io='native' with cache=${d.cacheMode ?? 'unset (writeback)'}; QEMU refuses to start`,
        detail: `disk ${d.target} type=${d.type} source=${d.source ?? 'none'} cache=${d.cacheMode ?? 'unset'} io=${d.ioMode}`,
        facts: { ...domainFacts(scope), ...diskFacts(d, ctx.config) },
      })),
    );
  },
  remediate: (hit, ctx) =>
    diskDriverPlan(
      hit,
      ctx,
      "The suggested pair is valid for QEMU (io='native' only with cache none/directsync) and inside the disk policy.",
    ),
});
