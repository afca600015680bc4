// `npm run collect -- --once` as a user runs it: a real process, a real database (SQLite, or PostgreSQL in integration-pg), this machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../lib/db/client';
import { type EmptyDb, freshDbUrl } from '../test/support/test-db';

let store: EmptyDb;
let dir = '';
beforeAll(async () => {
  store = await freshDbUrl('ew-cli-');
  dir = store.dir;
});
afterAll(async () => {
  await closeDb();
  await store?.drop();
});

function collect(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.ENTROPY_WATCH_CONFIG;
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/collect.ts', '--once', ...args], {
    encoding: 'utf8',
    env: { ...clean, DATABASE_URL: store.url, ...env },
    timeout: 60_000,
  });
}

describe('npm run collect -- --once', () => {
  it('with no inventory stores a sample of this machine and finds no entropy problem', async () => {
    const r = collect([]);
    expect(r.stderr).toMatch(/no inventory: monitoring this machine/);
    expect(r.status).toBe(0);
    const hostname = os.hostname();
    const line = r.stdout.split('\n').find((l) => l.startsWith(hostname));
    // This machine: a VM with kernel 6.x, entropy 256/256 and virtio_rng.0.
    expect(line).toMatch(/\blocal\s+ok\s+256\/256\s+virtio_rng\.0\b/);

    const db = getDb(store.url);
    const sample = await db.sample.findFirst({
      where: { target: { name: hostname } },
      select: { status: true, entropyAvail: true, poolsize: true },
    });
    expect(sample).toEqual({ status: 'ok', entropyAvail: 256, poolsize: 256 });
    const entropyFindings = await db.finding.findMany({
      where: {
        state: 'open',
        rule: {
          in: ['crng-not-ready', 'entropy-low', 'rngd-needed', 'rng-not-selected', 'rng-driver-missing'],
        },
      },
      select: { rule: true },
    });
    expect(entropyFindings).toEqual([]);
  });

  it('exits 2 with the file, line and field of a broken inventory', () => {
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'hosts:\n  - name: kvm-01\n    address: 10.0.0.1\n    port: ssh\n');
    const r = collect(['--config', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:4:5: hosts[0].port: expected an integer 1-65535, got "ssh"`);
    // An invalid inventory stops before anything touches the database.
    expect(r.stderr).not.toMatch(/^database /m);
  });

  it('exits 1 with one line naming DATABASE_URL when it is neither a file nor a PostgreSQL URL', () => {
    const r = collect([], { DATABASE_URL: 'mysql://db.example/ew' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'entropy-watch: DATABASE_URL must be a SQLite file URL like "file:./data/entropy-watch.db" or a PostgreSQL URL like "postgresql://user:password@host:5432/entropy_watch", got "mysql://db.example/ew"',
    );
  });

  it('exits 1 naming DATABASE_URL when its directory cannot be created', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, '');
    const r = collect([], { DATABASE_URL: `file:${blocker}/sub/ew.db` });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(
      /^entropy-watch: DATABASE_URL points to ".*sub\/ew\.db", which cannot be written \(.*\); choose a writable path$/,
    );
  });
});
