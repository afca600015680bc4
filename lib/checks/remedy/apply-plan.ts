import type { RemediationContext } from './context';
import { plainQemu, proxmoxVmid } from './proxmox';
import type { ApplyPlan, DomainEdit } from './types';

/**
 * The apply plan of a libvirt domain change, or undefined where Entropy Watch cannot make it itself: a
 * domain Proxmox VE or nobody defines (qm / a QEMU command line are copy-only), or a target that is not an
 * SSH host or guest (the built-in "this machine" inventory).
 */
export function libvirtApplyPlan(
  ctx: RemediationContext,
  domain: string,
  edit: DomainEdit,
  restartRequired: boolean,
): ApplyPlan | undefined {
  if (proxmoxVmid(ctx, domain) !== null || plainQemu(ctx, domain)) return undefined;
  const host =
    ctx.target.kind === 'guest'
      ? (ctx.host?.name ?? ctx.target.hostName)
      : ctx.target.kind === 'host'
        ? ctx.target.name
        : null;
  if (!host) return undefined;
  return { kind: 'libvirt-domain', host, domain, edit, restartRequired };
}
