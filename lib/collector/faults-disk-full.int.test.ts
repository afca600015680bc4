// A full disk on a small tmpfs (mounted here, as root): the collector loop says "disk full" once in
// its log and /api/health's getHealth says it too, keeps going without a crash or a flood of lines, and
// recovers by itself when space comes back; `collect --once` started on the full disk says "disk full".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import type { Lab } from '../../test/lab/types';
import { killHard, spawnCollect, until, type CollectorProcess } from '../../test/support/collector-process';
import { closeDb, getDb } from '../db/client';
import { getHealth } from '../queries/get-health';

const mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-full-'));
const file = path.join(mountDir, 'full.db');
const filler = path.join(mountDir, 'filler');
let mounted = false;
let lab: Lab;
let daemon: CollectorProcess | undefined;

/** Writes zeros into `filler` until the filesystem refuses (ENOSPC). */
function fillDisk(): void {
  const fd = fs.openSync(filler, 'a');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) {
      try {
        fs.writeSync(fd, block);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
        if (block.length === 1) break;
        return fillRest(fd);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
function fillRest(fd: number): void {
  for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
    const b = Buffer.alloc(size);
    for (;;) {
      try {
        fs.writeSync(fd, b);
      } catch {
        break;
      }
    }
  }
}

beforeAll(async () => {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountDir]);
  mounted = true;
  lab = await startLab({
    hosts: [{ name: 'kvm-d1', guests: [{ name: 'web-d1', via: true }] }, { name: 'kvm-d2' }],
    inventory: { interval: '1s', timeout: '20s' },
  });
}, 180_000);

afterAll(async () => {
  if (daemon) await killHard(daemon);
  await closeDb();
  await lab?.stop();
  if (mounted) execFileSync('umount', ['-l', mountDir]);
  fs.rmSync(mountDir, { recursive: true, force: true });
});

const cycles = (p: CollectorProcess) => (p.output().match(/collector: cycle \d+:/g) ?? []).length;
const diskFullLines = (p: CollectorProcess) =>
  p
    .output()
    .split('\n')
    .filter((l) => /disk full/.test(l));

describe('disk full', () => {
  it('is said once in the log and in health until it clears, then the collector resumes by itself', async () => {
    const url = `file:${file}`;
    daemon = spawnCollect(['--config', lab.inventoryPath], url);
    const d = daemon;
    await until('the first cycle', () => cycles(d) >= 1, 120_000);

    fillDisk();
    await until('the loop to meet the full disk', () => diskFullLines(d).length > 0, 120_000);
    const db = getDb(url);
    const full = await getHealth(db, new Date(), { databaseFile: file });
    expect(full.status).toBe('degraded');
    expect(full.database.error).toMatch(/^disk full: /);
    // Several more intervals on the full disk: still one line, no crash.
    const failedAt = d.output().length;
    await new Promise((r) => setTimeout(r, 5_000));
    expect(d.child.exitCode).toBeNull();
    expect(diskFullLines(d)).toHaveLength(1);
    expect(d.output().slice(failedAt)).not.toMatch(/cycle failed|delivery loop error|disk I\/O error/);

    fs.rmSync(filler);
    const before = cycles(d);
    await until('a cycle after space came back', () => cycles(d) > before, 120_000);
    expect(d.output()).toMatch(/database: disk space available again; writing resumed/);
    const healthy = await getHealth(db, new Date(), { databaseFile: file });
    expect(healthy.database.error).toBeUndefined();
    await closeDb();
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    daemon = undefined;
    console.log(`disk-full test: log lines about the full disk: ${diskFullLines(d).length}`);
  }, 300_000);

  it('collect --once on a full disk says "disk full", not "disk I/O error"', async () => {
    // The database exists (the test above made it); its WAL has no room left either once it is full.
    fillDisk();
    try {
      const once = spawnCollect(['--once', '--config', lab.inventoryPath], `file:${file}`);
      const code = await once.exited;
      const out = once.output();
      if (code === 0) {
        // Every write of the cycle fit into space SQLite already had: then nothing failed to say.
        expect(out).toMatch(/^cycle \d+: /m);
      } else {
        expect(out).toMatch(/entropy-watch: .*disk full: /);
        expect(out).not.toMatch(/^(?!.*disk full).*disk I\/O error/m);
      }
      console.log(
        `disk-full --once: exit ${code}: ${out
          .split('\n')
          .filter((l) => /entropy-watch:/.test(l))
          .join(' | ')}`,
      );
    } finally {
      fs.rmSync(filler, { force: true });
    }
  }, 300_000);
});
