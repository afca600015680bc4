// A lab target that records the commands a guest-side apply runs instead of installing packages
// (issue 12): inside its mount namespace, /usr/bin is an overlay whose upper directory holds `sudo`,
// package managers and service managers that append their argv to commands.log; /etc is an overlay too,
// so files the fix writes (/etc/tmpfiles.d/hwrng.conf) land in the target's directory. `tee` stays the
// real one: the rng_current write goes to the fixture file the probe reads. Starting rngd (systemctl,
// service, rc-service) starts the lab's rngd stand-in, so the next probe sees it running.
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../../lib/checks/remedy/shell-quote';

/** The tools that record; `sudo` then runs the rest of its argv (the lab's session is root already). */
export const RECORDING_TOOLS = [
  'sudo',
  'apt-get',
  'yum',
  'dnf',
  'zypper',
  'apk',
  'systemctl',
  'service',
  'chkconfig',
  'rc-update',
  'rc-service',
] as const;

const LOG = 'commands.log';

function shim(tool: string, targetDir: string, binDir: string): string {
  const log = shellQuote(path.join(targetDir, LOG));
  const failFlag = shellQuote(path.join(targetDir, `fail-${tool}`));
  const startRngd = `setsid ${shellQuote(path.join(binDir, 'rngd'))} infinity </dev/null >/dev/null 2>&1 &`;
  const body: Record<string, string> = {
    sudo: '[ "$1" = -n ] && shift\nexec "$@"',
    systemctl: `case " $* " in *" start rngd "*|*" --now rngd "*) ${startRngd} ;; esac`,
    service: `case " $* " in *" rngd start "*|*" rng-tools start "*) ${startRngd} ;; esac`,
    'rc-service': `case " $* " in *" rngd start "*) ${startRngd} ;; esac`,
  };
  return [
    '#!/bin/sh',
    `# Entropy Watch lab: records its argv (NUL-separated, one record per line) instead of doing the work.`,
    `{ printf '%s\\0' ${shellQuote(tool)} "$@"; printf '\\n'; } >>${log}`,
    `if [ -e ${failFlag} ]; then echo "${tool}: failing as the lab asked (${failFlag})" >&2; exit 100; fi`,
    body[tool] ?? 'exit 0',
    '',
  ].join('\n');
}

/** Writes the overlay upper/work directories with the shims (and an /etc/tmpfiles.d as a systemd guest has). */
export function writeCommandShims(targetDir: string, binDir: string): void {
  const root = path.join(targetDir, 'record');
  fs.rmSync(root, { recursive: true, force: true });
  for (const d of ['bin-upper', 'bin-work', 'etc-upper/tmpfiles.d', 'etc-upper/local.d', 'etc-work'])
    fs.mkdirSync(path.join(root, d), { recursive: true });
  for (const tool of RECORDING_TOOLS) {
    const file = path.join(root, 'bin-upper', tool);
    fs.writeFileSync(file, shim(tool, targetDir, binDir));
    fs.chmodSync(file, 0o755);
  }
  fs.writeFileSync(path.join(targetDir, LOG), '');
}

/** Init-script lines (before the fixture binds, which sit on top): overlay /usr/bin and /etc. */
export function commandShimInitLines(targetDir: string): string[] {
  const p = (rel: string) => shellQuote(path.join(targetDir, 'record', rel));
  return [
    `mount -t overlay lab-record-bin -o lowerdir=/usr/bin,upperdir=${p('bin-upper')},workdir=${p('bin-work')} /usr/bin`,
    `mount -t overlay lab-record-etc -o lowerdir=/etc,upperdir=${p('etc-upper')},workdir=${p('etc-work')} /etc`,
  ];
}

/** The commands the target recorded, oldest first, each as its argv. */
export function readRecordedCommands(targetDir: string): string[][] {
  const text = fs.readFileSync(path.join(targetDir, LOG), 'utf8');
  return text
    .split('\0\n')
    .filter((r) => r !== '')
    .map((r) => r.split('\0'));
}

/** A file the target wrote under /etc (in its overlay), or null. */
export function writtenEtcFile(targetDir: string, etcPath: string): string | null {
  const file = path.join(targetDir, 'record', 'etc-upper', path.relative('/etc', etcPath));
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/** Makes `tool` fail (exit 100) from now on, or succeed again. */
export function setToolFails(targetDir: string, tool: string, fails: boolean): void {
  const flag = path.join(targetDir, `fail-${tool}`);
  if (fails) fs.writeFileSync(flag, '');
  else fs.rmSync(flag, { force: true });
}
