// How a host's guests are defined and what the checks judged of each (docs/platforms.md).
import type { Domain, HostFacts, Platform } from '@/lib/probe/types';

/** "domains reported by virsh", "VMs from Proxmox VE (pve-manager/9.1.2/...)", ... */
export function guestSource(host: HostFacts | null | undefined): string {
  if (host?.platform === 'proxmox')
    return `VMs from Proxmox VE${host.pveVersion ? ` (${host.pveVersion.split(' ')[0]})` : ''}`;
  if (host?.platform === 'qemu') return 'QEMU processes (no libvirt, no Proxmox VE)';
  return 'domains reported by virsh';
}

/** The platform in one word, for badges and the header. */
export function platformName(host: HostFacts | null | undefined): string {
  if (host?.platform === 'proxmox') return 'Proxmox VE';
  if (host?.platform === 'qemu') return 'plain QEMU';
  return 'libvirt';
}

const PLATFORM_LABEL: Record<Platform, string> = {
  libvirt: 'libvirt',
  proxmox: 'Proxmox VE',
  qemu: 'plain QEMU',
};

/** A small tag naming what manages a host's guests (the fleet page's host rows); nothing when unknown. */
export function PlatformTag({ platform }: { platform: Platform | null }) {
  if (!platform) return null;
  return (
    <span
      className="kind-tag"
      data-testid="platform"
      data-platform={platform}
      title="what manages this host's guests"
    >
      {PLATFORM_LABEL[platform]}
    </span>
  );
}

/** Where a domain's judged settings come from: its running QEMU process, or its definition. */
export function JudgedFrom({ d }: { d: Domain }) {
  if (d.judgedFrom === 'running')
    return (
      <span title="disks, RNG devices and vmgenid as the QEMU process's command line has them">
        running QEMU{d.pid ? ` (pid ${d.pid})` : ''}
      </span>
    );
  return <span className="muted">definition</span>;
}

/** Marks a guest no inventory entry claims: it is judged from its host's side only. */
export function HostViewOnly() {
  return (
    <span
      className="badge s-neutral"
      data-testid="host-view-only"
      title="No inventory entry for this guest: judged from the host side only (disks, RNG device, backend, rate, drift, /dev/random holders); nothing inside it is read"
    >
      host view only
    </span>
  );
}
