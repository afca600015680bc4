import { listOthers, sharedWithFleet, shortId } from '../kit/fleet';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, type OsFacts } from '../remedy/guest-steps';
import { sshRestartCommand } from '../remedy/os-family';
import { consoleFingerprintStep, pinKeySteps } from '../remedy/ssh-steps';
import type { TargetState } from '../types';

interface Facts extends OsFacts {
  fingerprint: string;
  keyType: string;
  others: string[];
  othersCount: number;
  /** corroboration on the target itself: the presented key is also one of its /etc/ssh/*.pub files */
  inOwnPubFiles: boolean;
}

/**
 * The host keys a target proved it holds: the key of the SSH handshake (verified against known_hosts
 * by the transport), or for the local target its own files, read without any guest in between. The
 * .pub files a remote target prints are never evidence against another machine: a guest can copy any
 * public key (ssh-keyscan) into its own /etc/ssh.
 */
function provenKeys(t: TargetState): { type: string; fingerprint: string }[] {
  const o = t.observation;
  if (!o) return [];
  if (t.kind === 'local') return o.sshHostKeys;
  return o.presentedHostKey ? [o.presentedHostKey] : [];
}

/** Two or more targets present the same SSH host key: cloned images that kept their keys. */
export const cloneSshHostkey = defineCheck<Facts>({
  id: 'clone-ssh-hostkey',
  title: 'Cloned SSH host key',
  when: 'Two or more targets present the same SSH host key fingerprint. Subject: fingerprint.',
  severities: 'critical',
  fix: 'new host keys (ssh-keygen -A) on each clone, verified on the console, then re-pinned',
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
    const mine = provenKeys(ctx.target);
    const fingerprints = (t: TargetState) => provenKeys(t).map((k) => k.fingerprint);
    return sharedWithFleet(ctx, 'proven-ssh-host-key', fingerprints).map((shared) => {
      const { value, others, othersCount } = shared;
      const keyType = mine.find((k) => k.fingerprint === value)?.type ?? 'unknown';
      const inOwnPubFiles = obs.sshHostKeys.some((k) => k.fingerprint === value);
      const names = listOthers(shared);
      return {
        subject: value,
        severity: 'critical' as const,
        summary: `${keyType} host key ${shortId(value)} also presented by ${names}`,
        detail:
          `${keyType} ${value}, presented in the SSH handshake, is also presented by ${othersCount} other ` +
          `target(s): ${names}${inOwnPubFiles ? ' (and found in its own /etc/ssh/*.pub)' : ''}`,
        facts: {
          fingerprint: value,
          keyType,
          others,
          othersCount,
          inOwnPubFiles,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      };
    });
  },
  remediate(hit, ctx) {
    const { others } = hit.facts;
    return {
      summary: `Give ${ctx.target.name} its own SSH host keys and re-pin them`,
      steps: [
        {
          description:
            `Replace the cloned host keys with new ones and restart the SSH server (open sessions stay up). ` +
            `Do the same on every clone${others.length ? `: ${listOthers(hit.facts)}` : ''}.`,
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
