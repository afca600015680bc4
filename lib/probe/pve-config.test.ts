import { describe, expect, it } from 'vitest';
import { parsePropertyString, parsePveConfig, pveMajorVersion } from './pve-config';
import { fixture } from './qemu-fixtures';

describe('parsePveConfig on qemu-server test configs', () => {
  it('reads name, smbios1 uuid, vmgenid and disks with qemu-server defaults (test/cfg2cmd/bootorder.conf)', () => {
    const vm = parsePveConfig(fixture('pve-bootorder.conf'), 8006, 8);
    expect(vm).toMatchObject({
      vmid: 8006,
      name: 'simple',
      uuid: '7b10d7af-b932-4c66-b2c3-3996152ec465',
      genid: 'c773c261-d800-4348-9f5d-167fadd53cf8',
      rngs: [],
      pendingKeys: [],
      problems: [],
    });
    expect(vm.disks.map((d) => d.target)).toEqual(['ide2', 'scsi4', 'virtio0', 'virtio1']);
    // The same values qemu-server wrote on the command line (pve-bootorder.conf.cmd).
    expect(vm.disks[1]).toEqual({
      target: 'scsi4',
      type: 'volume',
      device: 'disk',
      source: 'local:8006/vm-8006-disk-0.qcow2',
      driverType: 'qcow2',
      cacheMode: 'none',
      ioMode: 'io_uring',
      discard: 'on',
      pveValue: 'local:8006/vm-8006-disk-0.qcow2,discard=on,size=104858K',
    });
    expect(vm.disks[0]).toMatchObject({ device: 'cdrom', source: null, cacheMode: null });
  });

  it('keeps every explicit aio= and cache= (test/cfg2cmd/aio.conf)', () => {
    const vm = parsePveConfig(fixture('pve-aio.conf'), 8006, 8);
    const modes = Object.fromEntries(vm.disks.map((d) => [d.target, `${d.cacheMode}/${d.ioMode}`]));
    expect(modes.scsi0).toBe('none/threads');
    expect(modes.scsi1).toBe('none/native');
    expect(modes.scsi2).toBe('none/io_uring');
    expect(modes.scsi3).toBe('none/io_uring');
    expect(modes.scsi8).toBe('writeback/io_uring');
    expect(vm.disks).toHaveLength(14);
  });

  it('uses the pre-7 aio default when pveversion says 6', () => {
    const vm = parsePveConfig('scsi0: local:100/a.raw\nscsi1: local:100/b.raw,cache=writeback\n', 100, 6);
    expect(vm.disks.map((d) => d.ioMode)).toEqual(['native', 'threads']);
  });

  it('reads a PVE 9 config (qm config 103)', () => {
    const vm = parsePveConfig(fixture('pve9-103.conf'), 103, 9);
    expect(vm.name).toBe('MCP');
    expect(vm.genid).toBe('ca7e11cf-9f1c-4903-aefc-ec42906c9700');
    // efidisk0 is firmware, not a guest disk
    expect(vm.disks.map((d) => d.target)).toEqual(['ide2', 'scsi0']);
  });
});

describe('parsePveConfig rng0, pending changes and odd input', () => {
  it('applies rng0 defaults (RNG.pm: 1024 bytes per 1000 ms) and max_bytes=0 as no limit', () => {
    expect(parsePveConfig('rng0: source=/dev/urandom\n', 1, 8).rngs).toEqual([
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/urandom',
        rate: { bytes: 1024, period: 1000 },
      },
    ]);
    expect(parsePveConfig('rng0: /dev/hwrng,max_bytes=0\n', 1, 8).rngs[0]?.rate).toBeNull();
    expect(
      parsePveConfig('rng0: source=/dev/random,max_bytes=2048,period=500\n', 1, 8).rngs[0],
    ).toMatchObject({
      backendSource: '/dev/random',
      rate: { bytes: 2048, period: 500 },
    });
  });

  it('applies [PENDING] and its delete: line for the next boot, ignores snapshots and cloud-init', () => {
    const text = [
      '#web server',
      '#%3A owned by team A',
      'name: web-1',
      'rng0: source=/dev/random',
      'scsi0: local-lvm:vm-101-disk-0,cache=writeback,size=32G',
      'vmgenid: 0',
      '',
      '[PENDING]',
      'delete: rng0',
      'scsi0: local-lvm:vm-101-disk-0,cache=none,aio=native,size=32G',
      'vmgenid: 7c2b7c6a-0d3e-4f5a-9b1c-2d3e4f5a6b7c',
      '',
      '[before-upgrade]',
      'scsi0: local-lvm:vm-101-disk-0,cache=unsafe',
      'rng0: source=/dev/hwrng',
      '[special:cloudinit]',
      'name: other',
    ].join('\n');
    const vm = parsePveConfig(text, 101, 8);
    expect(vm.name).toBe('web-1');
    expect(vm.genid).toBeNull();
    expect(vm.disks[0]).toMatchObject({ cacheMode: 'writeback', ioMode: 'io_uring', type: 'volume' });
    expect(vm.rngs).toHaveLength(1);
    expect(vm.next.disks[0]).toMatchObject({ cacheMode: 'none', ioMode: 'native' });
    expect(vm.next.rngs).toEqual([]);
    expect(vm.next.genid).toBe('7c2b7c6a-0d3e-4f5a-9b1c-2d3e4f5a6b7c');
    expect(vm.pendingKeys.sort()).toEqual(['rng0', 'scsi0', 'vmgenid']);
  });

  it('reports lines it cannot read and refuses a huge file', () => {
    const vm = parsePveConfig('name: a\nthis is not a config line\nvirtio0: /dev/sdb\n', 5, 8);
    expect(vm.problems).toEqual(['line 2 is not "key: value": "this is not a config line"']);
    expect(vm.disks[0]).toMatchObject({ type: 'block', source: '/dev/sdb' });
    expect(() => parsePveConfig('x'.repeat(600_000), 5, 8)).toThrow(/over the 524288 limit/);
  });
});

describe('parsePropertyString and pveMajorVersion', () => {
  it('splits property strings with a default key', () => {
    expect([...parsePropertyString('local:iso/a.iso,media=cdrom,size=1K', 'file')]).toEqual([
      ['file', 'local:iso/a.iso'],
      ['media', 'cdrom'],
      ['size', '1K'],
    ]);
  });
  it('reads the major version from pveversion', () => {
    expect(pveMajorVersion('pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.8-2-pve)')).toBe(8);
    expect(pveMajorVersion('proxmox-ve: 9.1.0 (running kernel: 6.17.2-2-pve)\npve-manager: 9.1.2')).toBe(9);
    expect(pveMajorVersion('')).toBeNull();
  });
});
