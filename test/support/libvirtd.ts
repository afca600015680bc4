// A real libvirtd + virtlogd with QEMU under TCG (no /dev/kvm needed), for the tests that change a
// domain and need the change to outlive the connection: apply, "waiting for a cold boot", cold boot.
// Recipe: /work/shared/notes/test-lab.md "A real libvirtd" (test/lab/README.md). Shared between
// suites running at once: each caller registers itself under STATE_DIR/users; the daemons this
// helper started are stopped by the last caller to release them. A libvirtd that was already running
// and not started here (a real one) is used and never stopped. Domains are named per test
// (uniqueDomainName) so suites never touch each other's.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureQemuDriverAccounts } from './libvirt-embed';

export const SYSTEM_URI = 'qemu:///system';
const STATE_DIR = '/run/ew-test-libvirtd';
const USERS = path.join(STATE_DIR, 'users');
const PIDS = {
  libvirtd: path.join(STATE_DIR, 'libvirtd.pid'),
  virtlogd: path.join(STATE_DIR, 'virtlogd.pid'),
};
/** Every domain a test defines starts with this, so a crashed suite's leftovers can be found. */
export const TEST_DOMAIN_PREFIX = 'ew-t-';
// QEMU as root, no chown of disk files: the test's temp files stay readable, and no account is needed.
const QEMU_CONF = 'user = "root"\ngroup = "root"\ndynamic_ownership = 0\nremember_owner = 0\n';

export interface TestLibvirtd {
  uri: string;
  /** true when this helper started the daemons (false: an existing libvirtd is used as it is) */
  ours: boolean;
  /** unregisters this caller; stops the daemons when the helper started them and no caller is left */
  release(): void;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const readPid = (file: string) => {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
};

/** virsh on the system URI, locally (setup and read-back; code under test goes over SSH). */
export function virshSystem(...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', SYSTEM_URI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

/** `virsh version` on the system URI: status 0 when libvirtd answers, else libvirt's words in stderr. */
const askVersion = () =>
  spawnSync('virsh', ['-c', SYSTEM_URI, 'version'], { encoding: 'utf8', timeout: 30_000 });
const responds = () => askVersion().status === 0;

// Suites in parallel workers start one daemon: a lock directory (mkdir is atomic) held while `fn`
// runs; one left by a dead process is taken over.
function locked<T>(fn: () => T): T {
  fs.mkdirSync(USERS, { recursive: true });
  const dir = `${STATE_DIR}.lock.d`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      break;
    } catch {
      const holder = readPid(path.join(dir, 'pid'));
      if (holder !== null && !alive(holder)) fs.rmSync(dir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`libvirtd test lock ${dir} held for 120 s`);
      else spawnSync('sleep', ['0.1']);
    }
  }
  fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
  try {
    return fn();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function liveUsers(): string[] {
  return fs.readdirSync(USERS).filter((f) => {
    const pid = Number(f.split('-')[0]);
    if (alive(pid)) return true;
    fs.rmSync(path.join(USERS, f), { force: true });
    return false;
  });
}

function startDaemons(): void {
  if (process.getuid?.() !== 0)
    throw new Error('a real libvirtd for the tests needs root (CI runs as root); run the suite as root');
  for (const bin of ['/usr/sbin/libvirtd', '/usr/sbin/virtlogd', '/usr/bin/qemu-system-x86_64'])
    if (!fs.existsSync(bin))
      throw new Error(
        `${bin} is missing: apt-get install -y --no-install-recommends libvirt-daemon libvirt-daemon-driver-qemu qemu-system-x86 (npm test installs it)`,
      );
  // The QEMU driver looks up its compiled-in account even when qemu.conf says root (libvirt-embed.ts).
  ensureQemuDriverAccounts();
  // Written only when absent: a machine with its own libvirt configuration keeps it.
  if (!fs.existsSync('/etc/libvirt/qemu.conf')) {
    fs.mkdirSync('/etc/libvirt', { recursive: true });
    fs.writeFileSync('/etc/libvirt/qemu.conf', QEMU_CONF);
  }
  for (const d of ['/var/log/libvirt', '/run/libvirt']) fs.mkdirSync(d, { recursive: true });
  // A virtlogd left by a start that failed (below) is still ours: a second one would not get the pidfile.
  const logd = readPid(PIDS.virtlogd);
  if (logd === null || !alive(logd)) execFileSync('/usr/sbin/virtlogd', ['-d', '-p', PIDS.virtlogd]);
  // Its own libvirtd.conf: no polkit (there is no D-Bus here), so the read-only socket takes anyone, as
  // a monitoring account needs, and the read-write one stays root's (socket mode 0700).
  const conf = path.join(STATE_DIR, 'libvirtd.conf');
  fs.writeFileSync(
    conf,
    'auth_unix_ro = "none"\nauth_unix_rw = "none"\nunix_sock_ro_perms = "0777"\nunix_sock_rw_perms = "0700"\n',
  );
  execFileSync('/usr/sbin/libvirtd', ['-d', '-p', PIDS.libvirtd, '-f', conf]);
  const deadline = Date.now() + 60_000;
  for (let last = askVersion(); last.status !== 0; last = askVersion()) {
    if (Date.now() > deadline) {
      // Say why (libvirtd's own words), and leave no daemon behind for the next suite to trip over.
      stopDaemons();
      throw new Error(
        `libvirtd started but qemu:///system did not answer in 60 s: ${(last.stderr || last.stdout).trim()}`,
      );
    }
    spawnSync('sleep', ['0.2']);
  }
}

function stopDaemons(): void {
  // Leftover test domains (a suite that crashed): their QEMU processes outlive libvirtd otherwise.
  for (const name of listTestDomains()) removeDomain(name);
  for (const file of [PIDS.libvirtd, PIDS.virtlogd]) {
    const pid = readPid(file);
    if (pid !== null && alive(pid)) process.kill(pid, 'SIGTERM');
    fs.rmSync(file, { force: true });
  }
}

function listTestDomains(): string[] {
  try {
    return virshSystem('list', '--all', '--name')
      .split('\n')
      .map((l) => l.trim())
      .filter((n) => n.startsWith(TEST_DOMAIN_PREFIX));
  } catch {
    return [];
  }
}

/** Starts (or joins) the tests' libvirtd; call release() in afterAll. */
export function useTestLibvirtd(): TestLibvirtd {
  const me = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const ours = locked(() => {
    const pid = readPid(PIDS.libvirtd);
    const started = pid !== null && alive(pid);
    if (!started && !responds()) {
      startDaemons();
      fs.writeFileSync(path.join(USERS, me), '');
      return true;
    }
    fs.writeFileSync(path.join(USERS, me), '');
    return started;
  });
  // Debian's packaging leaves /run/libvirt 0755 so anyone reaches the read-only socket (virsh -r, what
  // the probe's monitoring account uses); libvirtd started by hand creates it 0700.
  if (fs.existsSync('/run/libvirt') && (fs.statSync('/run/libvirt').mode & 0o777) === 0o700)
    fs.chmodSync('/run/libvirt', 0o755);
  let released = false;
  return {
    uri: SYSTEM_URI,
    ours,
    release() {
      if (released) return;
      released = true;
      locked(() => {
        fs.rmSync(path.join(USERS, me), { force: true });
        if (ours && liveUsers().length === 0) stopDaemons();
      });
    },
  };
}

/** A domain name no other test (or earlier run) uses. */
export function uniqueDomainName(label: string): string {
  return `${TEST_DOMAIN_PREFIX}${label}-${randomBytes(3).toString('hex')}`;
}

/**
 * A TCG guest QEMU can start in about a second: 64 MiB, no disk unless `disk` (a 10 MB raw file),
 * no network, a serial console only. `extraDevices` goes into <devices> as written.
 */
export function tinyDomainXml(o: {
  name: string;
  disk?: { file: string; cache?: string; io?: string };
  extraDevices?: string;
}): string {
  const driver = o.disk
    ? `<driver name='qemu' type='raw'${o.disk.cache ? ` cache='${o.disk.cache}'` : ''}${o.disk.io ? ` io='${o.disk.io}'` : ''}/>`
    : '';
  return `<domain type='qemu'>
  <name>${o.name}</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
${o.disk ? `    <disk type='file' device='disk'>${driver}<source file='${o.disk.file}'/><target dev='vda' bus='virtio'/></disk>\n` : ''}    <serial type='pty'/>
    <memballoon model='none'/>
${o.extraDevices ?? ''}  </devices>
</domain>
`;
}

/** Defines `xml` from a file in `dir`; returns the domain's name. */
export function defineDomain(dir: string, name: string, xml: string): string {
  const file = path.join(dir, `${name}.xml`);
  fs.writeFileSync(file, xml);
  virshSystem('define', file);
  return name;
}

/** A sparse 10 MB raw disk image. */
export function rawDisk(file: string): string {
  fs.writeFileSync(file, '');
  fs.truncateSync(file, 10 * 1024 * 1024);
  return file;
}

/** Stops (destroy) and undefines a test domain, ignoring one already gone. */
export function removeDomain(name: string): void {
  spawnSync('virsh', ['-q', '-c', SYSTEM_URI, 'destroy', name], { stdio: 'ignore', timeout: 60_000 });
  spawnSync('virsh', ['-q', '-c', SYSTEM_URI, 'undefine', name], { stdio: 'ignore', timeout: 60_000 });
}

/** The domain's state as `virsh domstate` prints it ("running", "shut off"). */
export function domainState(name: string): string {
  return virshSystem('domstate', name).trim();
}

/**
 * A non-root account for the monitoring side of tests that also make changes: the inventory refuses a
 * remediation account equal to the monitoring one. `virsh -r` (the probe's read-only connection) and
 * /proc/PID/cmdline work for any user. Its password field is "*" (no password, not locked: sshd without
 * PAM refuses a "!"-locked account even with a key). Root only; created once.
 */
export function ensureMonitorAccount(name = 'ew-monitor'): string {
  if (spawnSync('getent', ['passwd', name], { stdio: 'ignore' }).status !== 0)
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/bin/sh', '--password', '*', name]);
  return name;
}
