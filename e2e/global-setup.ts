import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '../lib/db/migrate';
import { prepareE2eAuth } from './support/auth';
import { E2E_NOW } from './support/clock';
import { E2E_DB_FILE, E2E_INVENTORY_FILE, E2E_PORT } from './support/paths';
import { populateE2eData } from './support/populate';

/** A fresh database filled by the real collector polling the e2e lab, before any spec talks to the server. */
export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(path.dirname(E2E_DB_FILE), { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(E2E_DB_FILE + suffix, { force: true });
  const url = `file:${E2E_DB_FILE}`;
  await migrateDatabase(url);
  const started = Date.now();
  const inventoryYaml = await populateE2eData(url, E2E_NOW, `http://127.0.0.1:${E2E_PORT}`);
  // The server reads the same inventory (thresholds, webhooks) the collector used.
  fs.writeFileSync(E2E_INVENTORY_FILE, inventoryYaml);
  console.log(`e2e data: lab polled by the collector in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Users, signed-in states and tokens (e2e/support/auth.ts): every spec runs signed in as admin by default.
  await prepareE2eAuth(url, `http://127.0.0.1:${E2E_PORT}`);
}
