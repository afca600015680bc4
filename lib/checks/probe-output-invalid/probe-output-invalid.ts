import { lastCyclesAll } from '../kit/statuses';
import { defineCheck } from '../define';
import type { PollStatus } from '../../model';
import { MONITOR_LABEL, targetLabel } from '../remedy/context';
import { sshTestCommand } from '../remedy/ssh-steps';
import { isRefusal } from '../../probe/input-policy';
import type { RemediationPlan } from '../remedy/types';
import type { RemediationContext } from '../remedy/context';
import type { CheckContext, CheckHit } from '../types';

const INVALID = ['parse-error', 'probe-failed'] as const;

interface FailingFacts {
  kind: 'failing';
  /** the failing cycles' statuses, newest first */
  statuses: PollStatus[];
  lastStatus: PollStatus;
  lastError: string | null;
}

/** A field of the latest observation that the input policy refused (lib/probe/input-policy.ts). */
interface RefusedFacts {
  kind: 'refused';
  field: string;
  why: string;
}

type Facts = FailingFacts | RefusedFacts;

/** Subjects of refused fields: "refused:kernelRelease", "refused:holder:2301". */
export const REFUSED_SUBJECT_PREFIX = 'refused:';

/** The target answers, but the last N probes could not be run or parsed. */
export const probeOutputInvalid = defineCheck<Facts>({
  id: 'probe-output-invalid',
  title: 'Probe output invalid',
  when:
    'The last `unreachableCycles` (3) polls all ended in parse-error or probe-failed; or the latest probe ' +
    'reported a field the input policy refused (control characters, too long, too many), one per field.',
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
    return [...failingProbe(ctx), ...refusedFields(ctx)];
  },
  remediate(hit, ctx) {
    const facts = hit.facts;
    if (facts.kind === 'refused') return refusedPlan(facts, ctx);
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
          description: `If both are clean, the probe output is not what the parser expects (last error: ${facts.lastError ?? 'none'}); report it with the output of the probe on ${ctx.target.name}.`,
          runOn: targetLabel(ctx),
        },
      ],
      restartRequired: false,
    };
  },
});

function failingProbe(ctx: CheckContext): CheckHit<Facts>[] {
  const cycles = lastCyclesAll(ctx.target, ctx.config.unreachableCycles, INVALID);
  const latest = cycles?.[0];
  if (!cycles || !latest) return [];
  const facts: Facts = {
    kind: 'failing',
    statuses: cycles.map((c) => c.status),
    lastStatus: latest.status,
    lastError: latest.error,
  };
  return [
    {
      subject: '',
      severity: 'warning' as const,
      summary: `probe ${latest.status} for ${cycles.length} cycles: ${latest.error ?? 'no message'}`,
      detail: `statuses ${cycles.map((c) => c.status).join(', ')}; last error: ${latest.error ?? 'none'}`,
      facts,
    },
  ];
}

// A hostile or broken target trips a bound in one field: that field is named, and everything else on
// the target is still judged (the field is null, so the checks that need it stay silent).
function refusedFields(ctx: CheckContext): CheckHit<Facts>[] {
  const errors = ctx.target.observation?.fieldErrors ?? {};
  return Object.entries(errors)
    .filter(([, why]) => isRefusal(why))
    .map(([field, why]) => {
      const facts: Facts = { kind: 'refused', field, why };
      return {
        subject: `${REFUSED_SUBJECT_PREFIX}${field}`,
        severity: 'warning' as const,
        summary: `probe field ${field} ${why}`,
        detail: `The latest probe of ${ctx.target.name} reported ${field}, which was not stored: ${why}`,
        facts,
      };
    });
}

function refusedPlan(facts: RefusedFacts, ctx: RemediationContext): RemediationPlan {
  return {
    summary: `Find out why ${ctx.target.name} reports ${facts.field} that cannot be stored`,
    steps: [
      {
        description:
          `The probe refused ${facts.field}: ${facts.why}. The value was not stored; every other field of ` +
          `${ctx.target.name} is still judged. Look at the value on the machine's console: on a guest whose ` +
          'tenant you do not control, this is what a hostile or broken guest looks like, and nothing on the ' +
          'host needs to change because of it.',
        runOn: targetLabel(ctx),
      },
    ],
    restartRequired: false,
  };
}
