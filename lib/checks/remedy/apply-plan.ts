import type { RemediationContext } from './context';
import { plainQemu, proxmoxVmid } from './proxmox';
import type { GuestCommand } from './guest-commands';
import type { ApplyPlan, DomainEdit, GuestApplyPlan } from './types';

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

/**
 * The plan of a fix that runs inside the target over its remediation account (issue 12), or undefined
 * where it cannot: the built-in "this machine" target (no SSH account), or no exact commands (an unknown
 * distribution family). `commands` are exactly what the finding shows, so what runs is what was read.
 */
export function guestApplyPlan(
  ctx: RemediationContext,
  action: GuestApplyPlan['action'],
  commands: GuestCommand[] | null,
  device?: string,
): GuestApplyPlan | undefined {
  if (ctx.target.kind === 'local' || !commands || commands.length === 0) return undefined;
  return { kind: 'guest-commands', target: ctx.target.name, action, commands, ...(device ? { device } : {}) };
}
