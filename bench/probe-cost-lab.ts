// The lab bench:probe-cost runs the probe in: one target per kind a poll meets. The libvirt host
// has 19 domains and 19 qemu-like holders of /dev/urandom (as bench:collector's hosts), the
// Proxmox-like node and the plain QEMU host are test/lab/platforms.ts's, and the guest is one of
// the libvirt host's domains.
import type { ProbeScriptOptions } from '../lib/probe/script';
import { PLATFORMS, platformsSpec } from '../test/lab/platforms';
import { healthyDomain, toLabSpec, urandomHolder } from '../test/lab/scenario-model';
import type { LabSpec } from '../test/lab/types';

export interface CostTarget {
  /** the row's label in the report */
  kind: 'guest' | 'libvirt host' | 'proxmox host' | 'plain qemu host';
  /** lab target name */
  target: string;
  /** buildProbeScript's options, except the libvirt URI the lab assigns at start */
  probe: Omit<ProbeScriptOptions, 'libvirtUri'>;
}

export const COST_DOMAINS = 19;

const LIBVIRT_HOST = 'cost-kvm';
const GUEST = 'cost-vm-1';

export const COST_TARGETS: readonly CostTarget[] = [
  { kind: 'guest', target: GUEST, probe: { kind: 'guest' } },
  { kind: 'libvirt host', target: LIBVIRT_HOST, probe: { kind: 'host' } },
  { kind: 'proxmox host', target: PLATFORMS.pve, probe: { kind: 'host', platform: 'proxmox' } },
  { kind: 'plain qemu host', target: PLATFORMS.plain, probe: { kind: 'host' } },
];

/** One libvirt host of COST_DOMAINS running domains (one of them also a guest target), a Proxmox-like node, a plain QEMU host. */
export function probeCostLabSpec(): LabSpec {
  const domains = Array.from({ length: COST_DOMAINS }, (_, i) => `cost-vm-${i + 1}`);
  const libvirt = toLabSpec({
    hosts: [
      {
        name: LIBVIRT_HOST,
        domains: domains.map((d) => healthyDomain(d)),
        holders: domains.map(urandomHolder),
        guests: [{ name: GUEST }],
      },
    ],
  });
  const platforms = platformsSpec().hosts.filter(
    (h) => h.name === PLATFORMS.pve || h.name === PLATFORMS.plain,
  );
  return { hosts: [...libvirt.hosts, ...platforms] };
}
