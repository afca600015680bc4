import type { Db } from '../db/client';

/** Open findings per target name. */
export async function countOpenFindingsByTarget(db: Db): Promise<Map<string, number>> {
  const rows = await db.finding.groupBy({
    by: ['targetId'],
    where: { state: 'open' },
    _count: { _all: true },
  });
  const targets = await db.target.findMany({
    where: { id: { in: rows.map((r) => r.targetId) } },
    select: { id: true, name: true },
  });
  const names = new Map(targets.map((t) => [t.id, t.name]));
  return new Map(rows.map((r) => [names.get(r.targetId) ?? String(r.targetId), r._count._all]));
}
