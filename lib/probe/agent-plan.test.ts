import { describe, expect, it } from 'vitest';
import { planAgentReads } from './agent-plan';
import { parseDomainXml } from './domain-xml';
import { parsePveConfig } from './pve-config';
import type { Domain } from './types';

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const dom = (name: string, extra: Partial<Domain> = {}): Domain => ({
  name,
  uuid: uuid(name.length),
  state: 'running',
  genid: null,
  disks: [],
  rngs: [],
  agentChannel: true,
  ...extra,
});

describe('agent channel detection', () => {
  it("libvirt: <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>", () => {
    const xml = (channel: string) =>
      `<domain type='kvm'><name>web</name><devices>${channel}<disk type='file'><target dev='vda'/></disk></devices></domain>`;
    expect(
      parseDomainXml(
        xml("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"),
      ).agentChannel,
    ).toBe(true);
    expect(
      parseDomainXml(
        xml("<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"),
      ).agentChannel,
    ).toBeUndefined();
    expect(parseDomainXml(xml('')).agentChannel).toBeUndefined();
  });

  it('Proxmox VE: agent: 1 and agent: enabled=1,... on, agent: 0 off', () => {
    const vm = (agent: string) => parsePveConfig(`name: x\n${agent}\n`, 100, 9).agentChannel;
    expect([vm('agent: 1'), vm('agent: enabled=1,fstrim_cloned_disks=1'), vm('agent: 1,type=isa')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([vm('agent: 0'), vm('agent: enabled=0'), vm('')]).toEqual([false, false, false]);
  });
});

describe('planAgentReads', () => {
  it('asks only host-view guests that run with a channel, and says why the others are not asked', () => {
    const domains = [
      dom('tenant-a'),
      dom('polled-b'),
      dom('no-channel', { agentChannel: undefined }),
      dom('off', { state: 'shut off' }),
      dom('pve', { platform: 'proxmox', vmid: 101, uuid: null }),
      dom('plain', { platform: 'qemu' }),
    ];
    const p = planAgentReads(domains, { hostView: [], discover: true, polled: ['polled-b'] }, 0);
    expect(p.targets.map((t) => [t.name, t.platform, t.id])).toEqual([
      ['tenant-a', 'libvirt', uuid(8)],
      ['pve', 'proxmox', '101'],
    ]);
    const why = (i: number) => [p.decided.get(i)?.status, p.decided.get(i)?.reason];
    expect(p.decided.has(1)).toBe(false);
    expect(why(2)).toEqual(['no-agent', 'no guest agent channel (no org.qemu.guest_agent.0)']);
    expect(why(3)).toEqual(['not-running', 'the guest is shut off']);
    expect(why(5)?.[0]).toBe('no-agent');
  });

  it('without discover, only the named host-view guests', () => {
    const p = planAgentReads([dom('a'), dom('bb')], { hostView: ['bb'], discover: false, polled: [] }, 0);
    expect(p.targets.map((t) => t.name)).toEqual(['bb']);
    expect(p.decided.size).toBe(0);
  });

  it('asks at most `max` per poll, the others in turn on the next polls', () => {
    const domains = ['a', 'bb', 'ccc', 'dddd', 'eeeee'].map((n) => dom(n));
    const scope = { hostView: [], discover: true, polled: [] };
    const asked = [0, 1, 2].map((turn) => planAgentReads(domains, scope, turn, 2).targets.map((t) => t.name));
    expect(asked).toEqual([
      ['a', 'bb'],
      ['ccc', 'dddd'],
      ['eeeee', 'a'],
    ]);
    expect(planAgentReads(domains, scope, 0, 2).decided.get(4)?.status).toBe('skipped');
  });

  it('never passes a UUID or vmid it cannot trust to the script', () => {
    const p = planAgentReads(
      [dom('x', { uuid: "'; rm -rf /" }), dom('y', { platform: 'proxmox', vmid: null })],
      { hostView: [], discover: true, polled: [] },
      0,
    );
    expect(p.targets).toEqual([]);
    expect([...p.decided.values()].map((r) => r.status)).toEqual(['error', 'error']);
  });
});
