import type { AcceptEntry } from '../inventory/accept';
import { loadInventory } from '../inventory/load';
import type { WebhookConfig } from '../inventory/types';
import { defaultRuleConfig } from '../checks/config';
import type { RuleConfig } from '../checks/types';

export interface InventorySettings {
  rules: RuleConfig;
  webhooks: WebhookConfig[];
  /** `accept:` entries (accepted exceptions), for the stale-exception report */
  accept: AcceptEntry[];
  /** the inventory file, null for the built-in "this machine" inventory */
  source: string | null;
  /** why the inventory could not be read (the pages then show defaults and say so) */
  error: string | null;
}

/** Thresholds and webhooks from the inventory file the collector uses; defaults plus the error when it does not load. */
export function readInventorySettings(): InventorySettings {
  try {
    const inv = loadInventory();
    return {
      rules: inv.rules,
      webhooks: inv.webhooks,
      accept: inv.accept ?? [],
      source: inv.source,
      error: null,
    };
  } catch (e) {
    return {
      rules: defaultRuleConfig,
      webhooks: [],
      accept: [],
      source: null,
      error: e instanceof Error ? e.message : String(e),
    };
  }
}
