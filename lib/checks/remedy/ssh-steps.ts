import { knownHostsName, MONITOR_LABEL, sshAccessFor, targetLabel, type RemediationContext } from './context';
import { shellJoin, shellQuote } from './shell-quote';
import type { RemediationStep } from './types';

// Steps on the monitoring side for SSH host keys. A new key is never accepted silently: it is
// fetched once into a file, its fingerprint compared with what the target's console shows, and only
// that same file is appended to known_hosts.

const NEW_KEY_FILE = 'new-host-key.txt';

function placeholderNote(ctx: RemediationContext): string {
  const a = sshAccessFor(ctx);
  return a.known
    ? ''
    : ` (the inventory entry was not available here: replace ${a.address}, port ${a.port} and KNOWN_HOSTS with the target's address, port and knownHosts file)`;
}

/** Prints the target's own host key fingerprints; meant for its console, not an SSH session you can't trust yet. */
export function consoleFingerprintStep(ctx: RemediationContext, via: string): RemediationStep {
  return {
    description: `On ${ctx.target.name}'s ${via}, print its host key fingerprints.`,
    runOn: targetLabel(ctx),
    command: 'for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf "$f"; done',
  };
}

/** Fetch the presented key into a file, compare, (optionally drop the old entry) and pin it. */
export function pinKeySteps(ctx: RemediationContext, removeOld: boolean): RemediationStep[] {
  const a = sshAccessFor(ctx);
  const name = knownHostsName(a.address, a.port, a.via);
  const jump = a.via
    ? ` ${ctx.target.name} is reached through ${a.via}: run ssh-keyscan on ${a.via} and copy ${NEW_KEY_FILE} here.`
    : '';
  // ssh-keyscan names the key by the bare address; a guest behind a jump host is pinned as VIA/[addr]:port.
  const pinCommand = a.via
    ? `awk -v n=${shellQuote(name)} '{ print n, $2, $3 }' ${NEW_KEY_FILE} >> ${shellQuote(a.knownHosts)}`
    : `cat ${NEW_KEY_FILE} >> ${shellQuote(a.knownHosts)}`;
  const steps: RemediationStep[] = [
    {
      description:
        `Fetch the key the target presents into ${NEW_KEY_FILE} and show its fingerprint; it must equal the ` +
        `console output above. If it differs, stop: something else answers at this address.${jump}${placeholderNote(ctx)}`,
      runOn: MONITOR_LABEL,
      command: `${shellJoin(['ssh-keyscan', '-p', String(a.port), a.address])} > ${NEW_KEY_FILE} 2>/dev/null && ssh-keygen -lf ${NEW_KEY_FILE}`,
    },
  ];
  if (removeOld) {
    steps.push({
      description: 'Only when the fingerprints match: remove the old pinned key.',
      runOn: MONITOR_LABEL,
      command: shellJoin(['ssh-keygen', '-R', name, '-f', a.knownHosts]),
    });
  }
  steps.push({
    description: `${removeOld ? 'Then pin' : 'Only when the fingerprints match: pin'} the verified key (the same file you compared).`,
    runOn: MONITOR_LABEL,
    command: pinCommand,
  });
  return steps;
}

function bracketIpv6(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The SSH command the collector effectively runs, for testing by hand (BatchMode: no prompts). */
export function sshTestCommand(ctx: RemediationContext, remote: string): string {
  const a = sshAccessFor(ctx);
  const words = [
    'ssh',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    `UserKnownHostsFile=${a.knownHosts}`,
  ];
  if (a.identityFile) words.push('-i', a.identityFile);
  // Guests reached through their host: jump the same way the collector does.
  const jump = a.via && ctx.hostAccess?.name === a.via ? ctx.hostAccess : null;
  if (jump) words.push('-J', `ssh://${jump.user}@${bracketIpv6(jump.address)}:${jump.port}`);
  if (a.via) words.push('-o', `HostKeyAlias=${knownHostsName(a.address, a.port, a.via)}`);
  words.push('-p', String(a.port), `${a.user}@${a.address}`, remote);
  return shellJoin(words);
}
