import { sharedWithFleet, shortId } from './fleet';
import type { Rule } from './types';

/** Two or more targets present the same SSH host key: cloned images that kept their keys. */
export const cloneSshHostkey: Rule = {
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
};
