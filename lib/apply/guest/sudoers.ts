// The sudoers snippet docs/apply.md shows for the guests' remediation account, generated from the same
// command vectors the guest-side apply runs (lib/checks/remedy/guest-commands.ts), so the two cannot
// drift: sudoers.test.ts fails when the documented snippet is not this text. Pure.
import {
  rngdInstallCommands,
  selectHwrngCommands,
  type GuestCommand,
  type RngdVariant,
} from '../../checks/remedy/guest-commands';
import type { OsFamily } from '../../checks/remedy/os-family';

type KnownFamily = Exclude<OsFamily, 'unknown'>;

const FAMILIES: { family: KnownFamily; title: string; variants: RngdVariant[] }[] = [
  { family: 'debian', title: 'Debian, Ubuntu', variants: ['debian', 'debian-old'] },
  {
    family: 'rhel',
    title: 'RHEL, Rocky, Alma, CentOS, Fedora, Amazon Linux',
    variants: ['rhel', 'rhel-old', 'rhel-el6'],
  },
  { family: 'suse', title: 'SUSE, openSUSE', variants: ['suse', 'suse-old'] },
  { family: 'alpine', title: 'Alpine', variants: ['alpine'] },
];

/**
 * Where each program lives on current releases of the family (sudoers needs full paths; sudo matches the
 * path it resolves). Check yours with `command -v NAME`: Debian before 12 without merged /usr keeps
 * systemctl in /bin, EL6 keeps chkconfig and service in /sbin.
 */
const PATHS: Record<KnownFamily, Record<string, string>> = {
  debian: {
    'apt-get': '/usr/bin/apt-get',
    systemctl: '/usr/bin/systemctl',
    service: '/usr/sbin/service',
    tee: '/usr/bin/tee',
  },
  rhel: {
    yum: '/usr/bin/yum',
    systemctl: '/usr/bin/systemctl',
    chkconfig: '/sbin/chkconfig',
    service: '/sbin/service',
    tee: '/usr/bin/tee',
  },
  suse: { zypper: '/usr/bin/zypper', systemctl: '/usr/bin/systemctl', tee: '/usr/bin/tee' },
  alpine: {
    apk: '/sbin/apk',
    'rc-update': '/sbin/rc-update',
    'rc-service': '/sbin/rc-service',
    tee: '/usr/bin/tee',
    chmod: '/bin/chmod',
  },
};

/** sudoers treats , : = \ in arguments as syntax: they are escaped with a backslash. */
const escapeArg = (a: string) => a.replace(/[,:=\\]/g, (c) => `\\${c}`);

/** Every command a guest-side apply may run in the family, as sudoers command specs (full path + args). */
export function sudoCommandsFor(family: KnownFamily): string[] {
  const commands: GuestCommand[] = [
    ...FAMILIES.find((f) => f.family === family)!.variants.flatMap(rngdInstallCommands),
    ...Object.values(selectHwrngCommands(family === 'alpine', 'DEVICE')).flat(),
  ];
  const specs = commands.map(({ argv: [program, ...args] }) => {
    const full = PATHS[family][program!];
    if (!full) throw new Error(`no path known for ${program} on ${family}: add it to PATHS in sudoers.ts`);
    return [full, ...args.map(escapeArg)].join(' ');
  });
  return [...new Set(specs)];
}

/** The snippet for /etc/sudoers.d/entropy-watch (mode 0440, check with `visudo -cf FILE`). */
export function sudoersSnippet(user = 'ew-remedy'): string {
  const lines = [
    '# /etc/sudoers.d/entropy-watch: what Entropy Watch runs inside guests (docs/apply.md).',
    '# Generated from lib/checks/remedy/guest-commands.ts. One block per distribution family; the others\n# name programs your guests do not have and grant nothing there.',
    '# Apply runs every command as `sudo -n` without a terminal, hence !requiretty (EL6/EL7 default).',
    `Defaults:${user} !requiretty`,
  ];
  for (const { family, title } of FAMILIES) {
    const alias = `EW_${family.toUpperCase()}`;
    lines.push('', `# ${title}`, `Cmnd_Alias ${alias} = \\`);
    const specs = sudoCommandsFor(family);
    specs.forEach((s, i) => lines.push(`    ${s}${i < specs.length - 1 ? ', \\' : ''}`));
    lines.push(`${user} ALL=(root) NOPASSWD: ${alias}`);
  }
  return `${lines.join('\n')}\n`;
}
