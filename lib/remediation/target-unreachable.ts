import { factString, hostLabel, libvirtUriFor, MONITOR_LABEL, sshAccessFor, targetLabel } from './context';
import { virsh } from './libvirt';
import type { Remediator } from './remediator';
import { shellJoin } from './shell-quote';
import { sshTestCommand } from './ssh-steps';
import type { RemediationStep } from './types';

export const targetUnreachableRemediation: Remediator = {
  ruleId: 'target-unreachable',
  plan(hit, ctx) {
    const status = factString(hit, 'lastStatus');
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
      summary: `Restore SSH access to ${ctx.target.name} (${status ?? 'unreachable'})`,
      steps,
      restartRequired: false,
      note: `Last error: ${factString(hit, 'lastError') ?? status ?? 'unknown'}.`,
    };
  },
};
