// Which other targets share a target's identity (machine-id, SSH host key, random-seed): the telltale
// of guests cloned from one image without re-generating their identity. Pure.

/** The identity facts of one target, from its latest observation. */
export interface IdentityFacts {
  name: string;
  machineId: string | null;
  hostKeyFingerprints: string[];
  randomSeedSha256: string | null;
}

export interface SharedIdentity {
  /** the value (machine-id, fingerprint or seed hash) */
  value: string;
  /** other targets presenting the same value, sorted */
  sharedWith: string[];
}

export interface CloneIdentity {
  machineId: SharedIdentity | null;
  hostKeys: SharedIdentity[];
  randomSeed: SharedIdentity | null;
}

// An empty or "uninitialized" machine-id is a first-boot placeholder, not an identity.
function usableMachineId(v: string | null): string | null {
  const t = v?.trim() ?? '';
  return t === '' || t === 'uninitialized' ? null : t;
}

/** For `self`, each identity value with the other targets (from `fleet`) that present the same value. */
export function findCloneIdentity(self: IdentityFacts, fleet: IdentityFacts[]): CloneIdentity {
  const others = fleet.filter((o) => o.name !== self.name);
  const peers = (pick: (o: IdentityFacts) => string[], value: string) =>
    others
      .filter((o) => pick(o).includes(value))
      .map((o) => o.name)
      .sort();
  const mid = usableMachineId(self.machineId);
  const seed = self.randomSeedSha256?.trim() || null;
  return {
    machineId: mid
      ? { value: mid, sharedWith: peers((o) => [usableMachineId(o.machineId) ?? ''], mid) }
      : null,
    hostKeys: [...new Set(self.hostKeyFingerprints)].map((fp) => ({
      value: fp,
      sharedWith: peers((o) => o.hostKeyFingerprints, fp),
    })),
    randomSeed: seed ? { value: seed, sharedWith: peers((o) => [o.randomSeedSha256 ?? ''], seed) } : null,
  };
}
