import { hostKeyVerdictHits, type HostKeyFacts } from '../kit/statuses';
import { defineCheck } from '../define';
import { consoleFingerprintStep, pinKeySteps } from '../remedy/ssh-steps';

type Facts = HostKeyFacts;

/** The target's host key is not in known_hosts and trust-on-first-use is off. */
export const hostKeyUnknown = defineCheck<Facts>({
  id: 'host-key-unknown',
  title: 'SSH host key not pinned',
  when: 'The latest poll that reached key exchange was refused because the target’s key is not in known_hosts (and trustOnFirstUse is off).',
  severities: 'warning',
  fix: 'compare the fingerprint with the console, then pin it',
  reason:
    'Entropy Watch refuses host keys it does not know unless trustOnFirstUse is set, so a target whose ' +
    'key is not in known_hosts is never probed. Without this finding it would silently have no data. ' +
    'Pin its key after comparing the fingerprint with the one its console shows.',
  source: 'OpenSSH ssh-keyscan(1), ssh-keygen(1) -lf; sshd(8) SSH_KNOWN_HOSTS FILE FORMAT',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['statuses'],
  evaluate: (ctx) =>
    hostKeyVerdictHits(
      ctx.target,
      'host-key-unknown',
      'warning',
      'SSH host key not in known_hosts; target not probed',
    ),
  remediate(_hit, ctx) {
    return {
      summary: `Pin ${ctx.target.name}'s SSH host key after comparing it with its console`,
      steps: [consoleFingerprintStep(ctx, 'console (not over the network)'), ...pinKeySteps(ctx, false)],
      restartRequired: false,
      note: 'Alternatively set trustOnFirstUse for this target in the inventory, accepting the first key seen.',
    };
  },
});
