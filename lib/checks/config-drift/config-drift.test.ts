import { describe, expect, it } from 'vitest';
import { configDriftCheck } from './config-drift';
import { configDrift } from '../kit/drift';
import { disk, domain, guestContext, hostContext, rng } from '../../../test/support/check-builders';

const running = (patch: Parameters<typeof domain>[0] = {}) =>
  domain({ judgedFrom: 'running', pid: 4242, platform: 'libvirt', ...patch });

describe('configDrift', () => {
  it('names each disk setting, RNG backend or rate and vmgenid that differ, on effective values', () => {
    const d = running({
      genid: '11111111-2222-4333-8444-555555555555',
      disks: [disk({ cacheMode: 'writeback', ioMode: 'threads' })],
      rngs: [rng({ backendSource: '/dev/random', rate: null })],
      defined: {
        disks: [disk({ cacheMode: 'none', ioMode: 'native' })],
        rngs: [rng()],
        genid: '99999999-2222-4333-8444-555555555555',
      },
    });
    expect(configDrift(d)).toEqual([
      { setting: 'vda cache', running: 'writeback', defined: 'none' },
      { setting: 'vda io', running: 'threads', defined: 'native' },
      { setting: 'rng #1 backend', running: 'random /dev/random', defined: 'random /dev/urandom' },
      {
        setting: 'vmgenid',
        running: '11111111-2222-4333-8444-555555555555',
        defined: '99999999-2222-4333-8444-555555555555',
      },
    ]);
  });

  it('sees no drift between unset and the value QEMU uses for it, nor on a CD-ROM the process lacks', () => {
    const d = running({
      disks: [disk({ cacheMode: 'writeback', ioMode: 'threads' })],
      defined: {
        disks: [disk(), disk({ target: 'sda', device: 'cdrom', cacheMode: 'none' })],
        rngs: [rng()],
        genid: null,
      },
    });
    expect(configDrift(d)).toEqual([]);
  });

  it("leaves out what a Proxmox config does not set: qemu-server's choice depends on the storage", () => {
    const lvm = running({
      platform: 'proxmox',
      disks: [disk({ target: 'scsi0', cacheMode: 'none', ioMode: 'native' })],
      defined: {
        // aio unset: io_uring assumed, but qemu-server runs native on thick LVM
        disks: [
          disk({
            target: 'scsi0',
            cacheMode: 'none',
            ioMode: 'io_uring',
            pveValue: 'lvm:vm-1-disk-0,size=8G',
          }),
        ],
        rngs: [rng()],
        genid: null,
      },
    });
    expect(configDrift(lvm)).toEqual([]);
    const explicitAio = running({
      platform: 'proxmox',
      disks: [disk({ target: 'scsi0', cacheMode: 'none', ioMode: 'native' })],
      defined: {
        disks: [
          disk({
            target: 'scsi0',
            cacheMode: 'none',
            ioMode: 'threads',
            pveValue: 'lvm:vm-1-disk-0,aio=threads',
          }),
        ],
        rngs: [rng()],
        genid: null,
      },
    });
    expect(configDrift(explicitAio)).toEqual([
      { setting: 'scsi0 io', running: 'native', defined: 'threads' },
    ]);
  });

  it('is empty when the definition is judged (nothing runs) and reports an added or removed rng', () => {
    expect(configDrift(domain({ defined: { disks: [], rngs: [], genid: null } }))).toEqual([]);
    expect(
      configDrift(running({ rngs: [], defined: { disks: [disk()], rngs: [rng()], genid: null } })),
    ).toEqual([{ setting: 'rng #1 backend', running: 'none', defined: 'random /dev/urandom' }]);
  });
});

describe('config-drift', () => {
  const drifted = running({
    disks: [disk({ cacheMode: 'unsafe' })],
    defined: { disks: [disk({ cacheMode: 'none' })], rngs: [rng()], genid: null },
  });

  it('is info on the guest, names both values and says a cold boot applies the definition', () => {
    const hits = configDriftCheck.evaluate(guestContext({ domain: drifted }));
    expect(hits).toEqual([
      expect.objectContaining({
        subject: '',
        severity: 'info',
        detail: expect.stringContaining('vda cache: running unsafe, defined none'),
      }),
    ]);
    const ctx = guestContext({ domain: drifted });
    const hit = configDriftCheck.evaluate(ctx)[0];
    if (!hit) throw new Error('no hit');
    const r = configDriftCheck.remediation(hit, ctx);
    expect(r.restartRequired).toBe(true);
    expect(r.steps.map((s) => s.command)).toEqual([
      'virsh -c qemu:///system shutdown --domain web-01',
      'virsh -c qemu:///system domstate --domain web-01',
      'virsh -c qemu:///system start --domain web-01',
    ]);
  });

  it('on a Proxmox VE host: qm shutdown and qm start, with the pending keys', () => {
    const vm = running({
      name: 'web-7',
      platform: 'proxmox',
      vmid: 107,
      disks: [disk({ target: 'scsi0', cacheMode: 'writeback' })],
      defined: {
        disks: [disk({ target: 'scsi0', cacheMode: 'none' })],
        rngs: [rng()],
        genid: null,
        pendingKeys: ['scsi0'],
      },
    });
    const ctx = hostContext([vm]);
    const hit = configDriftCheck.evaluate(ctx)[0];
    expect(hit?.subject).toBe('web-7');
    if (!hit) throw new Error('no hit');
    const r = configDriftCheck.remediation(hit, ctx);
    expect(r.steps.map((s) => s.command)).toEqual(['qm shutdown 107', 'qm start 107']);
    expect(r.reason).toContain('pending: scsi0');
  });

  it('is silent when running and defined agree', () => {
    expect(
      configDriftCheck.evaluate(
        guestContext({ domain: running({ defined: { disks: [disk()], rngs: [rng()], genid: null } }) }),
      ),
    ).toEqual([]);
  });
});
