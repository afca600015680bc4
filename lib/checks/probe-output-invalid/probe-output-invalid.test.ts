import { describe, expect, it } from 'vitest';
import { probeOutputInvalid } from './probe-output-invalid';
import { context, statuses, target } from '../../../test/support/check-builders';
import type { PollStatus } from '../types';

const ctxWith = (...list: PollStatus[]) => context({ target: target({ recentStatuses: statuses(...list) }) });

describe('probe-output-invalid', () => {
  it('fires after N parse-error/probe-failed cycles, not after N-1', () => {
    expect(probeOutputInvalid.evaluate(ctxWith('parse-error', 'probe-failed'))).toEqual([]);
    expect(probeOutputInvalid.evaluate(ctxWith('parse-error', 'probe-failed', 'parse-error'))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(probeOutputInvalid.evaluate(ctxWith('parse-error', 'timeout', 'parse-error'))).toEqual([]);
  });
});
