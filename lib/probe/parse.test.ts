import { describe, expect, it } from 'vitest';
import { MAX_PROBE_BYTES, parseOsRelease, parseProbeOutput, type ProbeKind } from './parse';
import {
  BUILD_UUID,
  DB_UUID,
  KEYS,
  legacyHostOutput,
  MODERN_GUEST,
  probeOutput,
  WEB_UUID,
  type FixtureSection,
} from './probe-fixtures';
import type { Observation } from './types';

function observe(stdout: string, kind: ProbeKind = 'guest'): Observation {
  const r = parseProbeOutput(stdout, kind);
  if (!r.ok) throw new Error(r.error);
  return r.observation;
}

/** The modern guest with some sections replaced (or removed with `null`). */
function guestWith(replace: Record<string, Omit<FixtureSection, 'key'> | null>): string {
  const sections: FixtureSection[] = [];
  const blocks = MODERN_GUEST.split('\n@@ ').slice(1);
  for (const block of blocks) {
    const [head = '', ...rest] = block.split('\n');
    const key = head.split(' ')[0] ?? '';
    if (key in replace) {
      const r = replace[key];
      if (r) sections.push({ key, ...r });
      continue;
    }
    sections.push({
      key,
      lines: rest.filter((l) => l.startsWith('|')).map((l) => l.slice(1)),
      status: rest.find((l) => l.startsWith('@= '))?.slice(3),
    });
  }
  return probeOutput(sections);
}

describe('parseProbeOutput: a modern guest', () => {
  it('reads every field', () => {
    expect(observe(MODERN_GUEST)).toEqual({
      kernelRelease: '6.8.0-49-generic',
      uptimeSec: 86400.52,
      entropyAvail: 256,
      poolsize: 256,
      rngAvailable: ['virtio_rng.0'],
      rngCurrent: 'virtio_rng.0',
      rngQuality: 1000,
      hwrngPresent: true,
      rngdRunning: false,
      havegedRunning: false,
      cpuRdrand: true,
      cpuRdseed: true,
      machineId: '0f6d1c2e9a8b4c7d8e9f0a1b2c3d4e5f',
      sshHostKeys: [
        { type: 'ecdsa-sha2-nistp256', fingerprint: KEYS.ecdsa.fingerprint },
        { type: 'ssh-ed25519', fingerprint: KEYS.ed25519.fingerprint },
      ],
      randomSeedSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      osId: 'ubuntu',
      osIdLike: ['debian'],
      fieldErrors: {},
      host: null,
    } satisfies Observation);
  });

  it('gives a guest no host facts even when host sections are present', () => {
    expect(observe(legacyHostOutput(), 'guest').host).toBeNull();
    expect(observe(legacyHostOutput(), 'local').host).toBeNull();
  });
});

describe('parseProbeOutput: a legacy 4.19 host', () => {
  const o = observe(legacyHostOutput(), 'host');

  it('reads the old kernel: 4096-bit pool, no hwrng, no rng_quality, haveged', () => {
    expect(o).toMatchObject({
      kernelRelease: '4.19.0-27-amd64',
      uptimeSec: 3000000.11,
      entropyAvail: 3012,
      poolsize: 4096,
      rngAvailable: [],
      rngCurrent: 'none',
      rngQuality: null,
      hwrngPresent: false,
      rngdRunning: false,
      havegedRunning: true,
      cpuRdrand: false,
      cpuRdseed: false,
      randomSeedSha256: null,
      osId: 'debian',
      osIdLike: [],
    });
    expect(o.sshHostKeys).toEqual([{ type: 'ssh-rsa', fingerprint: KEYS.rsa.fingerprint }]);
  });

  it('explains every null field and nothing else', () => {
    expect(o.fieldErrors).toEqual({ rngQuality: 'missing', randomSeedSha256: 'permission denied' });
  });

  it('maps holders to domains and reads every domain from the one virsh batch', () => {
    expect(o.host?.holders).toEqual([
      { pid: 812, command: 'haveged', device: '/dev/random', domain: null },
      { pid: 2301, command: 'qemu-system-x86', device: '/dev/urandom', domain: 'web-1' },
    ]);
    expect(
      o.host?.domains.map((d) => [d.name, d.state, d.disks.map((x) => x.cacheMode), d.rngs.length]),
    ).toEqual([
      ['web-1', 'running', ['none', null, 'writeback'], 1],
      ['db-1', 'shut off', ['writethrough'], 1],
      ["build 'x'; rm -rf ~ #", 'paused', [null], 0],
    ]);
    // BUILD_XML has no <uuid>: the UUID virsh listed it under stands in.
    expect(o.host?.domains.map((d) => d.uuid)).toEqual([WEB_UUID, DB_UUID, BUILD_UUID]);
  });
});

describe('parseProbeOutput: fields that cannot be read', () => {
  it('records missing files, denied files and absent tools per field', () => {
    const o = observe(
      guestWith({
        rng_available: { status: 'missing' },
        rng_current: { status: 'missing' },
        rng_quality: { status: 'missing' },
        machine_id: { status: 'denied' },
        random_seed_sha256: { status: 'no-tool sha256sum' },
        kernel_release: { status: 'no-tool uname' },
        rng_daemons: { status: 'error no /proc/PID/comm readable' },
        cpu_flags: { status: 'missing no flags line' },
        ssh_host_keys: { status: 'missing' },
        os_release: { status: 'missing' },
      }),
    );
    expect(o).toMatchObject({
      kernelRelease: null,
      rngAvailable: null,
      rngCurrent: null,
      rngQuality: null,
      machineId: null,
      randomSeedSha256: null,
      rngdRunning: null,
      havegedRunning: null,
      cpuRdrand: null,
      cpuRdseed: null,
      sshHostKeys: [],
      osId: null,
      osIdLike: [],
      entropyAvail: 256,
    });
    expect(o.fieldErrors).toEqual({
      kernelRelease: 'uname not installed',
      rngAvailable: 'missing',
      rngCurrent: 'missing',
      rngQuality: 'missing',
      machineId: 'permission denied',
      randomSeedSha256: 'sha256sum not installed',
      rngdRunning: 'error: no /proc/PID/comm readable',
      havegedRunning: 'error: no /proc/PID/comm readable',
      cpuRdrand: 'missing',
      cpuRdseed: 'missing',
      sshHostKeys: 'missing',
      osId: 'missing',
    });
  });

  it('turns one malformed value into a null field without failing the rest', () => {
    const o = observe(
      guestWith({
        entropy_avail: { lines: ['abc'] },
        poolsize: { lines: ['-1'] },
        uptime: { lines: ['soon'] },
        machine_id: { lines: ['uninitialized'] },
        hwrng: { lines: ['maybe'] },
        rng_current: { lines: [''] },
        random_seed_sha256: { lines: ['deadbeef  -'] },
      }),
    );
    expect(o.entropyAvail).toBeNull();
    expect(o.fieldErrors).toEqual({
      entropyAvail: 'malformed: "abc"',
      poolsize: 'malformed: "-1"',
      uptimeSec: 'malformed: "soon"',
      machineId: 'malformed: "uninitialized"',
      hwrngPresent: 'malformed: "maybe"',
      rngCurrent: 'malformed: ""',
      randomSeedSha256: 'malformed: "deadbeef  -"',
    });
    expect(o.kernelRelease).toBe('6.8.0-49-generic');
    expect(o.rngAvailable).toEqual(['virtio_rng.0']);
  });

  it('says which fields the probe did not report at all', () => {
    const o = observe(guestWith({ poolsize: null, cpu_flags: null }));
    expect(o.poolsize).toBeNull();
    expect(o.fieldErrors).toEqual({
      poolsize: 'not reported by the probe',
      cpuRdrand: 'not reported by the probe',
      cpuRdseed: 'not reported by the probe',
    });
  });

  it('keeps readable host keys when another key file is denied, and reports bad key lines', () => {
    const o = observe(
      guestWith({
        ssh_host_keys: {
          lines: [KEYS.ed25519.line, 'ssh-rsa AAAA'],
          status: 'denied /etc/ssh/ssh_host_rsa_key.pub',
        },
      }),
    );
    expect(o.sshHostKeys).toEqual([{ type: 'ssh-ed25519', fingerprint: KEYS.ed25519.fingerprint }]);
    expect(o.fieldErrors.sshHostKeys).toBe(
      'permission denied: /etc/ssh/ssh_host_rsa_key.pub; malformed: "ssh-rsa AAAA" (key blob says "?")',
    );
  });

  it('tells rngd from kernel threads and other processes with rng in their name', () => {
    const daemons = (lines: string[]) => observe(guestWith({ rng_daemons: { lines } }));
    expect(daemons(['hwrng', 'jitterentropy-r']).rngdRunning).toBe(false);
    expect(daemons(['rngd']).rngdRunning).toBe(true);
    expect(daemons(['rng-tools']).rngdRunning).toBe(true);
    expect(daemons(['haveged', 'hwrng'])).toMatchObject({ havegedRunning: true, rngdRunning: false });
    expect(daemons([])).toMatchObject({ havegedRunning: false, rngdRunning: false });
  });

  it('reads rdrand and rdseed independently, as whole flags', () => {
    const flags = (line: string) => observe(guestWith({ cpu_flags: { lines: [line] } }));
    expect(flags(' fpu sse rdrand hypervisor')).toMatchObject({ cpuRdrand: true, cpuRdseed: false });
    expect(flags(' fpu rdseed sse')).toMatchObject({ cpuRdrand: false, cpuRdseed: true });
    expect(flags(' fpu rdrandx nordseed')).toMatchObject({ cpuRdrand: false, cpuRdseed: false });
  });

  it('reports framing problems under fieldErrors.probe', () => {
    const o = observe(MODERN_GUEST.replace('@@ poolsize', 'stray output\n@@ poolsize'));
    expect(o.fieldErrors.probe).toBe('unexpected line: "stray output"');
    expect(o.poolsize).toBe(256);
  });

  it('gives a host without host sections empty facts and says why', () => {
    const o = observe(MODERN_GUEST, 'host');
    expect(o.host).toEqual({ holders: [], domains: [], platform: 'libvirt', pveVersion: null });
    expect(o.fieldErrors).toEqual({
      holders: 'not reported by the probe',
      domains: 'not reported by the probe',
    });
  });
});

describe('parseProbeOutput: output that is not a probe report', () => {
  it('refuses garbage, a truncated report and an unknown version', () => {
    const garbage = parseProbeOutput('sh: 1: Syntax error: "(" unexpected\n', 'guest');
    expect(garbage).toEqual({
      ok: false,
      error:
        'not Entropy Watch probe output: "sh: 1: Syntax error: \\"(\\" unexpected\\n" (no EW-PROBE header)',
    });
    const cut = parseProbeOutput(MODERN_GUEST.slice(0, MODERN_GUEST.indexOf('@@ machine_id')), 'guest');
    expect(cut.ok === false && cut.error).toContain('no EW-END end marker');
    const v9 = parseProbeOutput(MODERN_GUEST.replace('EW-PROBE 1', 'EW-PROBE 9'), 'guest');
    expect(v9.ok === false && v9.error).toContain('unknown probe version "9"');
  });

  it('refuses output over MAX_PROBE_BYTES, counting bytes rather than characters', () => {
    expect(MAX_PROBE_BYTES).toBe(262144);
    const pad = (n: number, ch: string) => MODERN_GUEST.replace('EW-END\n', `EW-END\n${ch.repeat(n)}`);
    const room = MAX_PROBE_BYTES - Buffer.byteLength(MODERN_GUEST);
    expect(parseProbeOutput(pad(room, 'x'), 'guest').ok).toBe(true);
    const over = parseProbeOutput(pad(room + 1, 'x'), 'guest');
    expect(over).toEqual({ ok: false, error: `probe output is 262145 bytes, over the 262144-byte limit` });
    // "é" is two bytes in UTF-8: half as many characters already exceed the limit.
    expect(parseProbeOutput(pad(Math.ceil(room / 2) + 1, 'é'), 'guest').ok).toBe(false);
  });
});

describe('parseOsRelease', () => {
  it('reads quoted and unquoted ID and ID_LIKE', () => {
    expect(parseOsRelease('NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n')).toEqual({
      osId: 'rocky',
      osIdLike: ['rhel', 'centos', 'fedora'],
    });
    expect(parseOsRelease("ID='opensuse-leap'\nID_LIKE='suse opensuse'")).toEqual({
      osId: 'opensuse-leap',
      osIdLike: ['suse', 'opensuse'],
    });
  });
  it('falls back to "linux" as os-release(5) says when ID is absent', () => {
    expect(parseOsRelease('NAME=Mystery\n')).toEqual({ osId: 'linux', osIdLike: [] });
  });
});
