import { describe, expect, it } from 'vitest';
import { cloneRandomSeed } from './clone-random-seed';
import { context, observation, target } from '../../../test/support/check-builders';
import type { Observation, CheckContext } from '../types';

function fleet(...patches: Partial<Observation>[]): CheckContext {
  const targets = patches.map((p, i) => target({ name: `g${i + 1}`, observation: observation(p) }));
  return context({ target: targets[0], fleet: targets, host: null });
}

describe('clone-random-seed', () => {
  const SEED = 'a'.repeat(64);

  it('is info for a shared seed hash', () => {
    expect(cloneRandomSeed.evaluate(fleet({ randomSeedSha256: SEED }, { randomSeedSha256: SEED }))).toEqual([
      expect.objectContaining({ subject: SEED, severity: 'info' }),
    ]);
  });

  it('is silent for singletons and unknown seeds', () => {
    expect(
      cloneRandomSeed.evaluate(fleet({ randomSeedSha256: SEED }, { randomSeedSha256: 'b'.repeat(64) })),
    ).toEqual([]);
    expect(cloneRandomSeed.evaluate(fleet({ randomSeedSha256: null }, { randomSeedSha256: null }))).toEqual(
      [],
    );
  });
});
