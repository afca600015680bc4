import { lastCyclesAll } from '../kit/statuses';
import { defineCheck } from '../define';
import type { PollStatus } from '../../model';
import { MONITOR_LABEL, targetLabel } from '../remedy/context';
import { sshTestCommand } from '../remedy/ssh-steps';

const INVALID = ['parse-error', 'probe-failed'] as const;

interface Facts {
  /** the failing cycles' statuses, newest first */
  statuses: PollStatus[];
  lastStatus: PollStatus;
  lastError: string | null;
}

/** The target answers, but the last N probes could not be run or parsed. */
export const probeOutputInvalid = defineCheck<Facts>({
  id: 'probe-output-invalid',
  title: 'Probe output invalid',
  when: 'The last `unreachableCycles` (3) polls all ended in parse-error or probe-failed.',
  severities: 'warning',
  fix: 'silence login-script output; make sure sh and coreutils are there',
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
  remediate(hit, ctx) {
    return {
      summary: `Make ${ctx.target.name} answer the probe with clean output`,
      steps: [
        {
          description:
            'A non-interactive SSH command must print nothing but its own output. If this prints anything, a login ' +
            'script (motd, echo in .bashrc/.profile, a forced command) corrupts the probe output: remove it.',
          runOn: MONITOR_LABEL,
          command: `${sshTestCommand(ctx, 'true')} | od -c | head -5`,
        },
        {
          description:
            'The probe runs as a POSIX shell script on stdin: /bin/sh and coreutils must be present.',
          runOn: MONITOR_LABEL,
          command: sshTestCommand(ctx, 'command -v sh cat uname'),
        },
        {
          description: `If both are clean, the probe output is not what the parser expects (last error: ${hit.facts.lastError ?? 'none'}); report it with the output of the probe on ${ctx.target.name}.`,
          runOn: targetLabel(ctx),
        },
      ],
      restartRequired: false,
    };
  },
});
