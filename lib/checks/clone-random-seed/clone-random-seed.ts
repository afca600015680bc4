import { sharedWithFleet, shortId } from './fleet';
import { LIBVIRT_GENID_DOC } from './sources';
import type { Rule } from './types';

/** Two or more targets carry the same saved random seed. */
export const cloneRandomSeed: Rule = {
  id: 'clone-random-seed',
  title: 'Cloned random seed',
  reason:
    'systemd-random-seed loads /var/lib/systemd/random-seed into the kernel at boot. Clones carrying ' +
    'the same file start from the same seed; before the CRNG gathers fresh entropy they may produce ' +
    'related output. A new seed per clone, and a VM generation ID (<genid/>) so 5.18+ kernels reseed ' +
    'after a snapshot or clone, remove the risk. Only a SHA-256 of the seed is compared, never the seed.',
  source: `systemd-random-seed.service(8); Linux 5.18 vmgenid ("virt: vmgenid: notify RNG of VM fork and supply generation ID", Jason A. Donenfeld); ${LIBVIRT_GENID_DOC}`,
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation', 'fleet'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs) return [];
    return sharedWithFleet(ctx, (o) => (o.randomSeedSha256 ? [o.randomSeedSha256] : [])).map(
      ({ value, others }) => ({
        subject: value,
        severity: 'info' as const,
        summary: `random-seed ${shortId(value)} identical on ${others.join(', ')}`,
        detail: `sha256(/var/lib/systemd/random-seed)=${value} is shared with ${others.join(', ')}`,
        facts: {
          seedSha256: value,
          others,
          domain: ctx.domain?.name ?? ctx.target.domainName,
          hasGenid: ctx.domain ? ctx.domain.genid != null : null,
          kernelRelease: obs.kernelRelease,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      }),
    );
  },
};
