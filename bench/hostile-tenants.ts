// npm run bench:hostile -- [--targets 20] [--hostile 4] [--cycles 5]
// Cycle time of one lab fleet (test/lab benchLabSpec: hosts of 19 guests) through the real collector,
// first as it is, then with `--hostile` of its guests turned hostile (test/lab/hostile.ts: key floods,
// the host's identity copied, control characters and bidi overrides in every field, a 200 KiB kernel
// release). Same lab, same connections, same database; one warm-up cycle before each phase. Prints
// every cycle, the medians and their ratio (issue 11 asks for at most 2×). The lab is stopped whatever
// happens.
import { parseArgs } from 'node:util';
import { loadInventory } from '../lib/inventory/load';
import { startCollector } from '../lib/collector/service';
import { startLab } from '../test/lab/lab';
import { benchLabSpec } from '../test/lab/scenarios';
import { hostIdentity, makeHostile, type Hostility } from '../test/lab/hostile';
import type { Lab } from '../test/lab/types';
import { freshDb, type TestDb } from '../test/support/test-db';
import { spread } from './stats';

const KINDS: Hostility[] = ['key-flood', 'huge-kernel', 'bidi', 'key-flood'];

function whole(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${flag} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '20' },
    hostile: { type: 'string', default: '4' },
    cycles: { type: 'string', default: '5' },
  },
  strict: true,
});
const targets = whole('targets', values.targets, 2);
const hostile = whole('hostile', values.hostile, 1);
const cycles = whole('cycles', values.cycles, 1);

let lab: Lab | null = null;
let db: TestDb | null = null;

async function main(): Promise<void> {
  db = await freshDb('ew-bench-hostile-');
  process.env.DATABASE_URL = db.url;
  lab = await startLab(benchLabSpec(targets));
  const guests = [...lab.targets.values()].filter((t) => t.kind === 'guest').map((t) => t.name);
  const host = [...lab.targets.values()].find((t) => t.kind === 'host')?.name;
  if (!host || guests.length < hostile)
    throw new Error(`--targets ${targets} gives ${guests.length} guests, fewer than --hostile ${hostile}`);
  const inventory = { ...loadInventory({ configPath: lab.inventoryPath, env: {} }), timeoutMs: 30_000 };
  const collector = await startCollector({ db: db.db, inventory, publicUrl: 'http://ew.bench', loop: false });

  const phase = async (name: string): Promise<number[]> => {
    await collector.runOnce(); // warm-up: connections, first findings
    const times: number[] = [];
    for (let i = 0; i < cycles; i++) {
      const t0 = performance.now();
      const report = await collector.runOnce();
      times.push(performance.now() - t0);
      const failed = report.rows.filter((r) => r.status !== 'ok').map((r) => `${r.target}: ${r.status}`);
      if (failed.length > 0) throw new Error(`${name}: not every target answered: ${failed.join(', ')}`);
    }
    const open = await db!.db.finding.count({ where: { state: 'open' } });
    console.log(
      `${name.padEnd(9)} cycles (ms): ${times.map((t) => t.toFixed(0)).join(' ')}  open findings: ${open}`,
    );
    return times;
  };

  console.log(
    `fleet: ${targets} targets (1 host per 19 guests), ${cycles} timed cycles per phase, ${hostile} hostile guests`,
  );
  const clean = spread(await phase('clean'));
  const identity = await hostIdentity(lab, host);
  for (let i = 0; i < hostile; i++) await makeHostile(lab, guests[i]!, KINDS[i % KINDS.length]!, identity);
  const hostileSpread = spread(await phase('hostile'));
  await collector.stop();
  console.log(
    `median cycle: clean ${clean.median.toFixed(0)} ms, hostile ${hostileSpread.median.toFixed(0)} ms`,
  );
  console.log(
    `ratio hostile/clean: ${(hostileSpread.median / clean.median).toFixed(2)}x (acceptance: at most 2x)`,
  );
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  })
  .finally(async () => {
    await lab?.stop().catch(() => undefined);
    await db?.cleanup().catch(() => undefined);
  });
