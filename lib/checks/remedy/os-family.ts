import { kernelBefore, parseKernelRelease } from '../kit/kernel';
import { commandLine, rngdInstallCommands, rngdVariant, type RngdVariant } from './guest-commands';
import { shellQuote } from './shell-quote';
import type { RemediationStep } from './types';

/** Package-manager family from /etc/os-release ID and ID_LIKE. */
export type OsFamily = 'debian' | 'rhel' | 'suse' | 'alpine' | 'unknown';

const FAMILIES: [OsFamily, RegExp][] = [
  ['debian', /^(debian|ubuntu|raspbian|linuxmint|pop|kali|devuan)$/],
  ['rhel', /^(rhel|fedora|centos|rocky|almalinux|alma|ol|amzn|cloudlinux|scientific)$/],
  ['suse', /^(suse|sles|sled|opensuse.*)$/],
  ['alpine', /^alpine$/],
];

/** Decides the family from ID first, then each ID_LIKE entry in order. */
export function osFamily(osId: string | null, osIdLike: readonly string[] = []): OsFamily {
  for (const id of [osId, ...osIdLike]) {
    if (!id) continue;
    const lower = id.toLowerCase();
    for (const [family, pattern] of FAMILIES) if (pattern.test(lower)) return family;
  }
  return 'unknown';
}

const DESCRIPTIONS: Record<RngdVariant, string> = {
  debian:
    'Install rngd (package rng-tools5; where that name does not exist, rng-tools-debian, whose service is rng-tools-debian) and start it now and at boot.',
  'debian-old':
    'Install rngd (old releases package it as rng-tools, with an rng-tools init script) and start it; it starts at boot by default.',
  rhel: 'Install rngd and start it now and at boot.',
  'rhel-old': 'Install rngd and start it now and at boot.',
  'rhel-el6': 'Install rngd (EL6: yum and SysV init) and start it now and at boot.',
  suse: 'Install rngd and start it now and at boot.',
  'suse-old': 'Install rngd and start it now and at boot.',
  alpine: 'Install rngd and start it now and at boot (OpenRC).',
};

/**
 * Steps that install and start rngd for the family, adapted to old releases recognised by their kernel.
 * The command text is built from rngdInstallCommands (guest-commands.ts), which a guest-side apply runs.
 */
export function rngdInstallSteps(
  family: OsFamily,
  kernelRelease: string | null,
  runOn: string,
): RemediationStep[] {
  const variant = rngdVariant(family, kernelRelease);
  if (variant) {
    return [
      { description: DESCRIPTIONS[variant], runOn, command: commandLine(rngdInstallCommands(variant)) },
    ];
  }
  const old = parseKernelRelease(kernelRelease) !== null && kernelBefore(kernelRelease, [4, 0]) === true;
  return [
    {
      description:
        'The distribution is unknown (/etc/os-release gave no ID we recognise). Install the package that provides ' +
        'rngd (usually "rng-tools"; "rng-tools5" on Debian/Ubuntu) with its package manager, then enable and ' +
        'start the rngd service (systemd: the command below).',
      runOn,
      command: old ? 'systemctl enable rngd && systemctl start rngd' : 'systemctl enable --now rngd',
    },
  ];
}

/** Command that restarts the SSH server for the family. */
export function sshRestartCommand(family: OsFamily): string {
  switch (family) {
    case 'debian':
      return 'systemctl restart ssh';
    case 'rhel':
    case 'suse':
      return 'systemctl restart sshd';
    case 'alpine':
      return 'rc-service sshd restart';
    default:
      return 'systemctl restart sshd || systemctl restart ssh || service sshd restart';
  }
}

/** Steps that add a kernel boot parameter (a plain "name=value" word) persistently, per family; a reboot applies it. */
export function kernelParameterSteps(family: OsFamily, parameter: string, runOn: string): RemediationStep[] {
  // The parameter is spliced into a sed expression, so only plain words are accepted.
  if (!/^[A-Za-z0-9_.]+=[A-Za-z0-9_.,]+$/.test(parameter)) {
    throw new Error(`kernel parameter "${parameter}" must look like name=value (letters, digits, _ . ,)`);
  }
  const p = shellQuote(parameter);
  switch (family) {
    case 'rhel':
      return [
        {
          description: `Add ${parameter} to every installed kernel's command line.`,
          runOn,
          command: `grubby --update-kernel=ALL --args=${p}`,
        },
      ];
    case 'debian':
      return [
        {
          description: `Append ${parameter} to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then regenerate grub.cfg.`,
          runOn,
          command: `grep -q -- ${p} /etc/default/grub || sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT="/&'${p}' /' /etc/default/grub; update-grub`,
        },
      ];
    case 'suse':
      return [
        {
          description: `Append ${parameter} to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then regenerate grub.cfg.`,
          runOn,
          command: `grep -q -- ${p} /etc/default/grub || sed -i 's/^GRUB_CMDLINE_LINUX_DEFAULT="/&'${p}' /' /etc/default/grub; grub2-mkconfig -o /boot/grub2/grub.cfg`,
        },
      ];
    case 'alpine':
      return [
        {
          description: `Append ${parameter} to default_kernel_opts in /etc/update-extlinux.conf, then update the boot loader.`,
          runOn,
          command: `grep -q -- ${p} /etc/update-extlinux.conf || sed -i 's/^default_kernel_opts="/&'${p}' /' /etc/update-extlinux.conf; update-extlinux`,
        },
      ];
    default:
      return [
        {
          description: `Unknown distribution: add ${parameter} to the kernel command line in the boot loader configuration, then reboot.`,
          runOn,
        },
      ];
  }
}
