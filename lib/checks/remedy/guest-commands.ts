// The commands a fix runs inside a guest (issue 12), as argument vectors. The copy-paste text a finding
// shows, the commands a guest-side apply runs over SSH (each behind `sudo -n`) and the sudoers snippet
// in docs/apply.md are all built from these vectors, so the three cannot drift apart.
import { kernelBefore, parseKernelRelease } from '../kit/kernel';
import type { OsFamily } from './os-family';
import { shellJoin, shellQuote } from './shell-quote';

/** One command: its words, and optionally lines written to its stdin (how `tee` gets a file's text). */
export interface GuestCommand {
  argv: string[];
  /** lines fed to stdin with `printf '%s\n' LINE…`; the command's own stdout is discarded */
  input?: string[];
}

export const RNG_CURRENT = '/sys/devices/virtual/misc/hw_random/rng_current';
export const HWRNG_TMPFILES = '/etc/tmpfiles.d/hwrng.conf';
export const HWRNG_LOCAL_START = '/etc/local.d/hwrng.start';

function text(c: GuestCommand, sudo: boolean): string {
  const cmd = `${sudo ? 'sudo -n ' : ''}${shellJoin(c.argv)}`;
  if (!c.input) return cmd;
  return `printf '%s\\n' ${c.input.map(shellQuote).join(' ')} | ${cmd} >/dev/null`;
}

/** The command as a root shell runs it (what a finding shows to copy). */
export const commandText = (c: GuestCommand): string => text(c, false);

/** The command as the remediation account runs it: `sudo -n` (never a password prompt) before the words. */
export const sudoCommandText = (c: GuestCommand): string => text(c, true);

/** One copy-paste line: the commands joined with `&&`, so a failing one stops the rest. */
export const commandLine = (cs: readonly GuestCommand[]): string => cs.map(commandText).join(' && ');

const cmd = (...argv: string[]): GuestCommand => ({ argv });

/** systemd before 220 (EL7, Debian 8: kernels < 4.0) has no `enable --now`. */
function enableNow(service: string, oldSystemd: boolean): GuestCommand[] {
  return oldSystemd
    ? [cmd('systemctl', 'enable', service), cmd('systemctl', 'start', service)]
    : [cmd('systemctl', 'enable', '--now', service)];
}

/** Which packaging of rngd a release gets, from its family and (for old releases) its kernel. */
export type RngdVariant =
  'debian' | 'debian-old' | 'rhel' | 'rhel-el6' | 'rhel-old' | 'suse' | 'suse-old' | 'alpine';

/** The variant for a family and kernel; null for an unknown family (no exact commands exist then). */
export function rngdVariant(family: OsFamily, kernelRelease: string | null): RngdVariant | null {
  const kernel = parseKernelRelease(kernelRelease);
  const old = kernel !== null && kernelBefore(kernelRelease, [4, 0]) === true;
  switch (family) {
    case 'debian':
      return old ? 'debian-old' : 'debian';
    case 'rhel':
      return kernel && kernel[0] < 3 ? 'rhel-el6' : old ? 'rhel-old' : 'rhel';
    case 'suse':
      return old ? 'suse-old' : 'suse';
    case 'alpine':
      return 'alpine';
    default:
      return null;
  }
}

/** The commands that install rngd and start it now and at boot, per variant. */
export function rngdInstallCommands(variant: RngdVariant): GuestCommand[] {
  switch (variant) {
    case 'debian':
      return [
        cmd('apt-get', 'update'),
        cmd('apt-get', 'install', '-y', 'rng-tools5'),
        ...enableNow('rngd', false),
      ];
    case 'debian-old':
      return [
        cmd('apt-get', 'update'),
        cmd('apt-get', 'install', '-y', 'rng-tools'),
        cmd('service', 'rng-tools', 'start'),
      ];
    // `yum` exists on every member of the family (a dnf alias from EL8 and Fedora on), while `dnf` is
    // missing on Amazon Linux 2 and EL7.
    case 'rhel':
    case 'rhel-old':
      return [cmd('yum', 'install', '-y', 'rng-tools'), ...enableNow('rngd', variant === 'rhel-old')];
    case 'rhel-el6':
      return [
        cmd('yum', 'install', '-y', 'rng-tools'),
        cmd('chkconfig', 'rngd', 'on'),
        cmd('service', 'rngd', 'start'),
      ];
    case 'suse':
    case 'suse-old':
      return [
        cmd('zypper', '--non-interactive', 'install', 'rng-tools'),
        ...enableNow('rngd', variant === 'suse-old'),
      ];
    case 'alpine':
      return [
        cmd('apk', 'add', 'rng-tools', 'rng-tools-openrc'),
        cmd('rc-update', 'add', 'rngd', 'default'),
        cmd('rc-service', 'rngd', 'start'),
      ];
  }
}

/** Selects `device` as the hwrng now (sysfs) and at every boot (tmpfiles.d, or OpenRC local.d on Alpine). */
export function selectHwrngCommands(
  alpine: boolean,
  device: string,
): { now: GuestCommand[]; atBoot: GuestCommand[] } {
  const now = [{ argv: ['tee', RNG_CURRENT], input: [device] }];
  const atBoot = alpine
    ? [
        {
          argv: ['tee', HWRNG_LOCAL_START],
          input: ['#!/bin/sh', `printf '%s\\n' ${shellQuote(device)} > ${RNG_CURRENT}`],
        },
        cmd('chmod', '+x', HWRNG_LOCAL_START),
        cmd('rc-update', 'add', 'local', 'default'),
      ]
    : [{ argv: ['tee', HWRNG_TMPFILES], input: [`w ${RNG_CURRENT} - - - - ${device}`] }];
  return { now, atBoot };
}
