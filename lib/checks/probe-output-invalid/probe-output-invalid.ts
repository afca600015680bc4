import { lastCyclesAll } from './statuses';
import type { Rule } from './types';

const INVALID = ['parse-error', 'probe-failed'] as const;

/** The target answers, but the last N probes could not be run or parsed. */
export const probeOutputInvalid: Rule = {
  id: 'probe-output-invalid',
  title: 'Probe output invalid',
  reason:
    'The target accepts the SSH connection but the probe fails or prints something the parser ' +
    'refuses, so no entropy or disk data arrives and every other rule stays silent for it. Without this ' +
    'finding such a target would look quiet rather than blind.',
  source: 'Entropy Watch probe (lib/probe): statuses parse-error and probe-failed',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['statuses'],
  evaluate(ctx) {
    const cycles = lastCyclesAll(ctx.target, ctx.config.unreachableCycles, INVALID);
    const latest = cycles?.[0];
    if (!cycles || !latest) return [];
    return [
      {
        subject: '',
        severity: 'warning',
        summary: `probe ${latest.status} for ${cycles.length} cycles: ${latest.error ?? 'no message'}`,
        detail: `statuses ${cycles.map((c) => c.status).join(', ')}; last error: ${latest.error ?? 'none'}`,
        facts: { statuses: cycles.map((c) => c.status), lastStatus: latest.status, lastError: latest.error },
      },
    ];
  },
};
