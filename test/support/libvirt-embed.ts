// A persistent libvirt without a daemon: virsh with the QEMU driver embedded (qemu:///embed?root=DIR)
// keeps domain definitions in DIR/etc/qemu/ across virsh runs, which the test driver does not. The
// driver refuses to start unless its compiled-in user and group "libvirt-qemu" exist (Debian's
// libvirt-daemon-system creates both: the group, and the user in group kvm); as root this creates them
// the same way when they are missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Makes sure the accounts the embedded QEMU driver looks up exist (root only). */
export function ensureQemuDriverAccounts(): void {
  const has = (cmd: string, name: string) => {
    try {
      execFileSync('getent', [cmd, name], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!has('group', 'kvm')) execFileSync('groupadd', ['-r', 'kvm']);
  // Without it: "Initialization of QEMU state driver failed: invalid argument: Failed to parse group
  // 'libvirt-qemu'" (seen on a fresh machine whose only libvirt-qemu was a user).
  if (!has('group', 'libvirt-qemu')) execFileSync('groupadd', ['-r', 'libvirt-qemu']);
  if (!has('passwd', 'libvirt-qemu'))
    execFileSync('useradd', ['--system', '--no-create-home', '-g', 'kvm', 'libvirt-qemu']);
}

/** A fresh embedded-driver root in `dir`; returns its `virsh -c` URI. */
export function embeddedLibvirt(dir: string): string {
  ensureQemuDriverAccounts();
  fs.mkdirSync(path.join(dir, 'etc'), { recursive: true });
  // The driver reads DIR/etc/qemu.conf. As root with no such file, it probes QEMU's capabilities as
  // libvirt-qemu, which cannot reach a private temp directory: every virsh run then waits ~40 s for
  // the probe's monitor socket. QEMU as root (as the lab note's libvirtd does) probes in ~4 s, once.
  fs.writeFileSync(
    path.join(dir, 'etc', 'qemu.conf'),
    'user = "root"\ngroup = "root"\ndynamic_ownership = 0\nremember_owner = 0\n',
  );
  return `qemu:///embed?root=${dir}`;
}

/** Runs virsh on `uri` locally (test setup and read-back; the code under test goes over SSH). */
export function virshLocal(uri: string, ...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', uri, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
