// Fills the e2e database the way production does: the real collector polls the e2e lab (see
// lab-fleet.ts). The cycle clock is set back so 30 days of history exist: every 6 h for a month,
// every 15 min for the last day, every 2 min for the last hour. Between cycles the fixtures change
// as a fleet does, so findings open and resolve for real.
import fs from 'node:fs';
import { runCycle } from '../../lib/collector/cycle';
import { getDb } from '../../lib/db/client';
import { syncInventory } from '../../lib/db/sync-inventory';
import { loadInventory } from '../../lib/inventory/load';
import type { Inventory } from '../../lib/inventory/types';
import { createTransport } from '../../lib/transport';
import { startLab } from '../../test/lab/lab';
import { toLabSpec } from '../../test/lab/scenario-model';
import { E2E_WEBHOOKS } from './inventory';
import { e2eScenario } from './lab-fleet';
import { E2E_TARGETS as T } from './targets';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** staleGuest turns critical this long before `now`, and its last poll is 2 h before `now`. */
const STALE_CRITICAL_SINCE = 2.5 * HOUR;

/** Cycle times, oldest first. */
export function cycleTimes(now: number): number[] {
  const times: number[] = [];
  for (let t = now - 30 * DAY; t < now - DAY; t += 6 * HOUR) times.push(t);
  for (let t = now - DAY; t < now - HOUR; t += 15 * MIN) times.push(t);
  for (let t = now - HOUR + 2 * MIN; t <= now; t += 2 * MIN) times.push(t);
  return times;
}

/** legacyGuest's entropy_avail: a legacy pool that drains over the last day and hovers low at the end. */
export function legacyEntropy(at: number, now: number, noise: number): number {
  const ageH = (now - at) / HOUR;
  if (ageH > 24) return Math.round(2300 + 700 * Math.sin(ageH / 9) + 250 * noise);
  if (ageH > 1) return Math.round(150 + (2300 - 150) * ((ageH - 1) / 23) + 200 * noise);
  return Math.round(150 + 35 * noise); // 115..185: below entropyWarn, above entropyCrit
}

/** Starts the e2e lab, polls it through its history with the real collector, stops it; returns the inventory YAML. */
export async function populateE2eData(dbUrl: string, nowDate: Date, publicUrl: string): Promise<string> {
  const now = nowDate.getTime();
  const lab = await startLab(toLabSpec(e2eScenario(E2E_WEBHOOKS)));
  const transport = createTransport();
  try {
    const inventory = loadInventory({ configPath: lab.inventoryPath, env: {} });
    const db = getDb(dbUrl);
    const targetIds = await syncInventory(db, inventory, new Date(now - 30 * DAY));
    const withoutStale: Inventory = {
      ...inventory,
      targets: inventory.targets.filter((t) => t.name !== T.staleGuest),
    };
    // The past: criticalGuest's virtio_rng driver is not loaded, unreachableGuest has its RNG unselected.
    await lab.setFixture(T.criticalGuest, { rngAvailable: '', rngCurrent: 'none', hwrng: false });
    await lab.setFixture(T.unreachableGuest, { rngCurrent: 'none' });

    const times = cycleTimes(now);
    let random = 0x2545f491;
    const noise = () => ((random = (Math.imul(random, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    for (const [i, at] of times.entries()) {
      if (at >= now - DAY && times[i - 1]! < now - DAY) {
        await lab.setFixture(T.criticalGuest, {
          rngAvailable: 'virtio_rng.0',
          rngCurrent: 'virtio_rng.0',
          hwrng: true,
        });
        await lab.setFixture(T.unreachableGuest, { rngCurrent: 'virtio_rng.0' });
      }
      // unreachableGuest stops answering for the last three cycles (each costs the poll timeout).
      if (i === times.length - 3) await lab.setBehavior(T.unreachableGuest, 'hang');
      await lab.setFixture(T.legacyGuest, { entropyAvail: legacyEntropy(at, now, noise()) });
      // staleGuest's CRNG stops being seeded in its last polls: critical, then it is no longer polled.
      if (at >= now - STALE_CRITICAL_SINCE && times[i - 1]! < now - STALE_CRITICAL_SINCE)
        await lab.setFixture(T.staleGuest, { entropyAvail: 20 });
      // staleGuest's last poll is two hours old.
      const inv = at > now - 2 * HOUR ? withoutStale : inventory;
      await runCycle({ db, inventory: inv, transport, targetIds, publicUrl, now: () => new Date(at) });
    }
    return fs.readFileSync(lab.inventoryPath, 'utf8');
  } finally {
    await transport.close();
    await lab.stop();
  }
}
