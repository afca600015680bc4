// Scenarios keep their domains structured (LabDomainSpec) so tests can reason about them; the lab
// itself takes XML. These helpers turn a scenario into a LabSpec and apply one to a running lab.
import { createHash } from 'node:crypto';
import { domainXml, type LabDomainSpec, type LabRngSpec } from './domain-xml';
import { resolveFixture } from './lab-spec';
import type {
  Lab,
  LabGuestSpec,
  LabHolderSpec,
  LabHostSpec,
  LabInventorySettings,
  LabSpec,
  LabSpecialTarget,
} from './types';

export interface ScenarioHost extends Omit<LabHostSpec, 'domains'> {
  domains: LabDomainSpec[];
}

export interface Scenario {
  hosts: ScenarioHost[];
  extras?: LabSpecialTarget[];
  inventory?: LabInventorySettings;
}

/** The rng every healthy guest gets: virtio, rate-limited, backed by the host's /dev/urandom. */
export const HEALTHY_RNG: LabRngSpec = {
  model: 'virtio',
  backend: '/dev/urandom',
  rate: { bytes: 1024, period: 1000 },
};

/** A stable VM generation ID per domain name. */
function genidOf(name: string): string {
  const h = createHash('sha256').update(`genid:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A clean guest domain: one qcow2 file disk (cache none, io threads) and HEALTHY_RNG. */
export function healthyDomain(name: string, patch: Partial<LabDomainSpec> = {}): LabDomainSpec {
  return {
    name,
    disks: [
      {
        target: 'vda',
        type: 'file',
        source: `/var/lib/libvirt/images/${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.qcow2`,
        driverType: 'qcow2',
        cache: 'none',
        io: 'threads',
      },
    ],
    rngs: [HEALTHY_RNG],
    // A GUID, not <genid/>: libvirt's test driver keeps an empty <genid/> empty (real libvirt fills it in).
    genid: genidOf(name),
    ...patch,
  };
}

/** A running domain's QEMU holding the host's /dev/urandom (the healthy backend). */
export function urandomHolder(domain: string): LabHolderSpec {
  return { domain, devices: ['/dev/urandom'] };
}

/** The LabSpec startLab takes: domains as XML. */
export function toLabSpec(s: Scenario): LabSpec {
  return {
    hosts: s.hosts.map((h) => ({ ...h, domains: h.domains.map(domainXml) })),
    ...(s.extras ? { extras: s.extras } : {}),
    ...(s.inventory ? { inventory: s.inventory } : {}),
  };
}

/** Rewrites every host's and guest's fixture (complete: fields a scenario leaves out revert to defaults), domains and holders. */
export async function applyScenarioFixtures(lab: Lab, s: Scenario): Promise<void> {
  for (const host of s.hosts) {
    await lab.setFixture(host.name, {
      ...resolveFixture(host.name, host),
      domains: host.domains.map(domainXml),
      holders: host.holders ?? [],
    });
    for (const guest of host.guests ?? []) {
      await lab.setFixture(guest.name, resolveFixture(guest.name, guest as LabGuestSpec));
    }
  }
}
