import { listOthers, sharedSelfReported, shortId } from '../kit/fleet';
import { LIBVIRT_GENID_DOC } from '../kit/sources';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { coldBootSteps, editDomainStep } from '../remedy/libvirt';
import type { RemediationStep } from '../remedy/types';
import { verifyOnConsoleStep } from '../remedy/verify-claim';

interface Facts {
  seedSha256: string;
  others: string[];
  othersCount: number;
  domain: string | null;
  /** null when the domain is unknown (not a guest, or its host did not report it) */
  hasGenid: boolean | null;
  kernelRelease: string | null;
  osId: string | null;
  osIdLike: string[];
}

/** Two or more targets carry the same saved random seed. */
export const cloneRandomSeed = defineCheck<Facts>({
  id: 'clone-random-seed',
  title: 'Cloned random seed',
  when: 'Two or more targets share the SHA-256 of `/var/lib/systemd/random-seed`. Subject: seed hash.',
  severities: 'info',
  fix: 'a fresh random seed; `<genid/>` so future clones reseed',
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
    // Self-reported: a host is never flagged because only guests claim its seed (./kit/fleet.ts).
    return sharedSelfReported(ctx, 'random-seed', (t) =>
      t.observation?.randomSeedSha256 ? [t.observation.randomSeedSha256] : [],
    ).map((shared) => ({
      subject: shared.value,
      severity: 'info' as const,
      summary: `random-seed ${shortId(shared.value)} identical on ${listOthers(shared)}`,
      detail: `sha256(/var/lib/systemd/random-seed)=${shared.value} is also reported by ${listOthers(shared)}`,
      facts: {
        seedSha256: shared.value,
        others: shared.others,
        othersCount: shared.othersCount,
        domain: ctx.domain?.name ?? ctx.target.domainName,
        hasGenid: ctx.domain ? ctx.domain.genid != null : null,
        kernelRelease: obs.kernelRelease,
        osId: obs.osId,
        osIdLike: obs.osIdLike,
      },
    }));
  },
  remediate(hit, ctx) {
    const steps: RemediationStep[] = [
      verifyOnConsoleStep(
        ctx,
        'the SHA-256 of /var/lib/systemd/random-seed',
        'sha256sum /var/lib/systemd/random-seed',
        hit.facts.seedSha256,
        listOthers(hit.facts),
      ),
      {
        description: 'Replace the saved seed with fresh random bytes (the kernel CRNG is seeded by now).',
        runOn: targetLabel(ctx),
        command:
          'dd if=/dev/urandom of=/var/lib/systemd/random-seed bs=512 count=1 status=none && chmod 600 /var/lib/systemd/random-seed',
      },
    ];
    const { domain } = hit.facts;
    const addGenid = ctx.target.kind === 'guest' && domain !== null && hit.facts.hasGenid === false;
    if (addGenid && domain) {
      steps.push(
        editDomainStep(
          ctx,
          domain,
          'Optional, for future snapshots and clones: add the <genid/> of the XML right after <uuid> (libvirt fills in the GUID and changes it on snapshot revert and clone); Linux 5.18+ reseeds its CRNG when it changes.',
          '<genid/>',
        ),
        ...coldBootSteps(ctx, domain).map((s) => ({ ...s, description: `(for the genid) ${s.description}` })),
      );
    }
    return {
      summary: `Give ${ctx.target.name} a fresh random seed${addGenid ? ' and a VM generation ID' : ''}`,
      steps,
      restartRequired: false,
    };
  },
});
