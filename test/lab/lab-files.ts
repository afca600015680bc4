// The lab directory on disk: shared parts (binaries, a /dev template, an empty home, the client key)
// and each target's fixture directory. Fixture files are rewritten in place (same inode) so the bind
// mounts inside a running namespace show new values at once.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixtureFiles } from './fixture-files';
import { qemuHolderScript } from './namespace-script';
import { qemuRunnerScript } from './pve';
import type { TargetFixture } from './types';

const run = promisify(execFile);

export interface LabPaths {
  dir: string;
  bin: string;
  devTemplate: string;
  home: string;
  keys: string;
  targets: string;
  clientKey: string;
  authorizedKeys: string;
  knownHosts: string;
  inventory: string;
  emptyNode: string;
}

export function labPaths(dir: string): LabPaths {
  return {
    dir,
    bin: path.join(dir, 'bin'),
    devTemplate: path.join(dir, 'dev-template'),
    home: path.join(dir, 'home'),
    keys: path.join(dir, 'keys'),
    targets: path.join(dir, 'targets'),
    clientKey: path.join(dir, 'client', 'id_ed25519'),
    authorizedKeys: path.join(dir, 'client', 'authorized_keys'),
    knownHosts: path.join(dir, 'known_hosts'),
    inventory: path.join(dir, 'entropy-watch.yaml'),
    emptyNode: path.join(dir, 'empty-node.xml'),
  };
}

const CHAR_DEVICES: readonly [name: string, major: number, minor: number][] = [
  ['null', 1, 3],
  ['zero', 1, 5],
  ['full', 1, 7],
  ['random', 1, 8],
  ['urandom', 1, 9],
  ['tty', 5, 0],
];

const DEV_SYMLINKS: readonly [name: string, target: string][] = [
  ['fd', '/proc/self/fd'],
  ['stdin', '/proc/self/fd/0'],
  ['stdout', '/proc/self/fd/1'],
  ['stderr', '/proc/self/fd/2'],
  ['ptmx', 'pts/ptmx'],
];

function findTool(name: string): string {
  for (const dir of ['/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`the lab needs ${name} (coreutils) on this machine`);
}

/** Shared parts: fake qemu/rngd/haveged binaries, the char-device template, an empty /root. */
export async function prepareShared(p: LabPaths): Promise<void> {
  for (const d of [p.bin, p.devTemplate, p.keys, p.targets, path.dirname(p.clientKey)]) {
    fs.mkdirSync(d, { recursive: true });
  }
  fs.mkdirSync(p.home, { recursive: true, mode: 0o700 });
  // comm (and lsof's COMMAND) is the executable's file name: copies named after the daemons.
  fs.copyFileSync(findTool('tail'), path.join(p.bin, 'qemu-system-x86_64'));
  fs.copyFileSync(findTool('tail'), path.join(p.bin, 'kvm'));
  fs.writeFileSync(path.join(p.bin, 'qemu-runner'), qemuRunnerScript(p.bin));
  fs.copyFileSync(findTool('sleep'), path.join(p.bin, 'rngd'));
  fs.copyFileSync(findTool('sleep'), path.join(p.bin, 'haveged'));
  fs.writeFileSync(path.join(p.bin, 'qemu-holder'), qemuHolderScript(p.bin));
  for (const f of ['qemu-system-x86_64', 'kvm', 'qemu-runner', 'rngd', 'haveged', 'qemu-holder'])
    fs.chmodSync(path.join(p.bin, f), 0o755);
  fs.writeFileSync(p.emptyNode, "<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n</node>\n");
  // Node cannot mknod: one sh for all nodes; targets hard-link them into their own /dev.
  const mknods = CHAR_DEVICES.map(([n, ma, mi]) => `mknod -m 666 ${n} c ${ma} ${mi}`).join(' && ');
  await run('/bin/sh', ['-c', `cd "$1" && ${mknods}`, 'sh', p.devTemplate]);
  try {
    fs.closeSync(fs.openSync(path.join(p.devTemplate, 'null'), 'w'));
  } catch (e) {
    throw new Error(
      `device nodes do not work under ${p.dir} (${(e as Error).message}): the filesystem is mounted nodev; ` +
        'pass startLab(spec, { dir }) on a filesystem without nodev',
    );
  }
}

/** A target's own /dev: the template's char devices, the usual symlinks, and /dev/hwrng when asked. */
export function prepareDev(p: LabPaths, devDir: string, hwrng: boolean): void {
  fs.mkdirSync(devDir, { recursive: true });
  for (const [name] of CHAR_DEVICES) {
    const dst = path.join(devDir, name);
    if (!fs.existsSync(dst)) fs.linkSync(path.join(p.devTemplate, name), dst);
  }
  for (const [name, target] of DEV_SYMLINKS) {
    const dst = path.join(devDir, name);
    if (!fs.existsSync(dst) && !isSymlink(dst)) fs.symlinkSync(target, dst);
  }
  fs.mkdirSync(path.join(devDir, 'pts'), { recursive: true });
  fs.mkdirSync(path.join(devDir, 'shm'), { recursive: true, mode: 0o1777 });
  setHwrng(devDir, hwrng);
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** /dev/hwrng as a regular file stands in for the device (the probe only asks whether it exists). */
export function setHwrng(devDir: string, present: boolean): void {
  const file = path.join(devDir, 'hwrng');
  if (present && !fs.existsSync(file)) fs.writeFileSync(file, '', { mode: 0o600 });
  if (!present) fs.rmSync(file, { force: true });
}

/** Writes (or removes) every fixture file of a target in place. */
export function writeFixture(targetDir: string, fixture: TargetFixture): void {
  fs.mkdirSync(path.join(targetDir, 'hw_random'), { recursive: true });
  fs.mkdirSync(path.join(targetDir, 'systemd'), { recursive: true });
  for (const [rel, content] of Object.entries(fixtureFiles(fixture))) {
    const file = path.join(targetDir, rel);
    if (content === null) {
      fs.rmSync(file, { force: true });
      continue;
    }
    // flag 'w' truncates the existing inode: a bind mount of this file sees the new content.
    fs.writeFileSync(file, content);
  }
  fs.chmodSync(path.join(targetDir, 'uname'), 0o755);
}

/** The last lines of a log file, for error messages. */
export function logTail(file: string, lines = 8): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}
