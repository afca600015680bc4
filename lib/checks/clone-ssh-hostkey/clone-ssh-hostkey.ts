import { sharedWithFleet, shortId } from '../kit/fleet';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, type OsFacts } from '../remedy/guest-steps';
import { sshRestartCommand } from '../remedy/os-family';
import { consoleFingerprintStep, pinKeySteps } from '../remedy/ssh-steps';

interface Facts extends OsFacts {
  fingerprint: string;
  keyType: string;
  others: string[];
}

/** Two or more targets present the same SSH host key: cloned images that kept their keys. */
export const cloneSshHostkey = defineCheck<Facts>({
  id: 'clone-ssh-hostkey',
  title: 'Cloned SSH host key',
  reason:
    'Machines cloned from one image without regenerating /etc/ssh/ssh_host_* share a private key: ' +
    'anyone with one clone (or the image) can impersonate all of them and, with the old RSA key ' +
    'exchange, decrypt recorded sessions. SSH host key pinning cannot tell the clones apart.',
  source:
    'OpenSSH ssh-keygen(1) -A; virt-sysprep(1) operation ssh-hostkeys; ' +
    'https://libvirt.org/formatdomain.html#general-metadata (genid for clones)',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation', 'fleet'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs) return [];
    return sharedWithFleet(ctx, (o) => o.sshHostKeys.map((k) => k.fingerprint).filter((f) => f !== '')).map(
      ({ value, others }) => {
        const keyType = obs.sshHostKeys.find((k) => k.fingerprint === value)?.type ?? 'unknown';
        return {
          subject: value,
          severity: 'critical' as const,
          summary: `${keyType} host key ${shortId(value)} also presented by ${others.join(', ')}`,
          detail: `${keyType} ${value} is shared with ${others.length} other target(s): ${others.join(', ')}`,
          facts: { fingerprint: value, keyType, others, osId: obs.osId, osIdLike: obs.osIdLike },
        };
      },
    );
  },
  remediate(hit, ctx) {
    const { others } = hit.facts;
    return {
      summary: `Give ${ctx.target.name} its own SSH host keys and re-pin them`,
      steps: [
        {
          description:
            `Replace the cloned host keys with new ones and restart the SSH server (open sessions stay up). ` +
            `Do the same on every clone${others.length ? `: ${others.join(', ')}` : ''}.`,
          runOn: targetLabel(ctx),
          command: `rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && ${sshRestartCommand(familyOf(hit.facts))}`,
        },
        consoleFingerprintStep(ctx, 'console (or the session used above)'),
        ...pinKeySteps(ctx, true),
      ],
      restartRequired: false,
      note: 'Seal templates before cloning (virt-sysprep --operations ssh-hostkeys,machine-id) so new clones get their own keys.',
    };
  },
});
