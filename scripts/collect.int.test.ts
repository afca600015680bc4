// `npm run collect -- --once` as a user runs it: a real process, a real SQLite file, this machine.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function collect(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  delete clean.ENTROPY_WATCH_CONFIG;
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/collect.ts', '--once', ...args], {
    encoding: 'utf8',
    env: { ...clean, DATABASE_URL: `file:${path.join(dir, 'cli.db')}`, ...env },
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

    const { default: Database } = await import('better-sqlite3');
    const db = new Database(path.join(dir, 'cli.db'), { readonly: true });
    const sample = db
      .prepare(
        `SELECT s.status, s.entropyAvail, s.poolsize FROM Sample s JOIN Target t ON t.id = s.targetId WHERE t.name = ?`,
      )
      .get(hostname);
    expect(sample).toEqual({ status: 'ok', entropyAvail: 256, poolsize: 256 });
    const entropyFindings = db
      .prepare(
        `SELECT rule FROM Finding WHERE state = 'open' AND rule IN ('crng-not-ready', 'entropy-low', 'rngd-needed', 'rng-not-selected', 'rng-driver-missing')`,
      )
      .all();
    expect(entropyFindings).toEqual([]);
    db.close();
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
