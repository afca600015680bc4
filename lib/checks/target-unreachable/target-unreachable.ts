import { lastCyclesAll } from '../kit/statuses';
import { defineCheck } from '../define';
import type { PollStatus } from '../../model';
import { hostLabel, libvirtUriFor, MONITOR_LABEL, sshAccessFor, targetLabel } from '../remedy/context';
import { virsh } from '../remedy/libvirt';
import { shellJoin } from '../remedy/shell-quote';
import { sshTestCommand } from '../remedy/ssh-steps';
import type { RemediationStep } from '../remedy/types';

const UNREACHABLE = ['timeout', 'refused', 'auth-failed'] as const;

interface Facts {
  /** the failing cycles' statuses, newest first */
  statuses: PollStatus[];
  lastStatus: PollStatus;
  lastError: string | null;
  hostName: string | null;
  domain: string | null;
}

/** The last N poll cycles all failed to reach the target. */
export const targetUnreachable = defineCheck<Facts>({
  id: 'target-unreachable',
  title: 'Target unreachable',
  when: 'The last `unreachableCycles` (3) polls all failed with timeout / refused / auth-failed.',
  severities: 'warning',
  fix: 'check the guest runs, the SSH port answers and the monitoring key is authorised',
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
  remediate(hit, ctx) {
    const status = hit.facts.lastStatus;
    const a = sshAccessFor(ctx);
    const steps: RemediationStep[] = [];
    if (ctx.target.kind === 'guest' && ctx.target.domainName) {
      steps.push({
        description: 'Check that the guest is running.',
        runOn: hostLabel(ctx),
        command: virsh(libvirtUriFor(ctx).uri, 'domstate', '--domain', ctx.target.domainName),
      });
    }
    if (status === 'auth-failed') {
      steps.push({
        description: `Authentication failed: make sure the monitoring public key is in ~${a.user}/.ssh/authorized_keys on the target and that the key file is readable here.`,
        runOn: targetLabel(ctx),
      });
    } else {
      steps.push({
        description: `Check that the SSH port answers${a.via ? ` (run it on ${a.via}, which the collector jumps through)` : ''}.`,
        runOn: a.via ? `host ${a.via}` : MONITOR_LABEL,
        command: shellJoin(['nc', '-vz', '-w', '5', a.address, String(a.port)]),
      });
      if (status === 'refused') {
        steps.push({
          description:
            'Connection refused: start the SSH server on the target (from its console) and check the firewall.',
          runOn: targetLabel(ctx),
          command: 'systemctl enable --now sshd || systemctl enable --now ssh',
        });
      }
    }
    steps.push({
      description: 'Try the connection the way the collector does; it must print "ok" without prompting.',
      runOn: MONITOR_LABEL,
      command: sshTestCommand(ctx, 'echo ok'),
    });
    return {
      summary: `Restore SSH access to ${ctx.target.name} (${status})`,
      steps,
      restartRequired: false,
      note: `Last error: ${hit.facts.lastError ?? status}.`,
    };
  },
});
