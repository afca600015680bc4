import { diskFacts, unsafeCache } from './disk-policy';
import { domainFacts, domainScopes, scopedSubject } from './domain-scope';
import { QEMU_CACHE_UNSAFE } from './sources';
import type { Rule } from './types';

/** cache='unsafe': the guest's flushes never reach the disk. */
export const diskCacheUnsafe: Rule = {
  id: 'disk-cache-unsafe',
  title: "cache='unsafe'",
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
};
