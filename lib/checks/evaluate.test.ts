import { describe, expect, it } from 'vitest';
import { defaultRuleConfig, evaluateTarget, requiredInputs } from './evaluate';
import { checkRegistry as ruleRegistry } from './index';
import type { Check } from './types';
import {
  context,
  domain,
  guestContext,
  hostContext,
  hostTarget,
  legacyObservation,
  observation,
  rng,
  statuses,
  target,
} from '../../test/support/check-builders';

describe('evaluateTarget', () => {
  it('finds nothing on a healthy modern guest', () => {
    expect(evaluateTarget(guestContext())).toEqual([]);
  });

  it('returns one entry per hit with its rule', () => {
    const ctx = guestContext({ guest: { entropyAvail: 10, uptimeSec: 500 }, domain: { rngs: [] } });
    expect(evaluateTarget(ctx).map((r) => [r.check.id, r.hit.severity])).toEqual([
      ['crng-not-ready', 'critical'],
      ['rng-device-missing', 'warning'],
    ]);
  });

  it('skips rules whose appliesTo excludes the target kind', () => {
    // rng-driver-missing applies to guests only; host-entropy-drain to hosts only.
    const host = hostTarget({
      observation: legacyObservation('4.19.0', {
        entropyAvail: 20,
        rngAvailable: [],
        host: { holders: [], domains: [] },
      }),
    });
    const ids = evaluateTarget(context({ target: host, host: null, domain: domain({ rngs: [rng()] }) })).map(
      (r) => r.check.id,
    );
    expect(ids).toContain('entropy-low');
    expect(ids).not.toContain('rng-driver-missing');
    const onlyDrain: Check = {
      ...ruleRegistry.get('host-entropy-drain')!,
      judge: () => {
        throw new Error('must not run');
      },
    };
    expect(evaluateTarget(guestContext(), [onlyDrain])).toEqual([]);
  });

  it('judges unclaimed domains for a host target', () => {
    const ctx = hostContext([domain({ name: 'stray', rngs: [] })]);
    expect(evaluateTarget(ctx).map((r) => [r.check.id, r.hit.subject])).toEqual([
      ['rng-device-missing', 'stray'],
    ]);
  });

  it('names the rule and target when a rule throws or repeats a subject', () => {
    const broken: Check = {
      ...ruleRegistry.get('entropy-low')!,
      judge: () => {
        throw new Error('boom');
      },
    };
    expect(() => evaluateTarget(guestContext(), [broken])).toThrow(
      'rule entropy-low failed on target web-01: boom',
    );
    const twice: Check = {
      ...ruleRegistry.get('entropy-low')!,
      judge: () =>
        [1, 2].map(() => ({
          subject: 'x',
          severity: 'info' as const,
          summary: '',
          detail: '',
          remediation: () => ({ summary: '', reason: '', steps: [], restartRequired: false }),
        })),
    };
    expect(() => evaluateTarget(guestContext(), [twice])).toThrow(/subject "x" twice/);
  });

  it('reports a target that is down with only status rules', () => {
    const t = target({
      observation: observation(),
      recentStatuses: statuses('timeout', 'timeout', 'timeout'),
    });
    expect(evaluateTarget(context({ target: t })).map((r) => r.check.id)).toEqual(['target-unreachable']);
  });
});

describe('defaultRuleConfig', () => {
  it('has the documented defaults and cannot be changed in place', () => {
    expect(defaultRuleConfig).toEqual({
      entropyWarn: 200,
      entropyCrit: 100,
      unreachableCycles: 3,
      diskPolicy: {
        file: { cache: ['writeback', 'none'], io: ['threads', 'io_uring'] },
        block: { cache: ['none', 'directsync'], io: ['native', 'io_uring'] },
      },
    });
    expect(() => {
      (defaultRuleConfig as { entropyWarn: number }).entropyWarn = 1;
    }).toThrow();
    expect(() => defaultRuleConfig.diskPolicy.file.cache.push('unsafe')).toThrow();
  });
});

describe('requiredInputs', () => {
  it('maps domain/hostObservation to the host target’s own observation', () => {
    const rule = ruleRegistry.get('rng-backend-blocking')!;
    expect(requiredInputs(rule, 'guest')).toEqual(['domain', 'hostObservation']);
    expect(requiredInputs(rule, 'host')).toEqual(['observation']);
    expect(requiredInputs(ruleRegistry.get('clone-ssh-hostkey')!, 'host')).toEqual(['observation', 'fleet']);
  });
});
