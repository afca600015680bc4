// npm run collect -- [--once] [--config FILE] [--collector-id ID] [--site SITE]
// --once: one cycle over all targets, stored, then a table on stdout. Exit 0 when the cycle ran
// (whatever the targets did); non-zero only for an invalid inventory, environment or database.
import { installConsoleHygiene } from '../lib/text/console-hygiene';
import { parseArgs } from 'node:util';
import { formatCycleTable } from '../lib/collector/format-table';
import { startCollector } from '../lib/collector/service';
import { boot } from '../lib/config/boot';
import { closeDb, getDb } from '../lib/db/client';
import { describeDbError } from '../lib/db/db-errors';
import { countOpenFindingsByTarget } from '../lib/queries/count-open-findings';
import { describeInventory, loadInventoryOrExit } from './inventory-or-exit';

installConsoleHygiene(); // every line printed escapes control characters (lib/text)

const { values } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    config: { type: 'string' },
    // Several collectors on one PostgreSQL: each names itself (default: the host name) and may
    // serve one site (inventory hosts with `collector: SITE`).
    'collector-id': { type: 'string' },
    site: { type: 'string' },
  },
  strict: true,
});

const inventory = loadInventoryOrExit(values.config);
const env = await boot((l) => console.error(l));
console.error(describeInventory(inventory));
const db = getDb(env.databaseUrl);
const databaseFile = env.databaseUrl.startsWith('file:') ? env.databasePath : null;
const collector = await startCollector({
  db,
  inventory,
  publicUrl: env.publicUrl,
  loop: !values.once,
  databaseFile,
  identity: { id: values['collector-id'], site: values.site ?? null },
}).catch((e: unknown) => {
  // "disk full: …" or "database is locked by another process …", in words (lib/db/db-errors).
  console.error(`entropy-watch: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});

if (values.once) {
  try {
    const report = await collector.runOnce();
    console.log(formatCycleTable(report, await countOpenFindingsByTarget(db)));
  } catch (e) {
    process.exitCode = 1;
    console.error(`entropy-watch: cycle failed: ${describeDbError(e, databaseFile).message}`);
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
