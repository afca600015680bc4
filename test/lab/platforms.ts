// A lab of the platforms besides a libvirt host that only has definitions: a Proxmox VE node whose
// VMs run as "kvm" processes with the command lines qemu-server generates, and a libvirt host whose
// QEMU process runs something other than its definition (a cold boot is pending). The command lines
// and configs are the real ones in lib/probe/fixtures (sources in its README).
import { fixture, fixtureArgv } from '../../lib/probe/qemu-fixtures';
import { domainXml } from './domain-xml';
import type { LabSpec } from './types';

export const PLATFORMS = {
  pve: 'pve-01',
  /** VM 8006 "simple": runs cache=none on scsi4; a [PENDING] change sets writeback (config drift) */
  pveDrifted: 'simple',
  /** VM 103 "MCP": PVE 9 -blockdev command line, no rng0 */
  pveModern: 'MCP',
  /** VM 110 "legacy-db": stopped, cache=unsafe in its config */
  pveStopped: 'legacy-db',
  libvirt: 'kvm-02',
  /** a host with neither libvirt nor Proxmox VE: its guest is the QEMU process "avocado-vt-vm1" */
  plain: 'qemu-03',
  plainGuest: 'avocado-vt-vm1',
  /** libvirt domain QEMUGuest1: defined hdb cache=none io=native, runs cache=unsafe (from before a virsh edit) */
  libvirtDrifted: 'QEMUGuest1',
} as const;

const PENDING_WRITEBACK =
  '\n[PENDING]\nscsi4: local:8006/vm-8006-disk-0.qcow2,discard=on,size=104858K,cache=writeback\n';

const LEGACY_DB = [
  'name: legacy-db',
  'memory: 2048',
  'scsi0: local-lvm:vm-110-disk-0,cache=unsafe,iothread=1,size=8G',
  'scsihw: virtio-scsi-single',
  'smbios1: uuid=5f0e1c6a-8d2b-4c3e-9f4a-1b2c3d4e5f60',
  'vmgenid: 0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a',
  '',
].join('\n');

/** The lab: one Proxmox VE node, one libvirt host with a drifted domain. */
export function platformsSpec(): LabSpec {
  const cacheDisks = [
    { target: 'hda', cache: 'writeback', bus: 'ide' },
    { target: 'hdb', cache: 'none', io: 'native', bus: 'ide' }, // runs cache=unsafe, aio threads: drift
    { target: 'sda', cache: 'none', bus: 'scsi' },
    { target: 'vda', cache: 'writethrough', bus: 'virtio' },
    { target: 'sdb', cache: 'directsync', bus: 'usb' },
  ].map((d) => ({
    ...d,
    type: 'block',
    driverType: 'qcow2',
    source:
      d.target === 'vda'
        ? '/dev/disk/by-path/ip-192.168.44.1:3260-iscsi-iqn.2011-02.lan.hdserver:hydrar-desktop.win7vm-lun-0'
        : '/dev/HostVG/QEMUGuest1',
  }));
  return {
    hosts: [
      {
        name: PLATFORMS.pve,
        proxmox: {
          version: 'pve-manager/9.1.2/9d436f37a0ac4172 (running kernel: 6.17.2-2-pve)',
          configs: {
            8006: fixture('pve-bootorder.conf') + PENDING_WRITEBACK,
            103: fixture('pve9-103.conf'),
            110: LEGACY_DB,
          },
        },
        holders: [
          {
            domain: PLATFORMS.pveDrifted,
            binary: 'kvm',
            devices: ['/dev/urandom'],
            argv: fixtureArgv('pve-bootorder.conf.cmd').slice(1),
          },
          {
            domain: PLATFORMS.pveModern,
            binary: 'kvm',
            devices: ['/dev/urandom'],
            argv: fixtureArgv('pve9-showcmd-103.cmd').slice(1),
          },
        ],
      },
      {
        name: PLATFORMS.libvirt,
        domains: [
          domainXml({
            name: PLATFORMS.libvirtDrifted,
            uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809',
            disks: cacheDisks,
            rngs: [],
          }),
        ],
        holders: [
          {
            domain: PLATFORMS.libvirtDrifted,
            devices: ['/dev/urandom'],
            argv: fixtureArgv('libvirt-disk-cache.args').slice(1),
          },
        ],
      },
      {
        name: PLATFORMS.plain,
        noVirsh: true,
        holders: [
          {
            domain: PLATFORMS.plainGuest,
            devices: ['/dev/urandom'],
            argv: fixtureArgv('qemu-blockdev-keyval.sh').slice(1),
          },
        ],
      },
    ],
    inventory: { interval: '2s', timeout: '5s' },
  };
}
