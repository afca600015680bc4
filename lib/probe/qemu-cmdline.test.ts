import { describe, expect, it } from 'vitest';
import { parseQemuCommandLine } from './qemu-cmdline';
import { fixtureArgv } from './qemu-fixtures';

const byAlias = (argv: string[]) =>
  Object.fromEntries(parseQemuCommandLine(argv).disks.map((d) => [d.alias, d]));

describe('parseQemuCommandLine on libvirt command lines (tests/qemuxmlconfdata)', () => {
  it('reads JSON -object rng-random and -device virtio-rng-pci with max-bytes/period', () => {
    const cfg = parseQemuCommandLine(fixtureArgv('libvirt-virtio-rng-random.args'));
    expect(cfg.name).toBe('QEMUGuest1');
    expect(cfg.uuid).toBe('c7a5fdbd-edaf-9455-926a-d65c16db1809');
    expect(cfg.vmid).toBeNull();
    expect(cfg.rngs).toEqual([
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/urandom',
        rate: { bytes: 123, period: 1234 },
      },
    ]);
    expect(cfg.disks).toEqual([]);
    expect(cfg.problems).toEqual([]);
  });

  it('turns -blockdev cache.direct/no-flush and -device write-cache back into the cache modes of disk-cache.xml', () => {
    const disks = byAlias(fixtureArgv('libvirt-disk-cache.args'));
    // disk-cache.xml: hda writeback, hdb unsafe, sda none, vda writethrough, sdb directsync
    expect(disks['ide0-0-0']?.cacheMode).toBe('writeback');
    expect(disks['ide0-0-1']?.cacheMode).toBe('unsafe');
    expect(disks['scsi0-0-0']?.cacheMode).toBe('none');
    expect(disks['virtio-disk0']?.cacheMode).toBe('writethrough');
    expect(disks['usb-disk1']?.cacheMode).toBe('directsync');
    expect(disks['ide0-0-0']).toMatchObject({
      type: 'block',
      device: 'disk',
      source: '/dev/HostVG/QEMUGuest1',
      driverType: 'qcow2',
      ioMode: null,
      discard: 'unmap',
    });
  });
});

describe('parseQemuCommandLine on Proxmox VE command lines', () => {
  it('reads -id, -name NAME,debug-threads=on, -smbios uuid, vmgenid and -drive cache/aio (qemu-server cfg2cmd)', () => {
    const argv = fixtureArgv('pve-bootorder.conf.cmd');
    const cfg = parseQemuCommandLine(argv);
    expect(cfg).toMatchObject({
      name: 'simple',
      vmid: 8006,
      uuid: '7b10d7af-b932-4c66-b2c3-3996152ec465',
      genid: 'c773c261-d800-4348-9f5d-167fadd53cf8',
      rngs: [],
      problems: [],
    });
    const disks = byAlias(argv);
    expect(Object.keys(disks)).toEqual(['ide2', 'scsi4', 'virtio0', 'virtio1']);
    expect(disks.scsi4).toMatchObject({
      target: 'scsi4',
      type: 'file',
      source: '/var/lib/vz/images/8006/vm-8006-disk-0.qcow2',
      driverType: 'qcow2',
      cacheMode: 'none',
      ioMode: 'io_uring',
      discard: 'on',
    });
    expect(disks.ide2).toMatchObject({ device: 'cdrom', source: null, cacheMode: null, ioMode: 'io_uring' });
  });

  it('follows PVE 9 -blockdev JSON through inline throttle → raw → host_device nodes', () => {
    const argv = fixtureArgv('pve9-showcmd-103.cmd');
    const cfg = parseQemuCommandLine(argv);
    expect(cfg).toMatchObject({ name: 'MCP', vmid: 103, genid: 'ca7e11cf-9f1c-4903-aefc-ec42906c9700' });
    expect(cfg.uuid).toBe('1f4c47f0-4682-4764-acce-54a29bf8e8ff');
    const disks = byAlias(argv);
    // efidisk0 and pflash0 are firmware (-machine pflash=): no -device uses them.
    expect(Object.keys(disks)).toEqual(['ide2', 'scsi0']);
    expect(disks.scsi0).toMatchObject({
      type: 'block',
      source: '/dev/pve/vm-103-disk-1',
      driverType: 'raw',
      cacheMode: 'none',
      ioMode: 'io_uring',
      discard: 'ignore',
    });
    expect(disks.ide2).toMatchObject({ device: 'cdrom', type: 'file', cacheMode: 'writeback' });
    expect(cfg.problems).toEqual([]);
  });

  it('reads the rng-random object and limiter qemu-server prints for rng0 (PVE/QemuServer/RNG.pm)', () => {
    const cfg = parseQemuCommandLine([
      '/usr/bin/kvm',
      '-id',
      '101',
      '-object',
      'rng-random,filename=/dev/random,id=rng0',
      '-device',
      'virtio-rng-pci,rng=rng0,max-bytes=1024,period=1000,bus=pci.1,addr=0x1d',
    ]);
    expect(cfg.rngs).toEqual([
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/random',
        rate: { bytes: 1024, period: 1000 },
      },
    ]);
  });
});

describe('parseQemuCommandLine on plain QEMU', () => {
  it('reads -blockdev in key=value form with dotted cache.* keys', () => {
    const disks = byAlias(fixtureArgv('qemu-blockdev-keyval.sh'));
    expect(disks.image1).toMatchObject({
      type: 'file',
      cacheMode: 'none',
      ioMode: 'threads',
      driverType: 'qcow2',
    });
    expect(disks.stg0).toMatchObject({ cacheMode: 'none', ioMode: 'native' });
    expect(parseQemuCommandLine(fixtureArgv('qemu-blockdev-keyval.sh')).name).toBe('avocado-vt-vm1');
  });

  it('reads a -drive with its own interface, the default ide interface and rng-builtin/rng-egd backends', () => {
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '-drive',
      'file=/srv/a.img,if=virtio,cache=writethrough,aio=native',
      '-drive',
      'file=/srv/b.img',
      '-drive',
      'if=pflash,format=raw,file=/usr/share/OVMF/OVMF_CODE.fd',
      '-object',
      'rng-builtin,id=rng0',
      '-device',
      'virtio-rng-pci,rng=rng0',
      '-chardev',
      'socket,host=127.0.0.1,port=1024,id=chr0',
      '-object',
      'rng-egd,chardev=chr0,id=rng1',
      '-device',
      'virtio-rng-pci-transitional,rng=rng1',
      '-device',
      'virtio-rng-device',
    ]);
    expect(cfg.disks.map((d) => [d.target, d.cacheMode, d.ioMode])).toEqual([
      ['virtio0', 'writethrough', 'native'],
      ['ide1', null, null],
    ]);
    expect(cfg.rngs).toEqual([
      { model: 'virtio', backendModel: 'builtin', backendSource: null, rate: null },
      { model: 'virtio-transitional', backendModel: 'egd', backendSource: null, rate: null },
      // virtio-rng-device without rng= makes its own rng-builtin
      { model: 'virtio', backendModel: 'builtin', backendSource: null, rate: null },
    ]);
  });
});

describe('parseQemuCommandLine edge cases', () => {
  it('unescapes ",," in names and paths, and the last of a repeated key wins', () => {
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '-name',
      'guest=web,,1,debug-threads=on',
      '-drive',
      'file=/srv/a,,b.img,if=none,id=d0,cache=none,cache=writeback',
      '-device',
      'virtio-blk-pci,drive=d0,id=vd0',
    ]);
    expect(cfg.name).toBe('web,1');
    expect(cfg.disks[0]).toMatchObject({ source: '/srv/a,b.img', cacheMode: 'writeback' });
  });

  it('reads JSON with nested objects and arrays, and --option spellings', () => {
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '--blockdev',
      '{"driver":"qcow2","node-name":"top","cache":{"no-flush":true},"file":{"driver":"file","filename":"/x.qcow2","aio":"io_uring","x-list":[1,[2]]}}',
      '--device',
      '{"driver":"virtio-blk-pci","drive":"top","id":"disk0"}',
    ]);
    expect(cfg.disks).toEqual([
      {
        target: 'disk0',
        alias: 'disk0',
        type: 'file',
        device: 'disk',
        source: '/x.qcow2',
        driverType: 'qcow2',
        cacheMode: 'unsafe',
        ioMode: 'io_uring',
        discard: null,
      },
    ]);
  });

  it('reads network protocol nodes as network disks', () => {
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '-blockdev',
      '{"driver":"rbd","pool":"vms","image":"db-1","node-name":"n1","cache":{"direct":true}}',
      '-device',
      'virtio-blk-pci,drive=n1,id=vd1',
      '-blockdev',
      '{"driver":"iscsi","transport":"tcp","portal":"10.0.0.1:3260","target":"iqn.2024-01.lab:t","lun":1,"node-name":"n2"}',
      '-device',
      'scsi-block,drive=n2,id=lun1',
    ]);
    expect(cfg.disks.map((d) => [d.type, d.device, d.source, d.cacheMode])).toEqual([
      ['network', 'disk', 'rbd:vms/db-1', 'none'],
      ['network', 'lun', 'iscsi:iqn.2024-01.lab:t/1', null],
    ]);
  });

  it('says which option it could not read and keeps the rest', () => {
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '-object',
      '{"qom-type":"rng-random",',
      '-device',
      'virtio-rng-pci,rng=missing',
      '-device',
      'virtio-blk-pci,drive=nowhere,id=vd9',
      '-blockdev',
      '{"driver":"qcow2","node-name":"a","file":"b"}',
      '-blockdev',
      '{"driver":"raw","node-name":"b","file":"a"}',
      '-device',
      'virtio-blk-pci,drive=a,id=loop',
    ]);
    expect(cfg.problems).toHaveLength(3);
    expect(cfg.problems[0]).toMatch(/^-object #2: malformed JSON option/);
    expect(cfg.problems[1]).toMatch(/drive "nowhere" that no -drive\/-blockdev defines/);
    expect(cfg.problems[2]).toMatch(/rng "missing" that no -object defines/);
    expect(cfg.rngs[0]?.backendModel).toBe('unknown');
    // a reference loop ends; the disk is still reported
    expect(cfg.disks.map((d) => d.alias)).toEqual(['loop']);
  });

  it('refuses JSON nested too deeply, a huge argument, and ignores a -uuid that is not one', () => {
    const deep = `{"driver":"raw","node-name":"d","x":${'['.repeat(40)}${']'.repeat(40)}}`;
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '-blockdev',
      deep,
      '-device',
      `virtio-rng-pci,max-bytes=${'9'.repeat(70000)}`,
      '-uuid',
      'not-a-uuid',
      '-id',
      '12x',
    ]);
    expect(cfg.problems[0]).toMatch(/nested deeper than 16 levels/);
    expect(cfg.problems[1]).toMatch(/over the 65536 limit/);
    expect(cfg.uuid).toBeNull();
    expect(cfg.vmid).toBeNull();
  });

  it('does not let JSON keys reach object prototypes', () => {
    const cfg = parseQemuCommandLine([
      'qemu-system-x86_64',
      '-object',
      '{"qom-type":"rng-random","id":"r","__proto__":{"filename":"/dev/evil"}}',
      '-device',
      'virtio-rng-pci,rng=r',
    ]);
    expect(cfg.rngs[0]?.backendSource).toBeNull();
    expect(({} as Record<string, unknown>).filename).toBeUndefined();
  });

  it('reads no option from Object.prototype (-constructor, -__proto__, -toString)', () => {
    const cfg = parseQemuCommandLine([
      'qemu',
      '-constructor',
      'x',
      '-__proto__',
      'y',
      '-toString',
      'z',
      '-hasOwnProperty',
      'w',
    ]);
    expect(cfg).toMatchObject({ name: null, disks: [], rngs: [], deviceOptions: 0, problems: [] });
  });
});
