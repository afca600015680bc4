import { describe, expect, it } from 'vitest';
import { pveDiskValue, qmSet } from './proxmox';
import { rngDeviceMissing } from '../rng-device-missing/rng-device-missing';
import { rngBackendBlocking } from '../rng-backend-blocking/rng-backend-blocking';
import { diskCacheUnsafe } from '../disk-cache-unsafe/disk-cache-unsafe';
import { diskCachePolicy } from '../disk-cache-policy/disk-cache-policy';
import { disk, domain, hostContext, rng } from '../../../test/support/check-builders';
import type { TypedCheck } from '../types';

const vm = (patch: Parameters<typeof domain>[0]) =>
  domain({ name: 'web-7', platform: 'proxmox', vmid: 107, judgedFrom: 'running', pid: 900, ...patch });

function commands<F>(check: TypedCheck<F>, ctx: ReturnType<typeof hostContext>) {
  const hit = check.evaluate(ctx)[0];
  if (!hit) throw new Error(`${check.id} did not fire`);
  return check.remediation(hit, ctx).steps.map((s) => s.command);
}

describe('qm syntax', () => {
  it("quotes every word and keeps a disk value's other options", () => {
    expect(qmSet(107, 'rng0', 'source=/dev/urandom,max_bytes=1024,period=1000')).toBe(
      'qm set 107 --rng0 source=/dev/urandom,max_bytes=1024,period=1000',
    );
    expect(
      pveDiskValue(
        'local-lvm:vm-107-disk-0,cache=unsafe,iothread=1,size=32G,aio=threads',
        'none',
        'io_uring',
      ),
    ).toBe('local-lvm:vm-107-disk-0,iothread=1,size=32G,cache=none,aio=io_uring');
    expect(qmSet(107, 'scsi0', "a b,c'd")).toBe(`qm set 107 --scsi0 'a b,c'\\''d'`);
  });
});

describe('remediations on a Proxmox VE host use qm, never virsh', () => {
  it('rng-device-missing: qm set --rng0, then a cold boot of a running VM', () => {
    expect(commands(rngDeviceMissing, hostContext([vm({ rngs: [] })]))).toEqual([
      'qm set 107 --rng0 source=/dev/urandom,max_bytes=1024,period=1000',
      'qm shutdown 107',
      'qm start 107',
    ]);
    expect(
      commands(
        rngDeviceMissing,
        hostContext([vm({ rngs: [], state: 'shut off', judgedFrom: 'definition' })]),
      ),
    ).toEqual(['qm set 107 --rng0 source=/dev/urandom,max_bytes=1024,period=1000']);
  });

  it('rng-backend-blocking: qm set --rng0 with /dev/urandom', () => {
    const ctx = hostContext([vm({ rngs: [rng({ backendSource: '/dev/random' })] })], {
      kernelRelease: '4.19.0',
    });
    expect(commands(rngBackendBlocking, ctx)).toEqual([
      'qm set 107 --rng0 source=/dev/urandom,max_bytes=1024,period=1000',
      'qm shutdown 107',
      'qm start 107',
    ]);
  });

  it('disk-cache-unsafe: qm set --scsi0 with the config value, cache and aio changed', () => {
    const pveValue = 'local-lvm:vm-107-disk-0,cache=unsafe,iothread=1,size=32G';
    const ctx = hostContext([
      vm({
        disks: [
          disk({
            target: 'scsi0',
            type: 'block',
            source: '/dev/pve/vm-107-disk-0',
            cacheMode: 'unsafe',
            ioMode: 'io_uring',
            pveValue,
          }),
        ],
        defined: {
          disks: [
            disk({ target: 'scsi0', type: 'volume', cacheMode: 'unsafe', ioMode: 'io_uring', pveValue }),
          ],
          rngs: [rng()],
          genid: null,
        },
      }),
    ]);
    expect(commands(diskCacheUnsafe, ctx)).toEqual([
      'qm set 107 --scsi0 local-lvm:vm-107-disk-0,iothread=1,size=32G,cache=none,aio=io_uring',
      'qm shutdown 107',
      'qm start 107',
    ]);
  });

  it('a disk whose definition already has the fix needs only the cold boot', () => {
    const ctx = hostContext([
      vm({
        disks: [disk({ target: 'scsi0', type: 'file', cacheMode: 'writethrough', ioMode: 'io_uring' })],
        defined: {
          disks: [disk({ target: 'scsi0', cacheMode: 'writeback', ioMode: 'io_uring' })],
          rngs: [rng()],
          genid: null,
        },
      }),
    ]);
    const hit = diskCachePolicy.evaluate(ctx)[0];
    if (!hit) throw new Error('no hit');
    const r = diskCachePolicy.remediation(hit, ctx);
    expect(r.steps.map((s) => s.command)).toEqual(['qm shutdown 107', 'qm start 107']);
    expect(r.reason).toContain('The definition already has cache=writeback io=io_uring');
  });

  it('a QEMU no manager defines gets the QEMU options to use', () => {
    const ctx = hostContext([domain({ name: 'scratch', platform: 'qemu', judgedFrom: 'running', rngs: [] })]);
    const hit = rngDeviceMissing.evaluate(ctx)[0];
    if (!hit) throw new Error('no hit');
    const steps = rngDeviceMissing.remediation(hit, ctx).steps;
    expect(steps).toHaveLength(1);
    expect(steps[0]?.xml).toContain('-device virtio-rng-pci,rng=rng0,max-bytes=1024,period=1000');
    expect(steps[0]?.command).toBeUndefined();
  });
});
