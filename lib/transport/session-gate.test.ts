import { describe, expect, it } from 'vitest';
import { SessionGate } from './session-gate';

describe('SessionGate', () => {
  it('lets `limit` sessions in at once and the next one in when one leaves', async () => {
    const gate = new SessionGate(2);
    const a = await gate.enter().ready;
    const b = await gate.enter().ready;
    const third = gate.enter();
    let entered = false;
    void third.ready.then(() => (entered = true));
    await Promise.resolve();
    expect(entered).toBe(false);
    expect([gate.inUse, gate.queued]).toEqual([2, 1]);
    a();
    a(); // releasing twice gives back one session only
    const c = await third.ready;
    expect(entered).toBe(true);
    expect([gate.inUse, gate.queued]).toEqual([2, 0]);
    b();
    c();
    expect(gate.inUse).toBe(0);
  });

  it('withdraws a waiting request on cancel, so it never takes a session', async () => {
    const gate = new SessionGate(1);
    const first = await gate.enter().ready;
    const waiting = gate.enter();
    waiting.cancel();
    expect(gate.queued).toBe(0);
    first();
    expect(gate.inUse).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new SessionGate(0)).toThrow(/≥ 1/);
  });
});
