import type { Db } from '../db/client';
import { findCloneIdentity, type CloneIdentity, type IdentityFacts } from './clone-identity';
import { toText } from './sql-values';
import { providerOf } from '../db/providers/dialect';
import { cloneIdentityPg } from './postgres-sql';

/** Machine-id, SSH host keys and random-seed of a target, each with the current targets that share it; null if unobserved. */
export async function getCloneIdentity(db: Db, name: string): Promise<CloneIdentity | null> {
  // json_extract keeps the hosts' large domain lists inside SQLite.
  type Row = { name: unknown; machineId: unknown; keys: unknown; seed: unknown };
  const rows =
    providerOf(db) === 'postgresql'
      ? await db.$queryRaw<Row[]>(cloneIdentityPg(name))
      : await db.$queryRaw<Row[]>`
    SELECT t.name, json_extract(o.data, '$.machineId') AS machineId, json_extract(o.data, '$.sshHostKeys') AS keys,
           json_extract(o.data, '$.randomSeedSha256') AS seed
    FROM Observation o JOIN Target t ON t.id = o.targetId
    WHERE t.removedAt IS NULL OR t.name = ${name}`;
  const fleet: IdentityFacts[] = rows.map((r) => ({
    name: String(r.name),
    machineId: toText(r.machineId),
    hostKeyFingerprints: fingerprints(toText(r.keys)),
    randomSeedSha256: toText(r.seed),
  }));
  const self = fleet.find((f) => f.name === name);
  return self ? findCloneIdentity(self, fleet) : null;
}

function fingerprints(json: string | null): string[] {
  if (!json) return [];
  try {
    const keys: unknown = JSON.parse(json);
    return Array.isArray(keys)
      ? keys.flatMap((k) => (k && typeof k.fingerprint === 'string' ? [k.fingerprint as string] : []))
      : [];
  } catch {
    return [];
  }
}
