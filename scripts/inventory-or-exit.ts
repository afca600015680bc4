import { InventoryError, loadInventory, resolveInventoryPath } from '../lib/inventory/load';
import type { Inventory } from '../lib/inventory/types';

/** Loads the inventory (--config, ENTROPY_WATCH_CONFIG, ./entropy-watch.yaml, else this machine); exits 2 with the precise error. */
export function loadInventoryOrExit(configArg?: string): Inventory {
  try {
    const configPath = resolveInventoryPath(configArg, process.env);
    return loadInventory({ configPath, env: process.env });
  } catch (e) {
    if (e instanceof InventoryError) {
      console.error(`entropy-watch: invalid inventory\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
}

/** One line saying what will be monitored. */
export function describeInventory(inventory: Inventory): string {
  return inventory.source
    ? `inventory ${inventory.source}: ${inventory.targets.length} target(s), ${inventory.webhooks.length} webhook(s)`
    : `no inventory: monitoring this machine (${inventory.targets[0]?.name}); add hosts in entropy-watch.yaml`;
}
