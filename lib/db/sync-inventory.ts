import type { Inventory, SshTargetConfig } from '../inventory/types';
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
  // Two collectors starting at once on PostgreSQL may both create a target; the one that loses the
  // race rolls back and syncs again, finding the row the other made.
  for (let attempt = 1; ; attempt++) {
    try {
      return await syncOnce(db, inventory, now);
    } catch (e) {
      if (attempt >= 3 || !isUniqueViolation(e)) throw e;
    }
  }
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}

async function syncOnce(db: Db, inventory: Inventory, now: Date): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await db.$transaction(
    async (tx) => {
      // One read of what is stored, then writes only for what differs: a restart of a collector with
      // 10,000 unchanged targets writes nothing, where one upsert per target took longer than a
      // transaction may last on PostgreSQL.
      const stored = new Map(
        (await tx.target.findMany({ select: { ...COMPARED, id: true, name: true } })).map((r) => [r.name, r]),
      );
      // Hosts first, so guests can point at them.
      const passes = [
        inventory.targets.filter((t) => rank(t.kind) === 0),
        inventory.targets.filter((t) => rank(t.kind) === 1),
      ];
      for (const pass of passes) {
        const creates: ({ name: string } & TargetFields)[] = [];
        for (const t of pass) {
          const data = fieldsOf(t, ids);
          const row = stored.get(t.name);
          if (!row) {
            creates.push({ name: t.name, ...data });
            continue;
          }
          ids.set(t.name, row.id);
          if (differs(row, data)) await tx.target.update({ where: { id: row.id }, data });
        }
        for (let i = 0; i < creates.length; i += CREATE_BATCH) {
          const batch = creates.slice(i, i + CREATE_BATCH);
          await tx.target.createMany({ data: batch });
          const made = await tx.target.findMany({
            where: { name: { in: batch.map((c) => c.name) } },
            select: { id: true, name: true },
          });
          for (const r of made) ids.set(r.name, r.id);
        }
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
    },
    // A first start creates every target; generous, since a busy database server is slow, not wrong.
    { timeout: 120_000, maxWait: 30_000 },
  );
  return ids;
}

/** Ids per statement, well under SQLite's 999 bind parameters. */
const REMOVE_BATCH = 500;
/** New targets per INSERT: 12 columns each, so 50 rows stay under SQLite's 999 bind parameters. */
const CREATE_BATCH = 50;

/** The stored columns the inventory decides. */
const COMPARED = {
  kind: true,
  hostId: true,
  address: true,
  port: true,
  user: true,
  domain: true,
  libvirtUri: true,
  via: true,
  collector: true,
  removedAt: true,
  discovered: true,
} as const;

type TargetFields = ReturnType<typeof fieldsOf>;

function fieldsOf(t: SshTargetConfig, ids: ReadonlyMap<string, number>) {
  return {
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
}

function differs(row: { [K in keyof TargetFields]: unknown }, data: TargetFields): boolean {
  return (Object.keys(data) as (keyof TargetFields)[]).some((k) => row[k] !== data[k]);
}

function rank(kind: string): number {
  return kind === 'guest' ? 1 : 0;
}
