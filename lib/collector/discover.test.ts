import { describe, expect, it } from 'vitest';
import { domain, hostFacts, observation } from '../../test/support/check-builders';
import type { SshTargetConfig } from '../inventory/types';
import { discoveredName, planDiscovery } from './discover';

const entry = (patch: Partial<SshTargetConfig>): SshTargetConfig => ({
  name: 'kvm-01',
  kind: 'host',
  address: '10.0.0.1',
  port: 22,
  user: 'ew',
  identityFile: null,
  knownHosts: '/etc/ew/known_hosts',
  trustOnFirstUse: false,
  via: null,
  libvirtUri: 'qemu:///system',
  domain: null,
  hostName: null,
  ...patch,
});
const host = entry({ discover: true });
const guest = (name: string, hostName: string, domainName: string) =>
  entry({ name, kind: 'guest', hostName, domain: domainName, libvirtUri: null });
const seen = (...names: string[]) =>
  observation({ host: hostFacts({ domains: names.map((name) => domain({ name })) }) });

describe('planDiscovery', () => {
  it('gives each domain no inventory guest of this host claims a member named <domain>.<host>', () => {
    const inventory = [host, guest('db', 'kvm-01', 'db-vm'), guest('other', 'kvm-02', 'web-vm')];
    expect(planDiscovery(host, seen('db-vm', 'web-vm', 'web-vm'), inventory)).toEqual([
      { name: discoveredName('kvm-01', 'web-vm'), domain: 'web-vm' },
    ]);
    expect(discoveredName('kvm-01', 'web-vm')).toBe('web-vm.kvm-01');
  });

  it('keeps discovered names in the inventory alphabet and distinct', () => {
    const odd = ['<img src=x onerror=alert(1)>', 'VM 103', 'VM_103', 'x'.repeat(300), 'ü'];
    const names = odd.map((d) => discoveredName('pve-01', d));
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(128);
    expect(new Set(names).size).toBe(odd.length);
    expect(discoveredName('pve-01', 'VM 103')).toMatch(/^VM-103-[0-9a-f]{8}\.pve-01$/);
  });

  it('says nothing (null) when the poll failed, the domain list is unreadable or discovery is off', () => {
    expect(planDiscovery(host, null, [host])).toBeNull();
    expect(planDiscovery(host, observation({ host: null }), [host])).toBeNull();
    const unreadable = { ...seen(), fieldErrors: { domains: 'virsh: failed to connect' } };
    expect(planDiscovery(host, unreadable, [host])).toBeNull();
    expect(planDiscovery(entry({}), seen('a'), [host])).toBeNull();
    // A readable, empty list is an answer: every member goes.
    expect(planDiscovery(host, seen(), [host])).toEqual([]);
  });
});
