import type { Prisma } from '../db/generated/client';
import { coveringSilence } from './match';
import { toSilenceRecord } from './record';

type Tx = Prisma.TransactionClient;

/**
 * Points every open finding at the silence that covers it now (or at none), so pages and counts read one
 * column. Run in the collector's transaction each cycle and whenever a silence is created, changed or
 * expired. Resolved findings keep theirs: the export says who had silenced them.
 */
export async function assignSilences(tx: Tx, now: Date): Promise<{ changed: number }> {
  const [rows, findings] = await Promise.all([
    tx.silence.findMany({ where: { expiresAt: { gt: now } } }),
    tx.finding.findMany({
      where: { state: 'open' },
      select: {
        id: true,
        rule: true,
        subject: true,
        silenceId: true,
        target: { select: { name: true, host: { select: { name: true } } } },
      },
    }),
  ]);
  const silences = rows.map(toSilenceRecord);
  const byNewSilence = new Map<number | null, number[]>();
  for (const f of findings) {
    const s = coveringSilence(
      silences,
      { rule: f.rule, subject: f.subject, target: f.target.name, host: f.target.host?.name ?? null },
      now,
    );
    const next = s?.id ?? null;
    if (next === f.silenceId) continue;
    const ids = byNewSilence.get(next) ?? [];
    ids.push(f.id);
    byNewSilence.set(next, ids);
  }
  let changed = 0;
  for (const [silenceId, ids] of byNewSilence) {
    const r = await tx.finding.updateMany({ where: { id: { in: ids } }, data: { silenceId } });
    changed += r.count;
  }
  return { changed };
}
