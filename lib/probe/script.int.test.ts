// Runs the real probe script with real shells on this machine (a KVM guest with kernel 6.x and
// virtio-rng) and checks the parsed Observation against what the machine itself says.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbeOutput, type ProbeKind } from './parse';
import { buildProbeScript } from './script';
import type { Observation } from './types';

const which = (cmd: string): string | null => {
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
};

const SHELLS: Array<{ name: string; cmd: string; args: string[] }> = [
  { name: '/bin/sh', cmd: '/bin/sh', args: [] },
  ...(which('dash') ? [{ name: 'dash', cmd: 'dash', args: [] }] : []),
  // npm test installs busybox (scripts/test-deps.ts), so this shell is always exercised there.
  { name: 'busybox sh', cmd: 'busybox', args: ['sh'] },
];

const RANDOM = '/proc/sys/kernel/random';
const HWRNG = '/sys/devices/virtual/misc/hw_random';
const isRoot = process.getuid?.() === 0;

let dir = '';
const read = (p: string) => readFileSync(p, 'utf8').trim();

function run(shell: { cmd: string; args: string[] }, script: string, env?: NodeJS.ProcessEnv) {
  const r = spawnSync(shell.cmd, shell.args, {
    input: script,
    encoding: 'utf8',
    cwd: dir,
    env,
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return r;
}

function observe(stdout: string, kind: ProbeKind): Observation {
  const r = parseProbeOutput(stdout, kind);
  if (!r.ok) throw new Error(`${r.error}\n${stdout.slice(0, 2000)}`);
  return r.observation;
}

/** A bin directory holding only the named tools, to run the probe on a "smaller" target. */
function binWith(name: string, tools: string[]): string {
  const bin = path.join(dir, name);
  mkdirSync(bin);
  for (const t of tools) {
    const real = which(t);
    if (real) symlinkSync(real, path.join(bin, t));
  }
  return bin;
}

const NODE_XML = `<node>
  <domain type='test'>
    <name>web-1</name>
    <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
    <genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>
    <memory>131072</memory>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'/>
        <source file='/var/lib/libvirt/images/web-1.qcow2'/>
        <target dev='vda' bus='virtio'/>
      </disk>
      <disk type='block' device='disk'>
        <driver name='qemu' type='raw' cache='writethrough' io='threads'/>
        <source dev='/dev/vg0/web-1-data'/>
        <target dev='vdb' bus='virtio'/>
      </disk>
      <disk type='network' device='disk'>
        <driver name='qemu' type='raw' cache='writeback'/>
        <source protocol='rbd' name='pool/web-1-data'><host name='10.0.0.5' port='6789'/></source>
        <target dev='vdc' bus='virtio'/>
      </disk>
      <disk type='file' device='cdrom'>
        <driver name='qemu' type='raw'/>
        <target dev='sda' bus='sata'/>
        <readonly/>
      </disk>
      <rng model='virtio'>
        <rate bytes='1024' period='1000'/>
        <backend model='random'>/dev/urandom</backend>
      </rng>
    </devices>
  </domain>
  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
    <name>evil 'x'; touch pwned; #" $(touch pwned2) \`touch pwned3\` a,b</name>
    <uuid>05a8137a-b68d-41ee-9005-dda8a300abc7</uuid>
    <memory>131072</memory>
    <os><type>hvm</type></os>
    <devices>
      <rng model='virtio'>
        <backend model='random'>/dev/random</backend>
      </rng>
    </devices>
    <test:runstate>5</test:runstate>
  </domain>
</node>
`;
const EVIL = `evil 'x'; touch pwned; #" $(touch pwned2) \`touch pwned3\` a,b`;

let qemu: ChildProcess | null = null;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ew-probe-'));
  writeFileSync(path.join(dir, 'node.xml'), NODE_XML);
  // A QEMU look-alike holding /dev/urandom: dash under the name qemu-system-x86_64, so that
  // lsof reports "qemu-system-x86" and /proc/PID/cmdline carries a libvirt-style -name.
  symlinkSync(which('dash') ?? '/bin/sh', path.join(dir, 'qemu-system-x86_64'));
  qemu = spawn(
    path.join(dir, 'qemu-system-x86_64'),
    ['-c', 'exec 3</dev/urandom; sleep 600 3<&-; :', '-name', 'guest=web,,1,debug-threads=on'],
    { detached: true, stdio: 'ignore' },
  );
  const fdDir = `/proc/${qemu.pid}/fd`;
  // Up to 30 s: a loaded machine may take a while to start the look-alike.
  for (let i = 0; i < 300; i++) {
    const fds = existsSync(fdDir) ? readdirSync(fdDir) : [];
    if (
      fds.some(
        (fd) =>
          spawnSync('readlink', [path.join(fdDir, fd)], { encoding: 'utf8' }).stdout.trim() ===
          '/dev/urandom',
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(() => {
  // The look-alike and its sleep child share a process group: end exactly that group.
  if (qemu?.pid) {
    try {
      process.kill(-qemu.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.each(SHELLS)('the probe run by $name', (shell) => {
  it('reports this machine (kind local) as the machine itself does', () => {
    const r = run(shell, buildProbeScript({ kind: 'local', libvirtUri: null }));
    expect(r.stderr).toBe('');
    const o = observe(r.stdout, 'local');
    expect(o.kernelRelease).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    expect(o.poolsize).toBe(Number(read(`${RANDOM}/poolsize`)));
    expect(o.poolsize).toBe(256);
    expect(o.entropyAvail).toBe(Number(read(`${RANDOM}/entropy_avail`)));
    expect(o.uptimeSec).toBeGreaterThan(0);
    expect(o.rngAvailable).toEqual(
      read(`${HWRNG}/rng_available`)
        .split(/\s+/)
        .filter((w) => w !== 'none'),
    );
    expect(o.rngAvailable).toContain('virtio_rng.0');
    expect(o.rngCurrent).toBe(read(`${HWRNG}/rng_current`));
    expect(o.rngQuality).toBe(Number(read(`${HWRNG}/rng_quality`)));
    expect(o.hwrngPresent).toBe(existsSync('/dev/hwrng'));
    expect(o.machineId).toBe(read('/etc/machine-id'));
    const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? [];
    expect(o.cpuRdrand).toBe(flags.includes('rdrand'));
    expect(o.cpuRdseed).toBe(flags.includes('rdseed'));
    expect(o.osId).toBe(/^ID=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.replace(/"/g, ''));
    const pubs = readdirSync('/etc/ssh').filter((f) => /^ssh_host_.*_key\.pub$/.test(f));
    const expected = pubs.map(
      (f) => execFileSync('ssh-keygen', ['-lf', `/etc/ssh/${f}`], { encoding: 'utf8' }).split(' ')[1],
    );
    expect(o.sshHostKeys.map((k) => k.fingerprint).sort()).toEqual(expected.sort());
    const seed = '/var/lib/systemd/random-seed';
    if (existsSync(seed)) {
      expect(o.randomSeedSha256).toBe(createHash('sha256').update(readFileSync(seed)).digest('hex'));
    } else {
      expect(o.randomSeedSha256).toBeNull();
      expect(o.fieldErrors.randomSeedSha256).toBe('missing');
    }
    expect(o.host).toBeNull();
    expect(Object.keys(o.fieldErrors).filter((k) => k !== 'randomSeedSha256')).toEqual([]);
  });

  it('reports holders and the test-driver domains (kind host), and names stay inert', () => {
    // run() kills the probe at 30 s, so a hang fails below; no tighter wall-clock bound (5x slower machines).
    const r = run(shell, buildProbeScript({ kind: 'host', libvirtUri: `test://${dir}/node.xml` }));
    const o = observe(r.stdout, 'host');
    expect(readdirSync(dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(o.host?.holders).toContainEqual({
      pid: qemu?.pid,
      command: 'qemu-system-x86',
      device: '/dev/urandom',
      domain: 'web,1',
    });
    const [web, evil] = o.host?.domains ?? [];
    expect(o.host?.domains).toHaveLength(2);
    expect(web).toMatchObject({
      name: 'web-1',
      uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
      genid: '43dc0cf8-809b-4adb-9bea-a9abb5f3d90d',
      state: 'running',
    });
    expect([...(web?.disks ?? [])].sort((a, b) => a.target.localeCompare(b.target))).toEqual([
      {
        target: 'sda',
        type: 'file',
        device: 'cdrom',
        source: null,
        driverType: 'raw',
        cacheMode: null,
        ioMode: null,
        discard: null,
      },
      {
        target: 'vda',
        type: 'file',
        device: 'disk',
        source: '/var/lib/libvirt/images/web-1.qcow2',
        driverType: 'qcow2',
        cacheMode: 'none',
        ioMode: 'native',
        discard: 'unmap',
      },
      {
        target: 'vdb',
        type: 'block',
        device: 'disk',
        source: '/dev/vg0/web-1-data',
        driverType: 'raw',
        cacheMode: 'writethrough',
        ioMode: 'threads',
        discard: null,
      },
      {
        target: 'vdc',
        type: 'network',
        device: 'disk',
        source: 'rbd:pool/web-1-data',
        driverType: 'raw',
        cacheMode: 'writeback',
        ioMode: null,
        discard: null,
      },
    ]);
    expect(web?.rngs).toEqual([
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/urandom',
        rate: { bytes: 1024, period: 1000 },
      },
    ]);
    expect(evil).toMatchObject({ name: EVIL, state: 'shut off', disks: [] });
    expect(evil?.rngs).toEqual([
      { model: 'virtio', backendModel: 'random', backendSource: '/dev/random', rate: null },
    ]);
    expect(
      Object.keys(o.fieldErrors).filter((k) => k !== 'randomSeedSha256' && !k.startsWith('holder:')),
    ).toEqual([]);
  });
});

describe('the probe on targets that lack things', () => {
  const sh = SHELLS[0]!;

  it('records missing lsof and virsh per field and still reaches the end', () => {
    const bin = binWith('bin-basic', [
      'uname',
      'cat',
      'mktemp',
      'base64',
      'gzip',
      'od',
      'timeout',
      'sha256sum',
    ]);
    const r = run(sh, buildProbeScript({ kind: 'host', libvirtUri: `test://${dir}/node.xml` }), {
      ...process.env,
      PATH: bin,
    });
    const o = observe(r.stdout, 'host');
    // No virsh, no Proxmox VE: a plain QEMU host, whose guests are its QEMU processes (none here).
    expect(o.host).toEqual({ holders: [], domains: [], platform: 'qemu', pveVersion: null });
    expect(o.fieldErrors).toMatchObject({ holders: 'lsof not installed', libvirt: /^virsh not installed: / });
    expect(o.fieldErrors.domains).toBeUndefined();
    expect(o.poolsize).toBe(256);
  });

  it('falls back to od hex without base64 and gzip, and decodes the same domains', () => {
    const bin = binWith('bin-nob64', ['uname', 'cat', 'mktemp', 'od', 'timeout', 'virsh', 'lsof']);
    const r = run(sh, buildProbeScript({ kind: 'host', libvirtUri: `test://${dir}/node.xml` }), {
      ...process.env,
      PATH: bin,
    });
    expect(r.stdout).toContain('@@ virsh_batch hex\n');
    const o = observe(r.stdout, 'host');
    expect(o.host?.domains.map((d) => [d.name, d.disks.length, d.rngs.length])).toEqual([
      ['web-1', 4, 1],
      [EVIL, 0, 1],
    ]);
    expect(o.host?.holders.find((h) => h.pid === qemu?.pid)?.domain).toBe('web,1');
    expect(o.fieldErrors.randomSeedSha256).toMatch(/^(missing|sha256sum not installed)$/);
  });

  it('runs lsof again without -X and -K i where lsof rejects them (before 4.90), and finds the same holders', () => {
    const bin = binWith('bin-oldlsof', ['uname', 'cat', 'mktemp', 'base64', 'gzip', 'timeout', 'virsh']);
    const calls = path.join(dir, 'lsof-calls');
    // What lsof 4.89 does with "-K i": -K takes no value, so "i" is a file it cannot stat.
    writeFileSync(
      path.join(bin, 'lsof'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >>${calls}\ncase " $* " in *" -K i "*) echo 'lsof: status error on i: No such file or directory' >&2; exit 1 ;; esac\nexec ${which('lsof')} "$@"\n`,
      { mode: 0o755 },
    );
    const r = run(sh, buildProbeScript({ kind: 'host', libvirtUri: `test://${dir}/node.xml` }), {
      ...process.env,
      PATH: bin,
    });
    const o = observe(r.stdout, 'host');
    expect(o.host?.holders.find((h) => h.pid === qemu?.pid)?.domain).toBe('web,1');
    expect(o.fieldErrors.holders).toBeUndefined();
    expect(readFileSync(calls, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('gives a failed command on a guest its reason from stderr (the stderr file is made only then)', () => {
    const bin = binWith('bin-denied', ['cat', 'mktemp', 'rm', 'sha256sum']);
    writeFileSync(path.join(bin, 'uname'), "#!/bin/sh\necho 'uname: Permission denied' >&2\nexit 1\n", {
      mode: 0o755,
    });
    const r = run(sh, buildProbeScript({ kind: 'guest', libvirtUri: null }), { ...process.env, PATH: bin });
    const o = observe(r.stdout, 'guest');
    expect(o.kernelRelease).toBeNull();
    expect(o.fieldErrors.kernelRelease).toBe('permission denied: uname: Permission denied');
    expect(o.poolsize).toBe(Number(read(`${RANDOM}/poolsize`)));
  });

  it('records why libvirt could not be reached', () => {
    const r = run(sh, buildProbeScript({ kind: 'host', libvirtUri: `test://${dir}/absent.xml` }));
    const o = observe(r.stdout, 'host');
    expect(o.host?.domains).toEqual([]);
    expect(o.fieldErrors.domains).toMatch(/^error: exit 1: .*failed to connect to the hypervisor/);
  });

  it('runs nothing when the script arrives cut short', () => {
    const script = buildProbeScript({ kind: 'host', libvirtUri: `test://${dir}/node.xml` });
    for (const fraction of [0.1, 0.5, 0.9, 0.99]) {
      const r = run(sh, script.slice(0, Math.floor(script.length * fraction)));
      expect(r.stdout).toBe('');
      expect(parseProbeOutput(r.stdout, 'host').ok).toBe(false);
    }
  });

  it.runIf(isRoot && which('unshare'))(
    'reads entropy_avail and poolsize each on its own when one cat of both cannot tell them apart',
    () => {
      const lab = path.join(dir, 'lab-counts');
      mkdirSync(lab, { recursive: true });
      // Without its newline, "12" runs into poolsize's "4096" in one cat: "124096" must not be read.
      writeFileSync(path.join(lab, 'entropy_avail'), '12', { mode: 0o644 });
      writeFileSync(path.join(lab, 'poolsize'), '4096\n', { mode: 0o644 });
      const binds = `
        mount --bind "$1/poolsize" ${RANDOM}/poolsize &&
        mount --bind "$1/entropy_avail" ${RANDOM}/entropy_avail && exec /bin/sh`;
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', binds, 'sh', lab], {
        input: buildProbeScript({ kind: 'guest', libvirtUri: null }),
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(observe(r.stdout, 'guest')).toMatchObject({ entropyAvail: 12, poolsize: 4096 });
    },
  );

  it.runIf(isRoot && which('unshare') && which('setpriv'))(
    'reports an old kernel, a missing hwrng, a malformed value and a denied file as such',
    () => {
      const lab = path.join(dir, 'lab');
      mkdirSync(path.join(lab, 'no-hwrng'), { recursive: true });
      writeFileSync(path.join(lab, 'poolsize'), '4096\n', { mode: 0o644 });
      writeFileSync(path.join(lab, 'entropy_avail'), 'abc\n', { mode: 0o644 });
      writeFileSync(path.join(lab, 'uname'), '#!/bin/sh\necho 4.19.0-27-amd64\n', { mode: 0o755 });
      writeFileSync(path.join(lab, 'machine-id'), '0123456789abcdef0123456789abcdef\n', { mode: 0o600 });
      // A private mount namespace: the binds are visible to this one shell only.
      const binds = `
        mount --bind "$1/no-hwrng" ${HWRNG} &&
        mount --bind "$1/poolsize" ${RANDOM}/poolsize &&
        mount --bind "$1/entropy_avail" ${RANDOM}/entropy_avail &&
        mount --bind "$1/uname" "$(command -v uname)" &&
        mount --bind "$1/machine-id" /etc/machine-id &&
        exec setpriv --reuid nobody --regid nogroup --clear-groups /bin/sh`;
      const r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', binds, 'sh', lab], {
        input: buildProbeScript({ kind: 'guest', libvirtUri: null }),
        encoding: 'utf8',
        timeout: 30_000,
      });
      const o = observe(r.stdout, 'guest');
      expect(o).toMatchObject({
        kernelRelease: '4.19.0-27-amd64',
        poolsize: 4096,
        entropyAvail: null,
        rngAvailable: null,
        rngCurrent: null,
        rngQuality: null,
        machineId: null,
      });
      expect(o.fieldErrors).toMatchObject({
        entropyAvail: 'malformed: "abc"',
        rngAvailable: 'missing',
        rngCurrent: 'missing',
        rngQuality: 'missing',
        machineId: 'permission denied',
      });
      expect(read(`${RANDOM}/poolsize`)).toBe('256');
    },
  );
});
