// The lab against real OpenSSH, lsof, virsh and the real probe: what a target shows over SSH is
// its fixture, changes show live, and stop() leaves nothing behind. Needs root.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../lib/inventory/load';
import { parseProbeOutput } from '../../lib/probe/parse';
import { buildProbeScript } from '../../lib/probe/script';
import { domainXml } from './domain-xml';
import { shellQuote } from '../../lib/checks/remedy/shell-quote';
import { startLab } from './lab';
import { tcpAccepts } from './processes';
import type { Lab } from './types';

const run = promisify(execFile);
const XSS = '<img src=x onerror=alert(1)>';
const HOSTILE = `o'brien, "db" $(echo pwned)`;

let lab: Lab;

/** Runs a command on a lab target with the OpenSSH client and the lab's pinned known_hosts. */
async function ssh(
  name: string,
  command: string,
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const t = lab.targets.get(name);
  if (!t) throw new Error(`no target ${name}`);
  // A guest reached via its host is pinned as HOST/[addr]:port (lib/transport knownHostsName).
  const alias = t.hostName ? `${t.hostName}/[127.0.0.1]:${t.port}` : null;
  const aliased = alias !== null && fs.readFileSync(lab.knownHostsPath, 'utf8').includes(`${alias} `);
  const args = [
    '-T', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${lab.knownHostsPath}`,
    ...(aliased ? ['-o', `HostKeyAlias=${alias}`] : []),
    '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=3', '-i', lab.clientKeyPath, '-p', String(t.port),
    'root@127.0.0.1', command,
  ]; // prettier-ignore
  return new Promise((resolve) => {
    const child = execFile('ssh', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 255) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

async function sshOk(name: string, command: string): Promise<string> {
  const r = await ssh(name, command);
  if (r.code !== 0) throw new Error(`ssh ${name} "${command}" exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** `lsof -F pcfn` output → [pid, command, device] per open file. */
function lsofFiles(out: string): { pid: number; command: string; device: string }[] {
  const files: { pid: number; command: string; device: string }[] = [];
  let pid = 0;
  let command = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    else if (line.startsWith('c')) command = line.slice(1);
    else if (line.startsWith('n')) files.push({ pid, command, device: line.slice(1) });
  }
  return files;
}

const virshArgs = (name: string) => `virsh -q -r -c ${shellQuote(lab.targets.get(name)?.libvirtUri ?? '')}`;

beforeAll(async () => {
  lab = await startLab({
    hosts: [
      {
        name: 'kvm-01',
        kernelRelease: '4.19.0-26-amd64',
        poolsize: 4096,
        entropyAvail: 123,
        rngAvailable: '',
        rngCurrent: 'none',
        rngQuality: null,
        hwrng: false,
        domains: [
          domainXml({
            name: XSS,
            disks: [
              {
                target: 'vda',
                type: 'file',
                source: '/img/x.qcow2',
                driverType: 'qcow2',
                cache: 'writeback',
                io: 'native',
              },
            ],
            rngs: [{ backend: '/dev/random', rate: { bytes: 1024, period: 1000 } }],
          }),
          domainXml({
            name: HOSTILE,
            state: 'shutoff',
            disks: [{ target: 'vda', type: 'block', source: '/dev/vg/db', cache: 'unsafe' }],
          }),
        ],
        holders: [{ domain: XSS }, { domain: HOSTILE, devices: ['/dev/random', '/dev/urandom'] }],
        guests: [
          { name: 'web-01', domain: XSS, rngd: true, via: true },
          {
            name: 'db-01',
            domain: HOSTILE,
            hostKey: 'golden',
            machineId: '0123456789abcdef0123456789abcdef',
          },
        ],
      },
      { name: 'kvm-02', hostKey: 'golden', guests: [] },
    ],
    extras: [
      { name: 'junk', behavior: 'garbage' },
      { name: 'blackhole', behavior: 'hang', guestOf: 'kvm-01' },
    ],
  });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
});

describe('a target over SSH shows its fixture', () => {
  it('entropy_avail, uname -r and rng_current', async () => {
    const cmd =
      'cat /proc/sys/kernel/random/entropy_avail; uname -r; cat /sys/devices/virtual/misc/hw_random/rng_current';
    expect(await sshOk('kvm-01', cmd)).toBe('123\n4.19.0-26-amd64\nnone\n');
    expect(await sshOk('web-01', cmd)).toBe('256\n6.1.0-27-amd64\nvirtio_rng.0\n');
    expect(await sshOk('web-01', 'uname -snrm; uname')).toBe('Linux web-01 6.1.0-27-amd64 x86_64\nLinux\n');
  });

  it('its own /dev/hwrng, machine-id, hostname and process table', async () => {
    expect((await ssh('kvm-01', 'test -e /dev/hwrng')).code).toBe(1);
    expect((await ssh('web-01', 'test -e /dev/hwrng')).code).toBe(0);
    expect(await sshOk('db-01', 'cat /etc/machine-id; hostname')).toBe(
      '0123456789abcdef0123456789abcdef\ndb-01\n',
    );
    expect(await sshOk('web-01', 'cat /proc/1/comm; cat /proc/[0-9]*/comm | grep -c rngd')).toBe('sshd\n1\n');
  });

  it('leaves this machine untouched', async () => {
    const { stdout } = await run('uname', ['-r']);
    expect(stdout.trim()).not.toBe('4.19.0-26-amd64');
    expect(fs.readFileSync('/etc/machine-id', 'utf8').trim()).not.toBe('0123456789abcdef0123456789abcdef');
  });

  it('clones (same hostKey) present the same key, and known_hosts pins it for both', async () => {
    const pubs = await Promise.all(
      ['db-01', 'kvm-02'].map((n) => sshOk(n, 'cat /etc/ssh/ssh_host_ed25519_key.pub')),
    );
    expect(pubs[0]).toBe(pubs[1]);
    const pinned = fs.readFileSync(lab.knownHostsPath, 'utf8');
    const key = pubs[0]?.split(' ').slice(0, 2).join(' ') ?? '';
    expect(pinned).toContain(`[127.0.0.1]:${lab.targets.get('db-01')?.port} ${key}`);
    expect(pinned).toContain(`[127.0.0.1]:${lab.targets.get('kvm-02')?.port} ${key}`);
  });
});

describe('a host shows its holders and domains', () => {
  it('lsof lists only that host’s qemu holders, with -name guest=... in their cmdline', async () => {
    const out = (await ssh('kvm-01', 'lsof -w -F pcfn /dev/random /dev/urandom')).stdout;
    const files = lsofFiles(out);
    expect(files.map((f) => [f.command, f.device]).sort()).toEqual([
      ['qemu-system-x86', '/dev/random'],
      ['qemu-system-x86', '/dev/random'],
      ['qemu-system-x86', '/dev/urandom'],
    ]);
    const cmdlines = await sshOk(
      'kvm-01',
      files.map((f) => `tr '\\0' '|' </proc/${f.pid}/cmdline; echo`).join('; '),
    );
    expect(cmdlines).toContain(`qemu-system-x86_64|-f|/dev/null|--|-name|guest=${XSS},debug-threads=on|`);
    expect(cmdlines).toContain(`|-name|guest=o'brien,, "db" $(echo pwned),debug-threads=on|`);
    expect((await ssh('web-01', 'lsof -w -F pcfn /dev/random /dev/urandom')).stdout).toBe('');
    expect((await ssh('kvm-02', 'lsof -w -F pcfn /dev/random /dev/urandom')).stdout).toBe('');
  });

  it('virsh on the test-driver node keeps <driver cache io> and <rng>, and hostile names work', async () => {
    const v = virshArgs('kvm-01');
    expect((await sshOk('kvm-01', `${v} list --all --name`)).trimEnd()).toBe(`${XSS}\n${HOSTILE}`);
    const xml = await sshOk('kvm-01', `${v} dumpxml ${shellQuote(XSS)}`);
    expect(xml).toContain(`<driver name='qemu' type='qcow2' cache='writeback' io='native'/>`);
    expect(xml).toMatch(
      /<rng model='virtio'>\s*<rate bytes='1024' period='1000'\/>\s*<backend model='random'>\/dev\/random<\/backend>/,
    );
    expect((await sshOk('kvm-01', `${v} domstate ${shellQuote(HOSTILE)}`)).trim()).toBe('shut off');
    expect(await sshOk('kvm-01', `${v} dumpxml ${shellQuote(HOSTILE)}`)).toContain(`cache='unsafe'`);
  });

  it('the real probe script reads the fixtures back', async () => {
    const uri = lab.targets.get('kvm-01')?.libvirtUri ?? null;
    const out = await ssh('kvm-01', '/bin/sh -s', buildProbeScript({ kind: 'host', libvirtUri: uri }));
    const parsed = parseProbeOutput(out.stdout, 'host');
    if (!parsed.ok) throw new Error(parsed.error);
    const o = parsed.observation;
    expect([o.kernelRelease, o.entropyAvail, o.poolsize, o.rngCurrent, o.hwrngPresent, o.rngdRunning]).toEqual([
      '4.19.0-26-amd64', 123, 4096, 'none', false, false,
    ]); // prettier-ignore
    expect(o.machineId).toBe(lab.fixture('kvm-01').machineId);
    expect(o.host?.holders.map((h) => [h.domain, h.device]).sort()).toEqual([
      [XSS, '/dev/random'],
      [HOSTILE, '/dev/random'],
      [HOSTILE, '/dev/urandom'],
    ]);
    expect(o.host?.domains.map((d) => [d.name, d.state, d.disks[0]?.cacheMode, d.disks[0]?.ioMode])).toEqual([
      [XSS, 'running', 'writeback', 'native'],
      [HOSTILE, 'shut off', 'unsafe', null],
    ]);
  });
});

describe('the inventory and the special targets', () => {
  it('loads with the real inventory loader', () => {
    const inv = loadInventory({ configPath: lab.inventoryPath, env: {} });
    const byName = new Map(inv.targets.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(['blackhole', 'db-01', 'junk', 'kvm-01', 'kvm-02', 'web-01']);
    expect(byName.get('web-01')).toMatchObject({
      kind: 'guest',
      address: '127.0.0.1',
      port: lab.targets.get('web-01')?.port,
      user: 'root',
      via: 'kvm-01',
      domain: XSS,
      identityFile: lab.clientKeyPath,
      knownHosts: lab.knownHostsPath,
    });
    expect(byName.get('db-01')?.domain).toBe(HOSTILE);
    expect(byName.get('kvm-01')?.libvirtUri).toBe(lab.targets.get('kvm-01')?.libvirtUri);
    expect(byName.get('blackhole')).toMatchObject({ kind: 'guest', hostName: 'kvm-01' });
  });

  it('garbage answers SSH with junk, hang accepts and never speaks', async () => {
    const junk = await ssh('junk', '/bin/sh -s', 'echo lab-marker-42\n');
    expect(junk.code).toBe(0);
    expect(junk.stdout).toContain('<garbage>');
    expect(junk.stdout).not.toContain('lab-marker-42');
    expect(await tcpAccepts(lab.targets.get('blackhole')?.port ?? 0)).toBe(true);
    const hang = await ssh('blackhole', 'true');
    expect(hang.code).toBe(255);
    expect(hang.stderr).toMatch(/timed out/i);
  });

  it('setBehavior heals a special target into a normal one', async () => {
    await lab.setBehavior('junk', 'normal');
    expect(await sshOk('junk', 'uname -r')).toBe('6.1.0-27-amd64\n');
  });
});

describe('changes', () => {
  it('setFixture changes values live, in place', async () => {
    const before = fs.statSync(`${lab.targets.get('web-01')?.dir}/entropy_avail`).ino;
    await lab.setFixture('web-01', {
      entropyAvail: 17,
      kernelRelease: '5.4.0-150-generic',
      hwrng: false,
      rngd: false,
    });
    expect(fs.statSync(`${lab.targets.get('web-01')?.dir}/entropy_avail`).ino).toBe(before);
    expect(await sshOk('web-01', 'cat /proc/sys/kernel/random/entropy_avail; uname -r')).toBe(
      '17\n5.4.0-150-generic\n',
    );
    expect((await ssh('web-01', 'test -e /dev/hwrng')).code).toBe(1);
    expect(await sshOk('web-01', 'cat /proc/[0-9]*/comm | grep -c rngd || true')).toBe('0\n');
  });

  it('setFixture refuses typos and misplaced fields, saying what to fix', async () => {
    await expect(lab.setFixture('web-01', { entropyAvial: 5 } as never)).rejects.toThrow(
      /setFixture\("web-01"\): unknown field\(s\) entropyAvial; known: kernelRelease, entropyAvail/,
    );
    await expect(lab.setFixture('web-01', { holders: [] })).rejects.toThrow(
      '"web-01" is a guest: domains and holders belong to its host "kvm-01"',
    );
    await expect(lab.setFixture('kvm-01', { poolsize: -1 })).rejects.toThrow(/poolsize must be a number ≥ 0/);
    await expect(lab.setFixture('junk', { domains: [] })).rejects.toThrow(/declare it in spec.hosts/);
    await expect(lab.setFixture('nope', {})).rejects.toThrow(/no lab target named "nope"/);
    expect(lab.fixture('kvm-01').poolsize).toBe(4096);
  });

  it('setFixture replaces holders and domains', async () => {
    await lab.setFixture('kvm-01', {
      holders: [{ domain: 'fresh', devices: ['/dev/urandom'] }],
      domains: [domainXml({ name: 'fresh', rngs: [{ backend: '/dev/urandom' }] })],
    });
    const files = lsofFiles((await ssh('kvm-01', 'lsof -w -F pcfn /dev/random /dev/urandom')).stdout);
    expect(files.map((f) => f.device)).toEqual(['/dev/urandom']);
    expect((await sshOk('kvm-01', `${virshArgs('kvm-01')} list --all --name`)).trimEnd()).toBe('fresh');
  });

  it('stopTarget makes the port refuse; startTarget brings it back on the same port', async () => {
    const port = lab.targets.get('db-01')?.port ?? 0;
    await lab.stopTarget('db-01');
    expect(lab.targets.get('db-01')?.pid).toBeNull();
    expect(await tcpAccepts(port)).toBe(false);
    await lab.startTarget('db-01');
    expect(lab.targets.get('db-01')?.port).toBe(port);
    expect(await sshOk('db-01', 'hostname')).toBe('db-01\n');
  });

  it('rotateHostKey makes the pinned key wrong until pinHostKey', async () => {
    await lab.rotateHostKey('kvm-02');
    const r = await ssh('kvm-02', 'true');
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    lab.pinHostKey('kvm-02');
    expect((await ssh('kvm-02', 'true')).code).toBe(0);
  });
});

describe('stop', () => {
  it('kills every process, frees the ports and removes the directory; twice is fine', async () => {
    const ports = [...lab.targets.values()].map((t) => t.port);
    const dir = lab.dir;
    await lab.stop();
    await lab.stop();
    const left = await run('pgrep', ['-f', dir]).then(
      (r) => r.stdout,
      () => '',
    );
    expect(left).toBe('');
    expect(fs.existsSync(dir)).toBe(false);
    for (const port of ports) expect(await tcpAccepts(port)).toBe(false);
    await expect(lab.startTarget('kvm-01')).rejects.toThrow(/is stopped/);
  });
});
