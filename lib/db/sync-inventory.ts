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
    // (lib/collector/discover.ts). The set difference is taken here rather than with `notIn`, whose
    // one bind value per name breaks SQLite's 999-parameter limit on fleets of a thousand targets.
    const discovering = new Set(inventory.targets.flatMap((t) => (t.discover ? [ids.get(t.name)!] : [])));
    const live = await tx.target.findMany({
      where: { removedAt: null },
      select: { id: true, name: true, discovered: true, hostId: true },
    });
    const gone = live
      .filter((r) => !ids.has(r.name) && !(r.discovered && r.hostId !== null && discovering.has(r.hostId)))
      .map((r) => r.id);
    for (let i = 0; i < gone.length; i += REMOVE_BATCH) {
      await tx.target.updateMany({
        where: { id: { in: gone.slice(i, i + REMOVE_BATCH) } },
        data: { removedAt: now },
      });
    }
  });
  return ids;
}

/** Ids per statement, well under SQLite's 999 bind parameters. */
const REMOVE_BATCH = 500;

function rank(kind: string): number {
  return kind === 'guest' ? 1 : 0;
}
