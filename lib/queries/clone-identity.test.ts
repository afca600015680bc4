import { describe, expect, it } from 'vitest';
import { findCloneIdentity, type IdentityFacts } from './clone-identity';

const facts = (name: string, patch: Partial<IdentityFacts> = {}): IdentityFacts => ({
  name,
  machineId: `mid-${name}`,
  hostKeyFingerprints: [`SHA256:${name}`],
  randomSeedSha256: `seed-${name}`,
  ...patch,
});

describe('findCloneIdentity', () => {
  it('reports every value as unique when nothing is shared', () => {
    const a = facts('a');
    expect(findCloneIdentity(a, [a, facts('b')])).toEqual({
      machineId: { value: 'mid-a', sharedWith: [] },
      hostKeys: [{ value: 'SHA256:a', sharedWith: [] }],
      randomSeed: { value: 'seed-a', sharedWith: [] },
    });
  });

  it('names the other targets that share each value, sorted, never itself', () => {
    const a = facts('a', { machineId: 'm1', hostKeyFingerprints: ['k1', 'k2'], randomSeedSha256: 's1' });
    const fleet = [
      a,
      facts('c', { machineId: 'm1', hostKeyFingerprints: ['k2'] }),
      facts('b', { machineId: 'm1', randomSeedSha256: 's1' }),
    ];
    expect(findCloneIdentity(a, fleet)).toEqual({
      machineId: { value: 'm1', sharedWith: ['b', 'c'] },
      hostKeys: [
        { value: 'k1', sharedWith: [] },
        { value: 'k2', sharedWith: ['c'] },
      ],
      randomSeed: { value: 's1', sharedWith: ['b'] },
    });
  });

  it('ignores empty and "uninitialized" machine-ids (first-boot placeholders)', () => {
    const a = facts('a', { machineId: 'uninitialized' });
    const b = facts('b', { machineId: 'uninitialized' });
    expect(findCloneIdentity(a, [a, b]).machineId).toBeNull();
    const c = facts('c', { machineId: 'm' });
    const d = facts('d', { machineId: '' });
    expect(findCloneIdentity(c, [c, d]).machineId).toEqual({ value: 'm', sharedWith: [] });
  });

  it('has nothing to say without identity facts', () => {
    const a = facts('a', { machineId: null, hostKeyFingerprints: [], randomSeedSha256: null });
    expect(findCloneIdentity(a, [a])).toEqual({ machineId: null, hostKeys: [], randomSeed: null });
  });
});
