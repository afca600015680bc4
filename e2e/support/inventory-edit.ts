// Specs that add a host of their own to the server's inventory file (the server reads it per request).
// Specs in two workers may do so at once: each edit is a read-modify-write under a lock directory, and
// a spec removes only its own host afterwards (restoring a snapshot would drop another spec's host).
import fs from 'node:fs';
import { parseDocument, type Document } from 'yaml';
import { E2E_INVENTORY_FILE } from './paths';

const LOCK = `${E2E_INVENTORY_FILE}.lock.d`;

async function locked<T>(fn: () => T): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`inventory lock ${LOCK} held for 60 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

function edit(fn: (doc: Document) => void): Promise<void> {
  return locked(() => {
    const doc = parseDocument(fs.readFileSync(E2E_INVENTORY_FILE, 'utf8'));
    fn(doc);
    // Written whole and renamed: the server never reads half a file.
    fs.writeFileSync(`${E2E_INVENTORY_FILE}.tmp`, doc.toString());
    fs.renameSync(`${E2E_INVENTORY_FILE}.tmp`, E2E_INVENTORY_FILE);
  });
}

/** Adds a host entry (as the inventory YAML spells it) to the server's inventory. */
export function addInventoryHost(host: Record<string, unknown>): Promise<void> {
  return edit((doc) => doc.addIn(['hosts'], host));
}

/** Removes the host named `name` (and its guests) from the server's inventory. */
export function removeInventoryHost(name: string): Promise<void> {
  return edit((doc) => {
    const hosts = doc.get('hosts') as { items: { get(k: string): unknown }[] } | undefined;
    const i = hosts?.items.findIndex((h) => h.get('name') === name) ?? -1;
    if (i >= 0) doc.deleteIn(['hosts', i]);
  });
}
