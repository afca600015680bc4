import { describe, expect, it } from 'vitest';
import {
  FIXTURE_MOUNTS,
  hostnameFor,
  initScript,
  processStartLines,
  qemuHolderScript,
} from './namespace-script';

describe('initScript', () => {
  const script = initScript({
    hostname: 'kvm-01',
    targetDir: '/tmp/lab/targets/001-kvm-01',
    keyDir: '/tmp/lab/keys/k1',
    homeDir: '/tmp/lab/home',
    binDir: '/tmp/lab/bin',
    processes: { holders: [{ domain: 'web' }], rngd: true, haveged: false },
  });
  const lines = script.split('\n');

  it('mounts /dev and devpts first, then every fixture, then /etc/ssh and /root, and ends by becoming sshd', () => {
    const mounts = lines.filter((l) => l.startsWith('mount '));
    expect(mounts[0]).toBe('mount --bind /tmp/lab/targets/001-kvm-01/dev /dev');
    expect(mounts[1]).toMatch(/^mount -t devpts -o newinstance/);
    expect(mounts.slice(2, 2 + FIXTURE_MOUNTS.length)).toEqual(
      FIXTURE_MOUNTS.map(([src, dst]) => `mount --bind /tmp/lab/targets/001-kvm-01/${src} ${dst}`),
    );
    expect(mounts.slice(-2)).toEqual([
      'mount --bind /tmp/lab/keys/k1 /etc/ssh',
      'mount --bind /tmp/lab/home /root',
    ]);
    expect(lines.indexOf('set -e')).toBeLessThan(lines.indexOf(mounts[0] as string));
    expect(lines.filter(Boolean).at(-1)).toBe(
      'exec /usr/sbin/sshd -D -e -f /tmp/lab/targets/001-kvm-01/sshd_config',
    );
  });

  it('starts holders and daemons before sshd', () => {
    const exec = lines.findIndex((l) => l.startsWith('exec /usr/sbin/sshd'));
    const holder = lines.findIndex((l) => l.includes('qemu-holder'));
    const rngd = lines.findIndex((l) => l.includes('/rngd'));
    expect(holder).toBeGreaterThan(0);
    expect(holder).toBeLessThan(exec);
    expect(rngd).toBeLessThan(exec);
    expect(script).not.toContain('haveged');
  });
});

describe('processStartLines', () => {
  it('quotes hostile domain names as one word and lists every device', () => {
    const [line] = processStartLines('/b', {
      holders: [{ domain: `o'brien, "db" $(echo pwned)`, devices: ['/dev/random', '/dev/urandom'] }],
      rngd: false,
      haveged: false,
    });
    expect(line).toBe(
      `/b/qemu-holder /dev/random,/dev/urandom 'o'\\''brien, "db" $(echo pwned)' </dev/null >/dev/null 2>&1 &`,
    );
  });

  it('defaults a holder to /dev/random and starts haveged when asked', () => {
    const lines = processStartLines('/b', { holders: [{ domain: 'web' }], rngd: false, haveged: true });
    expect(lines[0]).toContain(`/dev/random web`);
    expect(lines[1]).toBe(`/b/haveged infinity </dev/null >/dev/null 2>&1 &`);
  });
});

describe('hostnameFor and qemuHolderScript', () => {
  it('makes a valid hostname of any target name', () => {
    expect(hostnameFor('Web_01.prod')).toBe('web-01-prod');
    expect(hostnameFor('---')).toBe('lab-target');
    expect(hostnameFor('a'.repeat(100))).toHaveLength(63);
  });

  it('runs the tail copy as qemu-system-x86_64 with QEMU-escaped commas', () => {
    const s = qemuHolderScript('/b');
    expect(s).toContain(
      `exec -a qemu-system-x86_64 /b/qemu-system-x86_64 -f /dev/null -- -name "guest=\${2//,/,,},debug-threads=on"`,
    );
  });
});
