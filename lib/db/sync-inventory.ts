import type { Inventory } from '../inventory/types';
import type { Db } from './client';

export interface SyncedTarget {
  id: number;
  name: string;
}

/**
 * Makes the Target table match the inventory: adds and updates targets, marks the ones no longer
 * listed as removed (their history stays), and returns the ids of the current targets by name.
 */
export async function syncInventory(
  db: Db,
  inventory: Inventory,
  now = new Date(),
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await db.$transaction(async (tx) => {
    // Hosts first, so guests can point at them.
    const ordered = [...inventory.targets].sort((a, b) => rank(a.kind) - rank(b.kind));
    for (const t of ordered) {
      const data = {
        kind: t.kind,
        hostId: t.hostName ? (ids.get(t.hostName) ?? null) : null,
        // A guest without an address is judged from its host's side only: no address, nothing to reach.
        address: t.kind === 'local' || t.hostViewOnly ? null : t.address,
        port: t.kind === 'local' || t.hostViewOnly ? null : t.port,
        user: t.kind === 'local' ? null : t.user,
        domain: t.domain,
        libvirtUri: t.libvirtUri,
        via: t.via,
        collector: t.collector ?? null,
        removedAt: null,
        // An inventory entry of the same name takes a discovered member over.
        discovered: false,
      };
      const row = await tx.target.upsert({
        where: { name: t.name },
        create: { name: t.name, ...data },
        update: data,
        select: { id: true },
      });
      ids.set(t.name, row.id);
    }
    // Discovered members of hosts that still discover stay: their host's next poll decides
    // (lib/collector/discover.ts).
    const discovering = inventory.targets.flatMap((t) => (t.discover ? [ids.get(t.name)!] : []));
    await tx.target.updateMany({
      where: {
        name: { notIn: [...ids.keys()] },
        removedAt: null,
        NOT: { discovered: true, hostId: { in: discovering } },
      },
      data: { removedAt: now },
    });
  });
  return ids;
}

function rank(kind: string): number {
  return kind === 'guest' ? 1 : 0;
}
