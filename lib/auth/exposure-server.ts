import { getDb, type Db } from '../db/client';
import { loadInventory } from '../inventory/load';
import { exposureMasks, maskDeep, seesSecrets, type ExposureMasks } from './exposure';
import { getIdentity } from './guard';
import type { Identity } from './identity';

/** The masks for this identity: none for admins; the inventory's paths and URIs for everyone else. */
export async function masksFor(
  identity: Pick<Identity, 'role'> | null,
  db: Db = getDb(),
): Promise<ExposureMasks> {
  if (identity && seesSecrets(identity.role)) return { replacements: [] };
  let fromInventory: Parameters<typeof exposureMasks>[0] = [];
  try {
    fromInventory = loadInventory().targets;
  } catch {
    // A broken inventory: the stored targets' URIs still get masked below.
  }
  // One row per distinct URI (a fleet of 500 hosts usually shares a handful).
  const stored = await db.target.groupBy({ by: ['libvirtUri'], where: { libvirtUri: { not: null } } });
  return exposureMasks([...fromInventory, ...stored]);
}

/** Data as the given identity may see it (route handlers). */
export async function maskFor<T>(identity: Pick<Identity, 'role'> | null, data: T): Promise<T> {
  return maskDeep(data, await masksFor(identity));
}

/** Data as the signed-in user of this page request may see it (server components). */
export async function maskForViewer<T>(data: T): Promise<T> {
  return maskFor(await getIdentity(), data);
}
