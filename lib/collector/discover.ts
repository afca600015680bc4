import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import type { SshTargetConfig } from '../inventory/types';
import type { Observation } from '../probe/types';

// Discovery (`discover: true` on a host, docs/inventory.md): every domain of the host that no inventory
// guest claims becomes a fleet member of its own, a guest in host view (never polled, no address), so
// its findings, silences and history belong to it rather than to the host. A domain that disappears
// marks its member removed (history kept, open findings resolve as for inventory targets); one that
// comes back is the same member again.

/** A discovered member: its fleet name and the domain it stands for. */
export interface DiscoveredMember {
  name: string;
  domain: string;
}

/**
 * The fleet name of a discovered domain: "<domain>.<host>", unique across hosts and within the
 * inventory's name alphabet (letters, digits, ".", "_", "-"; up to 128), since names travel in URLs and
 * exports. A domain name with other characters, or too long, gets them as "-" and a hash of the real name.
 */
export function discoveredName(host: string, domain: string): string {
  const plain = domain.replace(/[^A-Za-z0-9._-]/g, '-');
  const room = 128 - host.length - 1;
  if (plain === domain && plain.length <= room) return `${domain}.${host}`;
  const hash = createHash('sha256').update(domain).digest('hex').slice(0, 8);
  return `${plain.slice(0, Math.max(1, room - 9))}-${hash}.${host}`;
}

/**
 * The members a `discover: true` host has after this poll, or null when the poll does not say (it
 * failed, or the domain list could not be read): then nothing is added or removed.
 */
export function planDiscovery(
  host: SshTargetConfig,
  observation: Observation | null,
  inventory: readonly SshTargetConfig[],
): DiscoveredMember[] | null {
  if (!host.discover || !observation?.host || observation.fieldErrors.domains !== undefined) return null;
  const claimed = new Set(
    inventory.filter((t) => t.kind === 'guest' && t.hostName === host.name).map((t) => t.domain ?? t.name),
  );
  const seen = new Set<string>();
  const members: DiscoveredMember[] = [];
  for (const d of observation.host.domains) {
    if (claimed.has(d.name) || seen.has(d.name)) continue;
    seen.add(d.name);
    members.push({ name: discoveredName(host.name, d.name), domain: d.name });
  }
  return members;
}

/**
 * Makes the host's discovered targets match `members`: adds or revives each (never taking over a
 * name the inventory uses), marks the ones whose domain is gone as removed. Returns what changed.
 */
export async function syncDiscovered(
  db: Db,
  hostId: number,
  members: readonly DiscoveredMember[],
  now: Date,
): Promise<{ added: string[]; removed: string[] }> {
  return db.$transaction(async (tx) => {
    const names = members.map((m) => m.name);
    const [existing, taken] = await Promise.all([
      tx.target.findMany({
        where: { hostId, discovered: true },
        select: { name: true, removedAt: true },
      }),
      tx.target.findMany({ where: { name: { in: names }, discovered: false }, select: { name: true } }),
    ]);
    const current = new Set(existing.filter((t) => t.removedAt === null).map((t) => t.name));
    const inventoryNames = new Set(taken.map((t) => t.name));
    const added: string[] = [];
    for (const m of members) {
      if (inventoryNames.has(m.name) || current.has(m.name)) continue;
      const data = { kind: 'guest', hostId, domain: m.domain, address: null, port: null, discovered: true };
      await tx.target.upsert({
        where: { name: m.name },
        create: { name: m.name, ...data },
        update: { ...data, removedAt: null },
      });
      added.push(m.name);
    }
    const keep = new Set(names);
    const removed = [...current].filter((n) => !keep.has(n));
    if (removed.length > 0)
      await tx.target.updateMany({ where: { name: { in: removed } }, data: { removedAt: now } });
    return { added, removed };
  });
}
