// A stored host observation keeps how the host saw each guest: the guest page and the API show it.
import { describe, expect, it } from 'vitest';
import { parseObservationJson } from './stored-json';

const stored = (domain: Record<string, unknown>) =>
  JSON.stringify({
    fieldErrors: {},
    host: { domains: [{ name: 'a', uuid: null, state: 'running', genid: null, ...domain }] },
  });

describe('parseObservationJson: a domain as the host saw it', () => {
  it('keeps platform, vmid, pid, judgedFrom, the agent channel and the guest-agent read', () => {
    const agent = {
      status: 'blocked',
      reason: 'the guest agent refuses guest-file-open',
      via: 'virsh qemu-agent-command',
      kernelRelease: null,
      uptimeSec: null,
      entropyAvail: null,
      poolsize: null,
      rngAvailable: null,
      rngCurrent: null,
      fieldErrors: {},
    };
    const r = parseObservationJson(
      stored({ platform: 'proxmox', vmid: 101, pid: 5, judgedFrom: 'running', agentChannel: true, agent }),
    );
    expect(r.ok && r.value.host?.domains[0]).toMatchObject({
      platform: 'proxmox',
      vmid: 101,
      pid: 5,
      judgedFrom: 'running',
      agentChannel: true,
      agent,
    });
  });

  it('reads a value that is not the promised shape as absent, the domain kept', () => {
    const r = parseObservationJson(stored({ platform: 'xen', judgedFrom: 7, agent: { status: 'maybe' } }));
    const d = r.ok ? r.value.host?.domains[0] : null;
    expect(d?.name).toBe('a');
    expect([d?.platform, d?.judgedFrom, d?.agent]).toEqual([undefined, undefined, undefined]);
  });
});
