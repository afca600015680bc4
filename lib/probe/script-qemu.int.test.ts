// Runs the real probe script with real shells against a real process named like QEMU on this
// machine, whose /proc/PID/cmdline holds a command line libvirt generated (tests/qemuxmlconfdata).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbeOutput } from './parse';
import { buildProbeScript } from './script';
import { fixtureArgv } from './qemu-fixtures';

let dir = '';
let fake: ChildProcess | null = null;
const SHELLS: [string, string[]][] = [
  ['/bin/sh', []],
  ['busybox', ['sh']],
];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ew-qemu-'));
  const tail = spawnSync('sh', ['-c', 'command -v tail'], { encoding: 'utf8' }).stdout.trim();
  // comm is the executable's name cut to 15 bytes: "qemu-system-x86", as for a real QEMU.
  const bin = path.join(dir, 'qemu-system-x86_64');
  copyFileSync(tail, bin);
  // tail follows /dev/null and only complains about the "files" after --: the QEMU arguments.
  const qemuArgs = fixtureArgv('libvirt-disk-cache.args').slice(1);
  fake = spawn(bin, ['-f', '/dev/null', '--', ...qemuArgs], { stdio: 'ignore', argv0: 'qemu-system-x86_64' });
  await new Promise((r) => setTimeout(r, 300));
});

afterAll(() => {
  if (fake?.pid) process.kill(fake.pid, 'SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the probe reads every QEMU process command line', () => {
  for (const [shell, args] of SHELLS) {
    it(`with ${shell}: finds the process and what it runs, without virsh`, () => {
      const script = buildProbeScript({ kind: 'host', libvirtUri: null });
      // No virsh on PATH: a plain QEMU host.
      const r = spawnSync(shell, args, {
        input: script,
        encoding: 'utf8',
        env: { ...process.env, PATH: '/usr/bin:/bin', LANG: 'C' },
        timeout: 30_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      const bin = spawnSync('sh', ['-c', 'ls /usr/bin/virsh /bin/virsh 2>/dev/null'], { encoding: 'utf8' });
      const parsed = parseProbeOutput(r.stdout, 'host');
      if (!parsed.ok) throw new Error(parsed.error);
      const o = parsed.observation;
      expect(r.stdout).toMatch(/^@@ qemu_cmdlines gz-b64$/m);
      const mine = o.host?.domains.find((d) => d.pid === fake?.pid);
      expect(mine).toMatchObject({
        name: 'QEMUGuest1',
        uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809',
        state: 'running',
        judgedFrom: 'running',
      });
      expect(mine?.disks.map((d) => d.cacheMode)).toEqual([
        'writeback',
        'unsafe',
        'none',
        'writethrough',
        'directsync',
      ]);
      if (bin.stdout.trim() === '') expect(o.host?.platform).toBe('qemu');
      expect(o.fieldErrors.qemu).toBeUndefined();
    });
  }
});

describe('platform: proxmox forces the Proxmox VE read', () => {
  it('reports the missing pveversion and configs instead of skipping them', () => {
    const r = spawnSync('/bin/sh', [], {
      input: buildProbeScript({ kind: 'host', libvirtUri: null, platform: 'proxmox' }),
      encoding: 'utf8',
      env: { ...process.env, PATH: '/usr/bin:/bin' },
      timeout: 30_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    const parsed = parseProbeOutput(r.stdout, 'host');
    if (!parsed.ok) throw new Error(parsed.error);
    const o = parsed.observation;
    // This machine is no Proxmox VE node: no pveversion, no /etc/pve.
    expect(o.host?.platform).toBe('proxmox');
    expect(o.fieldErrors.pveVersion).toBe('pveversion not installed');
    expect(o.fieldErrors.domains).toBe('Proxmox VE VM configs missing');
  });
});
