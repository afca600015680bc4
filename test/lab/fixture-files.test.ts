import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../lib/probe/parse';
import {
  cpuFlags,
  cpuinfoFile,
  defaultFixture,
  fixtureFiles,
  osReleaseFile,
  unameScript,
  uptimeFile,
  validateFixture,
} from './fixture-files';

describe('defaultFixture', () => {
  it('is a healthy modern guest whose identity is unique to its name', () => {
    const a = defaultFixture('a');
    const b = defaultFixture('b');
    expect(a).toMatchObject({ poolsize: 256, entropyAvail: 256, rngCurrent: 'virtio_rng.0', rngd: false });
    expect(a.machineId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.machineId).not.toBe(b.machineId);
    expect(a.randomSeed).not.toBe(b.randomSeed);
    expect(a.hostKey).toBe('a');
    expect(defaultFixture('a')).toEqual(a);
  });
});

describe('fixture files', () => {
  it('writes kernel-style values with a trailing newline, and omits absent files', () => {
    const f = {
      ...defaultFixture('x'),
      entropyAvail: 60,
      poolsize: 4096,
      rngQuality: null,
      randomSeed: null,
    };
    const files = fixtureFiles(f);
    expect(files.entropy_avail).toBe('60\n');
    expect(files.poolsize).toBe('4096\n');
    expect(files['hw_random/rng_quality']).toBeNull();
    expect(files['systemd/random-seed']).toBeNull();
    expect(files['hw_random/rng_current']).toBe('virtio_rng.0\n');
    expect(fixtureFiles(defaultFixture('x'))['hw_random/rng_quality']).toBe('1024\n');
  });

  it('writes /proc/uptime and a cpuinfo whose first flags line carries the flags', () => {
    expect(uptimeFile(600)).toMatch(/^600\.00 \d+\.\d\d\n$/);
    const info = cpuinfoFile(cpuFlags({ rdrand: false, rdseed: true }));
    const flags = info.split('\n').find((l) => l.startsWith('flags'));
    expect(flags).toMatch(/^flags\t\t: fpu /);
    expect(flags?.split(' ')).toContain('rdseed');
    expect(flags?.split(' ')).not.toContain('rdrand');
    expect(info.match(/^processor/gm)).toHaveLength(2);
  });

  it('writes an os-release the probe parser reads back, quoting what needs it', () => {
    const text = osReleaseFile({
      id: 'centos',
      idLike: ['rhel', 'fedora'],
      prettyName: 'CentOS "7" $x',
      versionId: '7',
    });
    expect(text).toContain('ID=centos\n');
    expect(text).toContain('PRETTY_NAME="CentOS \\"7\\" \\$x"');
    expect(parseOsRelease(text)).toEqual({ osId: 'centos', osIdLike: ['rhel', 'fedora'] });
    expect(osReleaseFile({ id: 'debian', idLike: [] })).not.toContain('ID_LIKE');
  });

  it('embeds the kernel release in the uname stand-in, quoted', () => {
    expect(unameScript('6.1.0-27-amd64')).toContain('r=6.1.0-27-amd64\n');
    expect(unameScript("5.4'x")).toContain(`r='5.4'\\''x'`);
  });
});

describe('validateFixture', () => {
  it('names the target and every bad field', () => {
    const bad = {
      ...defaultFixture('g'),
      entropyAvail: Number.NaN,
      poolsize: -1,
      kernelRelease: '',
      machineId: 'a\nb',
    };
    expect(() => validateFixture('g', bad)).toThrow(
      'lab target "g": entropyAvail must be a number ≥ 0, got NaN; poolsize must be a number ≥ 0, got -1; ' +
        'machineId must be one line without NUL bytes; kernelRelease must not be empty',
    );
    expect(() => validateFixture('g', defaultFixture('g'))).not.toThrow();
  });
});
