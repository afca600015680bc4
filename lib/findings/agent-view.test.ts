// A host-view guest (never polled) judged on what its guest agent read in its host's current poll.
import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks';
import { defaultRuleConfig } from '../checks/config';
import { notRead } from '../probe/agent-plan';
import type { GuestAgentRead } from '../probe/types';
import { domain, hostFacts, hostTarget, NOW, observation, target } from '../../test/support/check-builders';
import { judgeFleet } from './judge';
import type { LoadedTarget } from './load-states';

const read = (patch: Partial<GuestAgentRead>): GuestAgentRead => ({
  ...notRead('read', ''),
  reason: null,
  via: 'virsh qemu-agent-command',
  ...patch,
});

function judgeTenant(agent: GuestAgentRead, hostFresh = true) {
  const d = domain({
    name: 'tenant',
    genid: 'c0ffee00-0000-4000-8000-000000000001',
    agentChannel: true,
    agent,
  });
  const host: LoadedTarget = {
    id: 1,
    fresh: hostFresh,
    state: hostTarget({ observation: observation({ host: hostFacts({ domains: [d] }) }) }),
  };
  const tenant: LoadedTarget = {
    id: 2,
    fresh: false,
    state: target({
      name: 'tenant',
      domainName: 'tenant',
      observation: null,
      observedAt: null,
      recentStatuses: [],
    }),
  };
  const evaluations = judgeFleet([host, tenant], allChecks, {
    now: NOW,
    config: defaultRuleConfig,
    log: () => {},
  });
  const e = evaluations.find((x) => x.targetId === 2);
  if (!e) throw new Error('no evaluation of the tenant');
  return e;
}

describe('judgeFleet: a host-view guest read through its guest agent', () => {
  const notReady = {
    entropyAvail: 40,
    poolsize: 256,
    kernelRelease: '6.1.0-27-amd64',
    uptimeSec: 900,
    rngCurrent: 'none',
  };

  it('is judged on the agent values (crng-not-ready on a 6.1 kernel, 900 s after boot)', () => {
    const e = judgeTenant(read(notReady));
    const crng = e.hits.find((h) => h.rule === 'crng-not-ready');
    expect(crng?.severity).toBe('critical');
    expect(crng?.detail).toContain('entropy_avail=40 poolsize=256 uptime=900s kernel 6.1.0-27-amd64');
  });

  it('kernel-aware: a legacy pool on 4.18 with entropy_avail 3210 raises nothing', () => {
    const e = judgeTenant(
      read({
        entropyAvail: 3210,
        poolsize: 4096,
        kernelRelease: '4.18.0-553.el8_10.x86_64',
        uptimeSec: 86400,
      }),
    );
    expect(e.evaluatedRules.has('entropy-low')).toBe(true);
    expect(e.hits.filter((h) => ['entropy-low', 'crng-not-ready'].includes(h.rule))).toEqual([]);
  });

  it('is not judged on guest values when the agent is blocked, or the host was not polled this cycle', () => {
    for (const e of [
      judgeTenant(notRead('blocked', 'the guest agent refuses guest-file-open')),
      judgeTenant(read(notReady), false),
    ]) {
      expect(e.evaluatedRules.has('crng-not-ready')).toBe(false);
      expect(e.evaluatedRules.has('entropy-low')).toBe(false);
      expect(e.hits.map((h) => h.rule)).not.toContain('target-unreachable');
    }
  });
});
