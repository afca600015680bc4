// npm run collect -- [--once] [--config FILE]
// --once: one cycle over all targets, stored, then a table on stdout. Exit 0 when the cycle ran
// (whatever the targets did); non-zero only for an invalid inventory, environment or database.
import { installConsoleHygiene } from '../lib/text/console-hygiene';
import { parseArgs } from 'node:util';
import { formatCycleTable } from '../lib/collector/format-table';
import { startCollector } from '../lib/collector/service';
import { boot } from '../lib/config/boot';
import { closeDb, getDb } from '../lib/db/client';
import { countOpenFindingsByTarget } from '../lib/queries/count-open-findings';
import { describeInventory, loadInventoryOrExit } from './inventory-or-exit';

installConsoleHygiene(); // every line printed escapes control characters (lib/text)

const { values } = parseArgs({
  options: { once: { type: 'boolean', default: false }, config: { type: 'string' } },
  strict: true,
});

const inventory = loadInventoryOrExit(values.config);
const env = await boot((l) => console.error(l));
console.error(describeInventory(inventory));
const db = getDb(env.databaseUrl);
const collector = await startCollector({ db, inventory, publicUrl: env.publicUrl, loop: !values.once });

if (values.once) {
  try {
    const report = await collector.runOnce();
    console.log(formatCycleTable(report, await countOpenFindingsByTarget(db)));
  } finally {
    await collector.stop();
    await closeDb();
  }
} else {
  console.error(
    `collector: polling ${inventory.targets.length} target(s) every ${inventory.intervalMs / 1000}s`,
  );
  const shutdown = async () => {
    await collector.stop();
    await closeDb();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
