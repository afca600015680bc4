import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Domain, Observation } from '../probe/types';
import { registerProvider } from './providers/dialect';
import type { Db } from './client';
import { CHUNK, recordPolls, type PollRecord } from './record-poll';
import { freshDb, type TestDb } from '../../test/support/test-db';

let t: TestDb;
beforeEach(async () => {
  t = await freshDb('ew-record-');
});
afterEach(async () => t.cleanup());

const HOUR = 3_600_000;
const base = Date.UTC(2026, 10, 21, 10, 0, 0);
const obs = (entropyAvail: number): Observation =>
  ({ entropyAvail, poolsize: 4096, uptimeSec: 100, fieldErrors: {}, host: null }) as unknown as Observation;
const domain = (cacheMode: string): Domain => ({
  name: 'web-01',
  uuid: null,
  state: 'running',
  genid: null,
  disks: [
    {
      target: 'vda',
      type: 'file',
      device: 'disk',
      source: '/x',
      driverType: 'qcow2',
      cacheMode,
      ioMode: null,
      discard: null,
    },
  ],
  rngs: [],
});

async function poll(targetId: number, runId: number, atMs: number, p: Partial<PollRecord>) {
  await recordPolls(t.db, runId, [
    { targetId, at: new Date(atMs), status: 'ok', error: null, durationMs: 5, observation: null, ...p },
  ]);
}

describe('recordPolls', () => {
  it("stores one cycle of more guests with domains than SQLite's 999 bind values", async () => {
    const run = await t.db.collectorRun.create({ data: { startedAt: new Date(base) } });
    await t.db.target.createMany({
      data: Array.from({ length: 1200 }, (_, i) => ({ name: `g-${i}`, kind: 'guest' })),
    });
    const ids = (await t.db.target.findMany({ select: { id: true } })).map((r) => r.id);
    const cycle = (atMs: number, cache: string) =>
      recordPolls(
        t.db,
        run.id,
        ids.map((targetId) => ({
          targetId,
          at: new Date(atMs),
          status: 'ok' as const,
          error: null,
          durationMs: 5,
          observation: obs(256),
          domain: domain(cache),
        })),
      );
    await cycle(base, 'none');
    await cycle(base + 60_000, 'none');
    expect(await t.db.domainSnapshot.count()).toBe(1200);
    expect(await t.db.sample.count()).toBe(2400);
    await cycle(base + 120_000, 'unsafe');
    expect(await t.db.domainSnapshot.count()).toBe(2400);
  }, 120_000);

  it('hands samples and snapshots to Prisma a chunk at a time (its query compiler keeps the memory of the largest statement)', async () => {
    const run = await t.db.collectorRun.create({ data: { startedAt: new Date(base) } });
    const targets = CHUNK * 2 + 200;
    await t.db.target.createMany({
      data: Array.from({ length: targets }, (_, i) => ({ name: `g-${i}`, kind: 'guest' })),
    });
    const ids = (await t.db.target.findMany({ select: { id: true } })).map((r) => r.id);
    const rows: Record<string, number[]> = { sample: [], domainSnapshot: [] };
    const count = (model: string, data: unknown) => rows[model]!.push(Array.isArray(data) ? data.length : 1);
    const spied = t.db.$extends({
      query: {
        sample: {
          async createMany({ args, query }) {
            count('sample', args.data);
            return query(args);
          },
        },
        domainSnapshot: {
          async createMany({ args, query }) {
            count('domainSnapshot', args.data);
            return query(args);
          },
        },
      },
    });
    registerProvider(spied, t.store);
    await recordPolls(
      spied as unknown as Db,
      run.id,
      ids.map((targetId) => ({
        targetId,
        at: new Date(base),
        status: 'ok' as const,
        error: null,
        durationMs: 5,
        observation: obs(256),
        domain: domain('none'),
      })),
    );
    expect(await t.db.sample.count()).toBe(targets);
    expect(await t.db.domainSnapshot.count()).toBe(targets);
    for (const model of ['sample', 'domainSnapshot']) {
      expect(rows[model]!.reduce((a, b) => a + b, 0)).toBe(targets);
      expect(Math.max(...rows[model]!)).toBeLessThanOrEqual(CHUNK);
    }
  }, 120_000);

  it('keeps the latest poll on the target, hourly rollups and snapshots only on change', async () => {
    const target = await t.db.target.create({ data: { name: 'web-01', kind: 'guest' } });
    const run = await t.db.collectorRun.create({ data: { startedAt: new Date(base) } });
    await poll(target.id, run.id, base + 1_000, { observation: obs(300), domain: domain('none') });
    await poll(target.id, run.id, base + 61_000, { observation: obs(100), domain: domain('none') });
    await poll(target.id, run.id, base + 121_000, { status: 'timeout', error: 'timed out' });
    await poll(target.id, run.id, base + HOUR + 1_000, {
      observation: obs(250),
      domain: domain('writeback'),
    });

    const latest = await t.db.target.findUniqueOrThrow({ where: { id: target.id } });
    expect([latest.lastStatus, latest.lastEntropyAvail, latest.lastPollAt?.getTime()]).toEqual([
      'ok',
      250,
      base + HOUR + 1_000,
    ]);
    const rollups = await t.db.sampleRollup.findMany({
      where: { targetId: target.id },
      orderBy: { bucket: 'asc' },
    });
    expect(
      rollups.map((r) => [r.bucket.getTime(), r.minEntropy, r.maxEntropy, r.sumEntropy, r.count, r.failures]),
    ).toEqual([
      [base, 100, 300, 400, 2, 1],
      [base + HOUR, 250, 250, 250, 1, 0],
    ]);
    const snapshots = await t.db.domainSnapshot.findMany({
      where: { targetId: target.id },
      orderBy: { at: 'asc' },
    });
    expect(snapshots.map((s) => JSON.parse(s.disks)[0].cacheMode)).toEqual(['none', 'writeback']);
    expect(await t.db.sample.count({ where: { targetId: target.id } })).toBe(4);
    const observation = await t.db.observation.findUniqueOrThrow({ where: { targetId: target.id } });
    expect(JSON.parse(observation.data).entropyAvail).toBe(250);
  });

  it('a failed poll clears the latest entropy but keeps the last observation', async () => {
    const target = await t.db.target.create({ data: { name: 'db-01', kind: 'guest' } });
    const run = await t.db.collectorRun.create({ data: { startedAt: new Date(base) } });
    await poll(target.id, run.id, base, { observation: obs(256) });
    await poll(target.id, run.id, base + 60_000, { status: 'refused', error: 'connection refused' });
    const latest = await t.db.target.findUniqueOrThrow({
      where: { id: target.id },
      include: { observation: true },
    });
    expect([latest.lastStatus, latest.lastError, latest.lastEntropyAvail]).toEqual([
      'refused',
      'connection refused',
      null,
    ]);
    expect(JSON.parse(latest.observation!.data).entropyAvail).toBe(256);
  });
});
