// Host-side steps in Proxmox VE's own terms (`qm`), never virsh: a Proxmox node has no libvirt.
// Syntax from qemu-server's qm(1): `qm set <vmid> --<key> <value>` writes the VM config (a running VM
// gets non-hotpluggable changes as [PENDING]); `qm shutdown <vmid>` asks the guest OS to power off and
// waits for it; `qm start <vmid>` starts a new QEMU process with the config. Values: rng0 and disk
// property strings as PVE/QemuServer/RNG.pm and PVE/QemuServer/Drive.pm define them.
import type { Domain } from '../types';
import { hostLabel, type RemediationContext } from './context';
import { shellJoin } from './shell-quote';
import type { RemediationStep } from './types';

/** The rng0 value Entropy Watch recommends: the host's non-blocking urandom, 1 KiB per second. */
export const PVE_RNG0 = 'source=/dev/urandom,max_bytes=1024,period=1000';

/** `qm set <vmid> --<key> <value>`, quoted. */
export function qmSet(vmid: number, key: string, value: string): string {
  return shellJoin(['qm', 'set', String(vmid), `--${key}`, value]);
}

/** The guest a finding names: the guest target's own domain, or one its host reported. */
export function guestOf(ctx: RemediationContext, name: string): Domain | null {
  if (ctx.domain?.name === name) return ctx.domain;
  const hostFacts = ctx.target.kind === 'guest' ? ctx.host?.observation?.host : ctx.target.observation?.host;
  return (
    ctx.unclaimedDomains.find((d) => d.name === name) ??
    hostFacts?.domains.find((d) => d.name === name) ??
    null
  );
}

/** The Proxmox VE vmid of the finding's guest, or null when libvirt (or nothing) manages it. */
export function proxmoxVmid(ctx: RemediationContext, name: string): number | null {
  const guest = guestOf(ctx, name);
  return guest?.platform === 'proxmox' && typeof guest.vmid === 'number' ? guest.vmid : null;
}

/** True when no manager defines the guest: a QEMU process started by a script or a tool we do not know. */
export function plainQemu(ctx: RemediationContext, name: string): boolean {
  return guestOf(ctx, name)?.platform === 'qemu';
}

/** A cold boot with qm: shutdown (waits for the guest OS), then start a new QEMU process. */
export function qmColdBootSteps(ctx: RemediationContext, vmid: number): RemediationStep[] {
  const runOn = hostLabel(ctx);
  return [
    {
      description:
        'Cold boot the VM so a new QEMU process starts with the new configuration (a reboot inside the ' +
        'guest keeps the old process). qm shutdown waits until the guest OS has powered off…',
      runOn,
      command: shellJoin(['qm', 'shutdown', String(vmid)]),
    },
    { description: '…then start it again.', runOn, command: shellJoin(['qm', 'start', String(vmid)]) },
  ];
}

/** Sets rng0 to the recommended device; it takes effect at the next cold boot. */
export function qmRngStep(ctx: RemediationContext, vmid: number): RemediationStep {
  return {
    description:
      'Give the VM a virtio-rng device backed by the host /dev/urandom, limited to 1024 bytes per second ' +
      '(this replaces any rng0 it has). A running VM gets it at its next cold boot.',
    runOn: hostLabel(ctx),
    command: qmSet(vmid, 'rng0', PVE_RNG0),
  };
}

/** A disk's config value with cache= and aio= replaced (every other option kept, e.g. iothread, size). */
export function pveDiskValue(value: string, cache: string, aio: string): string {
  const parts = value.split(',').filter((p) => !/^(cache|aio)=/.test(p));
  return [...parts, `cache=${cache}`, `aio=${aio}`].join(',');
}

/** The steps that set a disk's cache and aio with qm, from its config value. */
export function qmDiskSteps(
  ctx: RemediationContext,
  vmid: number,
  disk: string,
  pveValue: string | null,
  cache: string,
  aio: string,
): RemediationStep[] {
  const runOn = hostLabel(ctx);
  if (pveValue === null) {
    return [
      {
        description:
          `Set cache=${cache} and aio=${aio} on ${disk}: run "qm config ${vmid}", copy the ${disk} line's value ` +
          `and give it back with the two options changed (qm set replaces the whole value).`,
        runOn,
        command: qmSet(vmid, disk, `<volume>,<options>,cache=${cache},aio=${aio}`),
      },
    ];
  }
  return [
    {
      description: `Set cache=${cache} and aio=${aio} on ${disk}, keeping its other options (qm set replaces the whole value).`,
      runOn,
      command: qmSet(vmid, disk, pveDiskValue(pveValue, cache, aio)),
    },
  ];
}

/** A step for a QEMU that no manager defines: the options to put on its command line. */
export function plainQemuStep(
  ctx: RemediationContext,
  name: string,
  what: string,
  options: string,
): RemediationStep {
  return {
    description:
      `${name} is a QEMU process no libvirt or Proxmox VE defines: ${what} in whatever starts it ` +
      '(a script, a unit file, another manager), then stop the process and start it again.',
    runOn: hostLabel(ctx),
    xml: options,
  };
}

/** The QEMU options of the recommended RNG device, for command lines nobody manages. */
export const QEMU_RNG_OPTIONS =
  '-object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-pci,rng=rng0,max-bytes=1024,period=1000';
