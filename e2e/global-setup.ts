import fs from 'node:fs';
import path from 'node:path';
import { migrateDatabase } from '../lib/db/migrate';
import { writeE2eInventory } from './support/inventory';
import { E2E_DB_FILE, E2E_INVENTORY_FILE } from './support/paths';
import { populateE2eData } from './support/populate';

/** A fresh migrated SQLite file filled by populateE2eData, before any spec talks to the server. */
export default async function globalSetup(): Promise<void> {
  fs.mkdirSync(path.dirname(E2E_DB_FILE), { recursive: true });
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(E2E_DB_FILE + suffix, { force: true });
  const url = `file:${E2E_DB_FILE}`;
  await migrateDatabase(url);
  await populateE2eData(url);
  writeE2eInventory(E2E_INVENTORY_FILE);
}
