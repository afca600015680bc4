import { describe, expect, it } from 'vitest';
import { hostKeyMismatch } from './host-key-mismatch/host-key-mismatch';
import { hostKeyUnknown } from './host-key-unknown/host-key-unknown';
import { probeOutputInvalid } from './probe-output-invalid/probe-output-invalid';
import { targetUnreachable } from './target-unreachable/target-unreachable';
import { config, context, statuses, target } from '../../test/support/check-builders';
import type { PollStatus } from './types';

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

describe('probe-output-invalid', () => {
  it('fires after N parse-error/probe-failed cycles, not after N-1', () => {
    expect(probeOutputInvalid.evaluate(ctxWith('parse-error', 'probe-failed'))).toEqual([]);
    expect(probeOutputInvalid.evaluate(ctxWith('parse-error', 'probe-failed', 'parse-error'))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(probeOutputInvalid.evaluate(ctxWith('parse-error', 'timeout', 'parse-error'))).toEqual([]);
  });
});

describe('host-key-mismatch / host-key-unknown', () => {
  it('look at the latest status only', () => {
    expect(hostKeyMismatch.evaluate(ctxWith('host-key-mismatch'))).toEqual([
      expect.objectContaining({ severity: 'critical' }),
    ]);
    expect(hostKeyMismatch.evaluate(ctxWith('ok', 'host-key-mismatch'))).toEqual([]);
    expect(hostKeyUnknown.evaluate(ctxWith('host-key-unknown'))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(hostKeyUnknown.evaluate(ctxWith('host-key-mismatch'))).toEqual([]);
    expect(hostKeyUnknown.evaluate(ctxWith())).toEqual([]);
  });

  it('stay open through timeouts and refusals, which never reach key exchange', () => {
    // A dropped poll says nothing about the key: resolving here would re-alert on the next poll.
    expect(hostKeyMismatch.evaluate(ctxWith('timeout', 'host-key-mismatch'))).toEqual([
      expect.objectContaining({ severity: 'critical' }),
    ]);
    expect(hostKeyMismatch.evaluate(ctxWith('refused', 'timeout', 'host-key-mismatch'))).toHaveLength(1);
    expect(hostKeyUnknown.evaluate(ctxWith('timeout', 'host-key-unknown'))).toHaveLength(1);
    // auth-failed and ok come after key exchange: the key was accepted.
    expect(hostKeyMismatch.evaluate(ctxWith('auth-failed', 'host-key-mismatch'))).toEqual([]);
    expect(hostKeyMismatch.evaluate(ctxWith('timeout', 'ok', 'host-key-mismatch'))).toEqual([]);
    expect(hostKeyMismatch.evaluate(ctxWith('timeout', 'timeout'))).toEqual([]);
  });
});
