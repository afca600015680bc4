import { effectiveCache, effectiveIo, type DiskFacts } from '../kit/disk-policy';
import type { DomainFacts } from '../kit/domain-scope';
import type { CheckHit } from '../types';
import type { RemediationContext } from './context';
import { coldBootSteps, driverLine, editDomainStep } from './libvirt';
import { guestOf, plainQemu, plainQemuStep, proxmoxVmid, qmDiskSteps } from './proxmox';
import type { RemediationPlan } from './types';
import { libvirtApplyPlan } from './apply-plan';

/**
 * The shared plan of the disk checks: `virsh edit` with the corrected `<driver/>` line (Proxmox VE:
 * `qm set --<disk>`), then a cold boot. When the guest's definition already has the suggested modes
 * and only the running QEMU process still uses the old ones, the cold boot alone is the fix.
 */
export function diskDriverPlan(
  hit: CheckHit<DomainFacts & DiskFacts>,
  ctx: RemediationContext,
  why: string,
): RemediationPlan {
  const { domain, disk, suggestedCache: cache, suggestedIo: io } = hit.facts;
  const summary = `${domain}/${disk}: set cache='${cache}' io='${io}'`;
  const guest = guestOf(ctx, domain);
  const defined =
    guest?.judgedFrom === 'running' ? guest.defined?.disks.find((d) => d.target === disk) : undefined;
  if (defined && effectiveCache(defined) === cache && effectiveIo(defined) === io) {
    return {
      summary: `${domain}/${disk}: cold boot to apply cache='${cache}' io='${io}'`,
      steps: coldBootSteps(ctx, domain),
      restartRequired: true,
      note:
        `${why} The definition already has cache=${cache} io=${io}; the running QEMU process still uses ` +
        `cache=${hit.facts.effectiveCache} io=${hit.facts.effectiveIo} until the guest is cold booted.`,
    };
  }
  const vmid = proxmoxVmid(ctx, domain);
  if (vmid !== null) {
    const pveValue = defined?.pveValue ?? guest?.disks.find((d) => d.target === disk)?.pveValue ?? null;
    return {
      summary,
      steps: [...qmDiskSteps(ctx, vmid, disk, pveValue, cache, io), ...coldBootSteps(ctx, domain)],
      restartRequired: true,
      note: why,
    };
  }
  if (plainQemu(ctx, domain)) {
    return {
      summary,
      steps: [
        plainQemuStep(
          ctx,
          domain,
          `give the disk ${disk} these cache and AIO modes (on its -drive, or as cache.direct/cache.no-flush and aio on its -blockdev with write-cache on its -device)`,
          `cache=${cache},aio=${io}`,
        ),
      ],
      restartRequired: true,
      note: why,
    };
  }
  const line = driverLine(hit.facts.driverType, cache, io, hit.facts.discard);
  return {
    summary,
    steps: [
      editDomainStep(
        ctx,
        domain,
        `In the <disk> whose <target dev='${disk}'/>, replace the <driver .../> line with the one in the XML (keep any other attributes it has, e.g. iothread).`,
        line,
      ),
      ...coldBootSteps(ctx, domain),
    ],
    restartRequired: true,
    note: why,
    apply: libvirtApplyPlan(ctx, domain, { op: 'disk-driver', disk, cache, io }, true),
  };
}
