import { lastCyclesAll } from './statuses';
import type { Rule } from './types';

const UNREACHABLE = ['timeout', 'refused', 'auth-failed'] as const;

/** The last N poll cycles all failed to reach the target. */
export const targetUnreachable: Rule = {
  id: 'target-unreachable',
  title: 'Target unreachable',
  reason:
    'While a target cannot be reached (timeout, connection refused, authentication failed) none of its ' +
    'other rules can be judged and its open findings stay as they were. A few failed cycles in a row ' +
    '(unreachableCycles, default 3) rule out a single dropped poll.',
  source: 'Entropy Watch collector poll statuses (lib/probe/types.ts PollStatus)',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['statuses'],
  evaluate(ctx) {
    const cycles = lastCyclesAll(ctx.target, ctx.config.unreachableCycles, UNREACHABLE);
    const latest = cycles?.[0];
    if (!cycles || !latest) return [];
    const kinds = [...new Set(cycles.map((c) => c.status))];
    return [
      {
        subject: '',
        severity: 'warning',
        summary: `unreachable for ${cycles.length} cycles (${kinds.join(', ')})`,
        detail: `last error: ${latest.error ?? latest.status}; failing since ${cycles[cycles.length - 1]?.at.toISOString()}`,
        facts: {
          statuses: cycles.map((c) => c.status),
          lastStatus: latest.status,
          lastError: latest.error,
          hostName: ctx.target.hostName,
          domain: ctx.target.domainName,
        },
      },
    ];
  },
};
