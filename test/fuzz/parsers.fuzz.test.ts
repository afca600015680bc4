// A seeded, short run of every fuzz target (test/fuzz/targets.ts) in the unit suite; the long campaign
// is `npm run fuzz -- --runs 100000`. A failure prints fast-check's seed and path to replay it.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { cleanUpTargets, TARGETS } from './targets';

// Fixed, so the unit suite is the same run every time; the campaign draws a fresh seed.
const SEED = 20261125;
const RUNS_PER_TARGET = 600;

afterAll(cleanUpTargets);

describe('fuzz: every parser keeps its properties', () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${RUNS_PER_TARGET} seeded cases`, { timeout: 300_000 }, () => {
      fc.assert(target.property(), { seed: SEED, numRuns: RUNS_PER_TARGET });
    });
  }
});
