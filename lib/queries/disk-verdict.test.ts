import { describe, expect, it } from 'vitest';
import type { DomainDisk } from '../probe/types';
import { diskVerdict, type DiskFindingRef } from './disk-verdict';

const disk = (target: string, patch: Partial<DomainDisk> = {}): DomainDisk => ({
  target,
  type: 'file',
  device: 'disk',
  source: `/img/${target}.qcow2`,
  driverType: 'qcow2',
  cacheMode: null,
  ioMode: null,
  discard: null,
  ...patch,
});

let id = 1;
const finding = (patch: Partial<DiskFindingRef>): DiskFindingRef => ({
  id: id++,
  target: 'g1',
  rule: 'disk-cache-policy',
  subject: 'vda',
  severity: 'warning',
  summary: 's',
  state: 'open',
  ...patch,
});

describe('diskVerdict', () => {
  it('is ok when no open disk finding is about the disk', () => {
    const others = [
      finding({ subject: 'vdb' }),
      finding({ target: 'g2' }),
      finding({ rule: 'rng-device-missing', subject: 'vda' }),
      finding({ state: 'resolved' }),
    ];
    expect(diskVerdict(disk('vda'), { target: 'g1', domain: 'g1' }, others)).toEqual({ kind: 'ok' });
  });

  it('lists the disk findings of the guest, worst first', () => {
    const warn = finding({ severity: 'warning' });
    const crit = finding({ rule: 'disk-aio-native-needs-direct', severity: 'critical' });
    const v = diskVerdict(disk('vda'), { target: 'g1', domain: 'g1' }, [warn, crit]);
    expect(v).toEqual({ kind: 'finding', severity: 'critical', findings: [crit, warn] });
  });

  it('finds a host finding about an unclaimed domain by "<domain>/<disk>"', () => {
    const f = finding({ target: 'kvm-01', subject: 'scratch/vda', severity: 'critical' });
    expect(diskVerdict(disk('vda'), { target: 'kvm-01', domain: 'scratch' }, [f])).toMatchObject({
      kind: 'finding',
      severity: 'critical',
    });
    expect(diskVerdict(disk('vda'), { target: 'kvm-01', domain: 'other' }, [f])).toEqual({ kind: 'ok' });
  });

  it('does not judge cdrom and floppy devices', () => {
    expect(
      diskVerdict(disk('sda', { device: 'cdrom' }), { target: 'g1', domain: 'g1' }, [
        finding({ subject: 'sda' }),
      ]),
    ).toEqual({
      kind: 'not-judged',
      why: 'cdrom: removable media are not judged',
    });
  });
});
