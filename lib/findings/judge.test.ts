import { describe, expect, it } from 'vitest';
import { allChecks as allRules } from '../checks';
import { defaultRuleConfig } from '../checks/config';
import {
  disk,
  domain,
  hostFacts,
  hostTarget,
  NOW,
  observation,
  rng,
} from '../../test/support/check-builders';
import { judgeFleet } from './judge';
import type { LoadedTarget } from './load-states';
import { planFindings } from './plan';

// An unclaimed domain with no <rng> and an unsafe disk: rng-device-missing and disk-cache-unsafe fail.
const bad = domain({ name: 'web-02', rngs: [], disks: [disk({ cacheMode: 'unsafe' })] });

function judgeHost(domains: ReturnType<typeof domain>[], fieldErrors: Record<string, string> = {}) {
  const host: LoadedTarget = {
    id: 1,
    fresh: true,
    state: hostTarget({ observation: observation({ host: hostFacts({ domains }), fieldErrors }) }),
  };
  const [evaluation] = judgeFleet([host], allRules, { now: NOW, config: defaultRuleConfig, log: () => {} });
  if (!evaluation) throw new Error('no evaluation');
  return evaluation;
}

describe('judgeFleet: a host whose virsh list failed', () => {
  it('judges unclaimed domains when the list was read', () => {
    const e = judgeHost([bad]);
    expect(e.hits.map((h) => [h.rule, h.subject])).toEqual(
      expect.arrayContaining([
        ['rng-device-missing', 'web-02'],
        ['disk-cache-unsafe', 'web-02/vda'],
      ]),
    );
    // An empty list that was read is a real "no domains": the domain rules are evaluated and pass.
    expect(judgeHost([]).evaluatedRules.has('rng-device-missing')).toBe(true);
  });

  it('skips the domain rules (keeps their findings) when the list could not be read', () => {
    const e = judgeHost([], { domains: 'virsh list failed: failed to connect to the hypervisor' });
    expect(e.evaluatedRules.has('rng-device-missing')).toBe(false);
    expect(e.evaluatedRules.has('disk-cache-unsafe')).toBe(false);
    // Rules on the host's own observation still run.
    expect(e.evaluatedRules.has('crng-not-ready')).toBe(true);
    const open = [
      { id: 7, targetId: 1, rule: 'rng-device-missing', subject: 'web-02', severity: 'warning' },
      { id: 8, targetId: 1, rule: 'disk-cache-unsafe', subject: 'web-02/vda', severity: 'critical' },
    ];
    const plan = planFindings(open, [e], {
      removedTargetIds: new Set(),
      knownRules: new Set(allRules.map((r) => r.id)),
    });
    expect(plan.resolve).toEqual([]);
  });

  it('still judges a healthy domain list with a good domain as passing', () => {
    const e = judgeHost([domain({ name: 'web-03', rngs: [rng()] })]);
    expect(e.hits).toEqual([]);
  });
});

describe('judgeFleet: a host whose lsof failed', () => {
  it('does not judge host-entropy-drain on an unknown holder list', () => {
    expect(judgeHost([]).evaluatedRules.has('host-entropy-drain')).toBe(true);
    const e = judgeHost([], { holders: 'lsof not installed' });
    expect(e.evaluatedRules.has('host-entropy-drain')).toBe(false);
    expect(
      judgeHost([], { holders: 'unrecognised lsof names ignored: x' }).evaluatedRules.has(
        'host-entropy-drain',
      ),
    ).toBe(true);
  });
});
