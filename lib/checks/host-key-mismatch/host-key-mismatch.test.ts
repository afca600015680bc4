import { describe, expect, it } from 'vitest';
import { hostKeyMismatch } from './host-key-mismatch';
import { hostKeyUnknown } from '../host-key-unknown/host-key-unknown';
import { context, statuses, target } from '../../../test/support/check-builders';
import type { PollStatus } from '../types';

const ctxWith = (...list: PollStatus[]) => context({ target: target({ recentStatuses: statuses(...list) }) });

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
