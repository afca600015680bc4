import { hostKeyVerdictHits, type HostKeyFacts } from '../kit/statuses';
import { defineCheck } from '../define';
import { consoleFingerprintStep, pinKeySteps } from '../remedy/ssh-steps';

type Facts = HostKeyFacts;

/** The target presented a host key other than the pinned one. */
export const hostKeyMismatch = defineCheck<Facts>({
  id: 'host-key-mismatch',
  title: 'SSH host key changed',
  when: 'The latest poll that reached key exchange (timeouts and refusals skipped) was refused because the target presented a key other than the pinned one.',
  severities: 'critical',
  fix: 'verify the new key out of band (console), then re-pin it',
  reason:
    'The target presented an SSH host key other than the one pinned in known_hosts. Either it was ' +
    'reinstalled or its keys were regenerated, or something is intercepting the connection. Entropy ' +
    'Watch refuses the connection (no data arrives) until an operator verifies the new key out of band.',
  source: 'OpenSSH known_hosts pinning, sshd(8) SSH_KNOWN_HOSTS FILE FORMAT; ssh-keygen(1) -R, -lf',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['statuses'],
  evaluate: (ctx) =>
    hostKeyVerdictHits(
      ctx.target,
      'host-key-mismatch',
      'critical',
      'SSH host key differs from the pinned key; connection refused',
    ),
  remediate(_hit, ctx) {
    return {
      summary: `Verify ${ctx.target.name}'s new SSH host key out of band, then re-pin it`,
      steps: [
        {
          description:
            'Do not accept the new key blindly. Find out why it changed (reinstall, key rotation); if nobody changed it, treat it as an interception attempt.',
        },
        consoleFingerprintStep(ctx, 'console (hypervisor console, IPMI or physical; not over the network)'),
        ...pinKeySteps(ctx, true),
      ],
      restartRequired: false,
    };
  },
});
