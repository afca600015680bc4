import { describe, expect, it } from 'vitest';
import { initScript } from './namespace-script';
import { pveInitLines, qemuRunnerLine } from './pve';
import { libvirtArgv } from './qemu-argv';
import { parseQemuCommandLine } from '../../lib/probe/qemu-cmdline';
import { healthyDomain } from './scenario-model';

const opts = {
  hostname: 'pve-01',
  targetDir: '/lab/t/pve-01',
  keyDir: '/lab/keys/k',
  homeDir: '/lab/home',
  binDir: '/lab/bin',
  processes: { holders: [], rngd: false, haveged: false },
};

describe('the Proxmox VE lab host', () => {
  it('overlays /etc and /usr/local/bin before the fixture binds that sit on /etc, and hides virsh', () => {
    const script = initScript({ ...opts, proxmox: true }).split('\n');
    const overlay = script.findIndex((l) => l.startsWith('mount -t overlay lab-pve-etc'));
    const machineId = script.findIndex((l) => l.endsWith(' /etc/machine-id'));
    expect(overlay).toBeGreaterThan(0);
    expect(overlay).toBeLessThan(machineId);
    expect(pveInitLines('/lab/t/pve-01')[0]).toBe(
      'mount -t overlay lab-pve-etc -o lowerdir=/etc,upperdir=/lab/t/pve-01/pve/etc-upper,workdir=/lab/t/pve-01/pve/etc-work /etc',
    );
    expect(script.some((l) => l.includes('mount --bind /dev/null "$v"'))).toBe(true);
    expect(initScript(opts).includes('lab-pve-etc')).toBe(false);
    expect(initScript({ ...opts, noVirsh: true }).includes('mount --bind /dev/null "$v"')).toBe(true);
  });

  it('starts a QEMU stand-in with every argument one shell word', () => {
    expect(
      qemuRunnerLine('/lab/bin', ['/dev/urandom'], 'kvm', ['-name', 'a b,debug-threads=on', "it's"]),
    ).toBe(
      `/lab/bin/qemu-runner /dev/urandom kvm -name 'a b,debug-threads=on' 'it'\\''s' </dev/null >/dev/null 2>&1 &`,
    );
  });
});

describe('libvirtArgv', () => {
  it('writes what the probe reads back as the domain runs it, with a running override', () => {
    const spec = healthyDomain('web-9', { genid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' });
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      ...libvirtArgv(spec, { vda: { cache: 'unsafe' } }),
    ]);
    expect(cfg.name).toBe('web-9');
    expect(cfg.genid).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(cfg.disks).toEqual([
      expect.objectContaining({
        alias: 'virtio-disk0',
        type: 'file',
        cacheMode: 'unsafe',
        ioMode: 'threads',
        driverType: 'qcow2',
      }),
    ]);
    expect(cfg.rngs).toEqual([
      expect.objectContaining({ backendModel: 'random', backendSource: '/dev/urandom' }),
    ]);
  });
});
