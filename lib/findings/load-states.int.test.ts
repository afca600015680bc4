import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { loadTargetStates } from './load-states';

let t: TestDb;
beforeEach(async () => {
  t = await freshDb('ew-states-');
});
afterEach(async () => t.cleanup());

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe('loadTargetStates', () => {
  it('remembers the last N polls however long the collector was down, newest first', async () => {
    const now = new Date('2026-11-21T12:00:00Z');
    const target = await t.db.target.create({
      data: { name: 'web-01', kind: 'guest', lastStatus: 'timeout' },
    });
    const old = now.getTime() - 2 * DAY;
    for (let i = 0; i < 4; i++) {
      await t.db.sample.create({
        data: {
          targetId: target.id,
          at: new Date(old + i * MIN),
          status: i === 0 ? 'ok' : 'timeout',
          error: null,
        },
      });
    }
    // A poll after `now` (a later cycle) is not part of the judgement at `now`.
    await t.db.sample.create({
      data: { targetId: target.id, at: new Date(now.getTime() + MIN), status: 'ok' },
    });
    const [state] = await loadTargetStates(t.db, now, { statusDepth: 3 });
    expect(state!.state.recentStatuses.map((s) => [s.at.getTime() - old, s.status])).toEqual([
      [3 * MIN, 'timeout'],
      [2 * MIN, 'timeout'],
      [1 * MIN, 'timeout'],
    ]);
    expect(state!.fresh).toBe(false);
  });
});
