import path from 'node:path';

// Shared by playwright.config.ts (server env) and global-setup.ts (creates the file).

/** The e2e database; the server opens it lazily, after global setup has created it. */
export const E2E_DB_FILE = path.resolve(process.env.E2E_DB_FILE ?? '.tmp/e2e/entropy-watch-e2e.db');

/** The inventory the server reads (thresholds, webhooks for the Alerts page); written by global setup. */
export const E2E_INVENTORY_FILE = path.resolve(
  process.env.E2E_INVENTORY_FILE ?? '.tmp/e2e/entropy-watch.yaml',
);

/** Port of the `next start` server the specs drive. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3107);

/** Screenshots land here, outside Playwright's outputDir (which is wiped on every run). */
export const SCREENSHOT_DIR = path.resolve('docs/screenshots');
