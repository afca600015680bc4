import { describe, expect, it } from 'vitest';
import { allChecks } from '../checks';
import { rngDeviceMissing as rngDeviceMissingCheck } from '../checks/rng-device-missing/rng-device-missing';
import { defaultRuleConfig } from '../checks/config';
import {
  disk,
  domain,
  guestContext,
  hostContext,
  hostFacts,
  hostTarget,
  NOW,
  observation,
  rng,
} from '../../test/support/check-builders';
import type { Domain } from '../probe/types';
import { definitionContext, definitionView, subjectsWaitingForColdBoot } from './cold-boot-pending';
import { judgeFleet } from './judge';

// A running guest without <rng> whose definition gained one (the fix applied, no cold boot yet).
const running = (defined: Partial<NonNullable<Domain['defined']>>, patch: Partial<Domain> = {}): Domain =>
  domain({
    name: 'web-02',
    rngs: [],
    judgedFrom: 'running',
    pid: 4242,
    defined: { disks: [disk()], rngs: [rng()], genid: null, ...defined },
    ...patch,
  });

describe('definitionView', () => {
  it('is the definition judged as such for a running guest', () => {
    const v = definitionView(running({}));
    expect(v).toMatchObject({ rngs: [rng()], judgedFrom: 'definition', defined: null, name: 'web-02' });
    // vmgenid: a definition without one keeps what runs (libvirt's guid=auto is only in the XML)
    expect(v?.genid).toBe(domain().genid);
  });

  it('is null when nothing runs the guest or no definition is known', () => {
    expect(definitionView(domain({ judgedFrom: 'definition' }))).toBeNull();
    expect(definitionView(domain({ judgedFrom: 'running', defined: null }))).toBeNull();
  });
});

describe('subjectsWaitingForColdBoot', () => {
  it('a guest: rng missing on what runs, present in the definition → waiting', () => {
    const ctx = guestContext({ domain: running({}) });
    const def = definitionContext(ctx);
    expect(def).not.toBeNull();
    expect(subjectsWaitingForColdBoot(rngDeviceMissingCheck, [''], def)).toEqual(new Set(['']));
  });

  it('not waiting when the definition still fails, or nothing runs', () => {
    const ctx = guestContext({ domain: running({ rngs: [] }) });
    expect(subjectsWaitingForColdBoot(rngDeviceMissingCheck, [''], definitionContext(ctx)).size).toBe(0);
    const stopped = guestContext({ domain: domain({ rngs: [] }) });
    expect(definitionContext(stopped)).toBeNull();
    expect(subjectsWaitingForColdBoot(rngDeviceMissingCheck, [''], null).size).toBe(0);
  });

  it('a host: only the unclaimed domain whose definition has the fix waits', () => {
    const fixed = running({});
    const notFixed = running({ rngs: [] }, { name: 'web-03' });
    const ctx = hostContext([fixed, notFixed]);
    const waiting = subjectsWaitingForColdBoot(
      rngDeviceMissingCheck,
      ['web-02', 'web-03'],
      definitionContext(ctx),
    );
    expect(waiting).toEqual(new Set(['web-02']));
  });
});

describe('judgeFleet marks waiting hits', () => {
  it('rng fixed in the definition, disk cache still unsafe in both: only the rng hit waits', () => {
    const d = running({ disks: [disk({ cacheMode: 'unsafe' })] }, { disks: [disk({ cacheMode: 'unsafe' })] });
    const host = {
      id: 1,
      fresh: true,
      state: hostTarget({ observation: observation({ host: hostFacts({ domains: [d] }) }) }),
    };
    const [e] = judgeFleet([host], allChecks, { now: NOW, config: defaultRuleConfig, log: () => {} });
    const byRule = new Map(e!.hits.map((h) => [h.rule, h.pendingColdBoot]));
    expect(byRule.get('rng-device-missing')).toBe(true);
    expect(byRule.get('disk-cache-unsafe')).toBe(false);
    // The drift between the two is itself what a cold boot resolves.
    expect(byRule.get('config-drift')).toBe(true);
  });
});
