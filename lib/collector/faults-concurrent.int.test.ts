// Any number of processes on one SQLite file: a running collector loop, a web-like reader and five
// `collect --once` started at the same moment, against the lab. Nothing fails: nothing to migrate means
// no schema engine and no exclusive lock, and writers wait their turn (busy timeout, BEGIN IMMEDIATE).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import type { Lab } from '../../test/lab/types';
import { killHard, spawnCollect, until, type CollectorProcess } from '../../test/support/collector-process';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-conc-'));
const url = `file:${path.join(dir, 'shared.db')}`;
let lab: Lab;
let daemon: CollectorProcess | undefined;

beforeAll(async () => {
  lab = await startLab({
    hosts: [
      { name: 'kvm-c1', guests: [{ name: 'web-c1', via: true }, { name: 'db-c1' }] },
      { name: 'kvm-c2', rngCurrent: 'none' },
    ],
    // A generous per-target budget: six collectors share two cores with whatever else runs.
    inventory: { interval: '1s', timeout: '20s' },
  });
}, 180_000);

afterAll(async () => {
  if (daemon) await killHard(daemon);
  await lab?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('many processes on one database', () => {
  it('a collector loop, a reader and 5 concurrent collect --once: zero failures', async () => {
    daemon = spawnCollect(['--config', lab.inventoryPath], url);
    const d = daemon;
    await until('the first cycle of the loop', () => /collector: cycle \d+:/.test(d.output()), 120_000);

    const reader = spawn(process.execPath, ['--import', 'tsx', 'test/support/db-reader.ts'], {
      env: { ...process.env, DATABASE_URL: url, DURATION_MS: '8000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let readerOut = '';
    reader.stdout.on('data', (c: Buffer) => (readerOut += c.toString('utf8')));
    reader.stderr.on('data', (c: Buffer) => (readerOut += c.toString('utf8')));
    const readerDone = new Promise<number | null>((r) => reader.once('exit', r));

    const once = Array.from({ length: 5 }, () =>
      spawnCollect(['--once', '--config', lab.inventoryPath], url),
    );
    const codes = await Promise.all(once.map((p) => p.exited));
    for (const [i, p] of once.entries()) {
      expect(codes[i], p.output()).toBe(0);
      expect(p.output()).toMatch(/^cycle \d+: 4 targets, /m);
      expect(p.output()).not.toMatch(/locked|timed out|cannot migrate/i);
    }
    expect(await readerDone, readerOut).toBe(0);
    const reads = JSON.parse(readerOut.trim().split('\n').at(-1)!) as { reads: number; errors: number };
    expect(reads.errors, readerOut).toBe(0);
    expect(reads.reads).toBeGreaterThan(0);

    // The loop kept cycling beside them, without one failed cycle.
    const cyclesBefore = (d.output().match(/collector: cycle \d+:/g) ?? []).length;
    await until(
      'one more cycle of the loop',
      () => (d.output().match(/collector: cycle \d+:/g) ?? []).length > cyclesBefore,
    );
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    daemon = undefined;
    expect(d.output()).not.toMatch(/cycle failed|delivery loop error|job .* failed/);

    const db = new Database(url.replace(/^file:/, ''), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(
        db
          .prepare(
            `SELECT targetId, rule, subject FROM Finding WHERE state = 'open' GROUP BY targetId, rule, subject HAVING count(*) > 1`,
          )
          .all(),
      ).toEqual([]);
      const runs = db
        .prepare(`SELECT count(*) AS n FROM CollectorRun WHERE error IS NULL AND finishedAt IS NOT NULL`)
        .get() as { n: number };
      expect(runs.n).toBeGreaterThanOrEqual(7);
      console.log(`concurrency test: ${runs.n} clean runs, reader ${reads.reads} reads, 0 errors`);
    } finally {
      db.close();
    }
  }, 300_000);
});
