// Pure: the sh scripts that build a target inside its namespaces. The init script runs as PID 1 of
// a fresh mount+uts+pid namespace (unshare --mount-proc has just mounted its /proc), bind-mounts the
// fixture files over what the probe reads, starts the target's processes and becomes sshd.
import { shellQuote } from '../../lib/checks/remedy/shell-quote';
import type { HolderDevice, LabHolderSpec } from './types';
import { commandShimInitLines } from './command-shims';
import { HIDE_VIRSH, pveInitLines, qemuRunnerLine } from './pve';

/** Mount points and the fixture path (relative to the target directory) bound over each. */
export const FIXTURE_MOUNTS: readonly (readonly [source: string, mountPoint: string])[] = [
  ['entropy_avail', '/proc/sys/kernel/random/entropy_avail'],
  ['poolsize', '/proc/sys/kernel/random/poolsize'],
  ['uptime', '/proc/uptime'],
  ['cpuinfo', '/proc/cpuinfo'],
  ['hw_random', '/sys/devices/virtual/misc/hw_random'],
  ['uname', '/usr/bin/uname'],
  ['machine-id', '/etc/machine-id'],
  ['os-release', '/etc/os-release'],
  ['systemd', '/var/lib/systemd'],
];

/** Paths on this machine the init script mounts over; bind mounts need them to exist. */
export const REQUIRED_MOUNT_POINTS = [...FIXTURE_MOUNTS.map(([, p]) => p), '/etc/ssh', '/root', '/dev'];

export interface ProcessSet {
  holders: LabHolderSpec[];
  rngd: boolean;
  haveged: boolean;
}

export interface InitScriptOptions {
  hostname: string;
  /** the target's fixture directory (holds the files of FIXTURE_MOUNTS, dev/ and sshd_config) */
  targetDir: string;
  /** directory with ssh_host_ed25519_key(.pub), shown as /etc/ssh */
  keyDir: string;
  /** an empty directory shown as /root, so the machine's dotfiles (and secrets) stay out of targets */
  homeDir: string;
  binDir: string;
  processes: ProcessSet;
  /** a Proxmox VE node: overlay /etc and /usr/local/bin with the files pve.ts wrote */
  proxmox?: boolean;
  /** a plain QEMU host: virsh hidden */
  noVirsh?: boolean;
  /** overlay /usr/bin and /etc with the recording shims (./command-shims.ts) */
  recordCommands?: boolean;
}

/** A valid hostname (RFC 1123 label) for a target name: the uts namespace needs one. */
export function hostnameFor(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return label || 'lab-target';
}

const holderDevices = (h: LabHolderSpec): HolderDevice[] => h.devices ?? ['/dev/random'];

/** sh lines starting the target's processes in the background (holders as qemu-system-x86_64, rngd, haveged). */
export function processStartLines(binDir: string, p: ProcessSet): string[] {
  const bin = (name: string) => shellQuote(`${binDir}/${name}`);
  const lines = p.holders.map((h) =>
    h.argv
      ? qemuRunnerLine(binDir, holderDevices(h), h.binary ?? 'qemu-system-x86_64', h.argv)
      : `${bin('qemu-holder')} ${shellQuote(holderDevices(h).join(','))} ${shellQuote(h.domain)} </dev/null >/dev/null 2>&1 &`,
  );
  if (p.rngd) lines.push(`${bin('rngd')} infinity </dev/null >/dev/null 2>&1 &`);
  if (p.haveged) lines.push(`${bin('haveged')} infinity </dev/null >/dev/null 2>&1 &`);
  return lines;
}

/** The script PID 1 of the namespace runs: mounts, processes, then `exec sshd`. */
export function initScript(o: InitScriptOptions): string {
  const t = (rel: string) => shellQuote(`${o.targetDir}/${rel}`);
  return [
    '#!/bin/sh',
    '# Entropy Watch lab target: runs as PID 1 of its own mount+uts+pid namespace.',
    'set -e',
    `printf '%s\\n' ${shellQuote(o.hostname)} >/proc/sys/kernel/hostname`,
    // A /dev of our own: the same char devices, plus (or minus) a /dev/hwrng stand-in per fixture.
    `mount --bind ${t('dev')} /dev`,
    'mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 lab-devpts /dev/pts',
    ...(o.proxmox ? pveInitLines(o.targetDir) : o.noVirsh ? [HIDE_VIRSH] : []),
    ...(o.recordCommands ? commandShimInitLines(o.targetDir) : []),
    ...FIXTURE_MOUNTS.map(([src, dst]) => `mount --bind ${t(src)} ${dst}`),
    `mount --bind ${shellQuote(o.keyDir)} /etc/ssh`,
    `mount --bind ${shellQuote(o.homeDir)} /root`,
    'cd /',
    ...processStartLines(o.binDir, o.processes),
    `exec /usr/sbin/sshd -D -e -f ${t('sshd_config')}`,
    '',
  ].join('\n');
}

/**
 * The fake QEMU: holds the devices named in $1 open and carries QEMU's `-name guest=NAME,...` (commas
 * doubled, as QEMU escapes them) in /proc/PID/cmdline. `exec -a` makes argv[0] qemu-system-x86_64;
 * the binary is a copy of tail(1) named qemu-system-x86_64 (comm, and lsof's command, read
 * "qemu-system-x86"), which blocks on `-f /dev/null` and ignores the arguments after `--`.
 */
export function qemuHolderScript(binDir: string): string {
  return `#!/bin/bash
# Entropy Watch lab: stand-in for a QEMU process holding entropy devices for one domain.
# usage: qemu-holder DEVICE[,DEVICE...] DOMAIN
set -e
IFS=, read -ra devices <<<"$1"
for d in "\${devices[@]}"; do
  exec {fd}<"$d"
done
cd /
exec -a qemu-system-x86_64 ${shellQuote(`${binDir}/qemu-system-x86_64`)} -f /dev/null -- -name "guest=\${2//,/,,},debug-threads=on" 2>/dev/null
`;
}
