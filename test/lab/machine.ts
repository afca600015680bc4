// What the lab needs from this machine, checked up front so a missing piece is one clear error
// instead of a namespace that dies with a mount error.
import fs from 'node:fs';
import { REQUIRED_MOUNT_POINTS } from './namespace-script';

const TOOLS: readonly [tool: string, debianPackage: string][] = [
  ['/usr/sbin/sshd', 'openssh-server'],
  ['ssh-keygen', 'openssh-client'],
  ['unshare', 'util-linux'],
  ['nsenter', 'util-linux'],
  ['setpriv', 'util-linux'],
  ['mount', 'mount'],
  ['bash', 'bash'],
];

function onPath(tool: string): boolean {
  if (tool.startsWith('/')) return fs.existsSync(tool);
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin')
    .split(':')
    .some((dir) => dir !== '' && fs.existsSync(`${dir}/${tool}`));
}

/** Throws one error listing everything missing: root, tools (with their Debian package), mount points. */
export function checkMachine(): void {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push('run as root (mount namespaces and bind mounts need it)');
  const missing = TOOLS.filter(([tool]) => !onPath(tool));
  if (missing.length > 0) {
    const pkgs = [...new Set(missing.map(([, pkg]) => pkg))].join(' ');
    problems.push(`missing ${missing.map(([t]) => t).join(', ')}: apt-get install -y ${pkgs}`);
  }
  const absent = REQUIRED_MOUNT_POINTS.filter((p) => !fs.existsSync(p));
  if (absent.length > 0) problems.push(`bind-mount targets missing on this machine: ${absent.join(', ')}`);
  if (problems.length > 0) throw new Error(`cannot start the lab: ${problems.join('; ')}`);
}
