import { describe, expect, it } from 'vitest';
import { targetUnreachable } from './target-unreachable';
import { config, context, statuses, target } from '../../../test/support/check-builders';
import type { PollStatus } from '../types';

const ctxWith = (...list: PollStatus[]) => context({ target: target({ recentStatuses: statuses(...list) }) });

describe('target-unreachable', () => {
  it('fires after N (default 3) failed cycles, not after N-1', () => {
    expect(targetUnreachable.evaluate(ctxWith('timeout', 'refused'))).toEqual([]);
    expect(targetUnreachable.evaluate(ctxWith('timeout', 'refused', 'ok'))).toEqual([]);
    const hits = targetUnreachable.evaluate(ctxWith('timeout', 'refused', 'auth-failed', 'ok'));
    expect(hits).toEqual([expect.objectContaining({ subject: '', severity: 'warning' })]);
    expect(hits[0]?.facts).toMatchObject({
      statuses: ['timeout', 'refused', 'auth-failed'],
      lastError: 'timeout (test)',
    });
  });

  it('uses config.unreachableCycles', () => {
    const ctx = { ...ctxWith('timeout', 'timeout'), config: config({ unreachableCycles: 2 }) };
    expect(targetUnreachable.evaluate(ctx)).toHaveLength(1);
  });

  it('does not count other failures (host key, probe) as unreachable', () => {
    expect(targetUnreachable.evaluate(ctxWith('timeout', 'host-key-mismatch', 'timeout'))).toEqual([]);
  });

  it('rejects a nonsensical cycle count with a clear error', () => {
    const ctx = { ...ctxWith('timeout'), config: config({ unreachableCycles: 0 }) };
    expect(() => targetUnreachable.evaluate(ctx)).toThrow(/unreachableCycles must be a whole number/);
  });
});
