import { describe, expect, it } from 'vitest';
import { diskAioNativeNeedsDirect } from '../disk-aio-native-needs-direct/disk-aio-native-needs-direct';
import { diskCachePolicy } from './disk-cache-policy';
import { diskCacheUnsafe } from '../disk-cache-unsafe/disk-cache-unsafe';
import { config, disk, domain, guestContext, hostContext } from '../../../test/support/check-builders';
import type { DomainDisk } from '../../probe/types';

const CACHES = ['none', 'writeback', 'writethrough', 'directsync', 'unsafe', null] as const;
const IOS = ['native', 'threads', 'io_uring', null] as const;

// Expected rules per disk kind, one row per cache mode (order of CACHES), one cell per io mode
// (order of IOS). a = disk-aio-native-needs-direct, u = disk-cache-unsafe, p = disk-cache-policy.
const EXPECTED: Record<string, string[][]> = {
  file: [
    ['p', '', '', ''], // none: native is outside the file policy (threads/io_uring)
    ['a', '', '', ''], // writeback
    ['a', 'p', 'p', 'p'], // writethrough
    ['p', 'p', 'p', 'p'], // directsync is outside the file policy
    ['au', 'u', 'u', 'u'], // unsafe
    ['a', '', '', ''], // unset = writeback
  ],
  block: [
    ['', 'p', '', 'p'],
    ['a', 'p', 'p', 'p'],
    ['a', 'p', 'p', 'p'],
    ['', 'p', '', 'p'],
    ['au', 'u', 'u', 'u'],
    ['a', 'p', 'p', 'p'],
  ],
  // iSCSI LUNs follow the block policy; QEMU's aio=native check does not apply to network drivers.
  'network-iscsi': [
    ['', 'p', '', 'p'],
    ['p', 'p', 'p', 'p'],
    ['p', 'p', 'p', 'p'],
    ['', 'p', '', 'p'],
    ['u', 'u', 'u', 'u'],
    ['p', 'p', 'p', 'p'],
  ],
  // rbd: no policy; only cache=unsafe is judged.
  'network-rbd': [
    ['', '', '', ''],
    ['', '', '', ''],
    ['', '', '', ''],
    ['', '', '', ''],
    ['u', 'u', 'u', 'u'],
    ['', '', '', ''],
  ],
  cdrom: CACHES.map(() => ['', '', '', '']),
};

const KINDS: Record<string, Partial<DomainDisk>> = {
  file: { type: 'file', source: '/var/lib/libvirt/images/a.qcow2' },
  block: { type: 'block', source: '/dev/vg0/a', driverType: 'raw' },
  'network-iscsi': {
    type: 'network',
    source: 'iscsi:iqn.2013-06.com.example:iscsi-pool/1',
    driverType: 'raw',
  },
  'network-rbd': { type: 'network', source: 'rbd:pool/image', driverType: 'raw' },
  cdrom: { type: 'file', device: 'cdrom', source: '/iso/x.iso', driverType: 'raw' },
};

function rulesFor(d: DomainDisk): string {
  const ctx = guestContext({ domain: { disks: [d] } });
  let out = '';
  if (diskAioNativeNeedsDirect.evaluate(ctx).length) out += 'a';
  if (diskCacheUnsafe.evaluate(ctx).length) out += 'u';
  if (diskCachePolicy.evaluate(ctx).length) out += 'p';
  return out;
}

describe('disk rules: cache × io × disk kind', () => {
  for (const [kind, rows] of Object.entries(EXPECTED)) {
    CACHES.forEach((cacheMode, r) =>
      IOS.forEach((ioMode, c) => {
        const expected = rows[r]?.[c];
        it(`${kind} cache=${cacheMode ?? 'unset'} io=${ioMode ?? 'unset'} → ${expected || 'nothing'}`, () => {
          expect(rulesFor(disk({ ...KINDS[kind], cacheMode, ioMode }))).toBe(expected);
        });
      }),
    );
  }

  it('treats cache/io "default" like unset', () => {
    expect(rulesFor(disk({ cacheMode: 'default', ioMode: 'native' }))).toBe('a');
    expect(rulesFor(disk({ cacheMode: 'none', ioMode: 'default' }))).toBe('');
  });
});

describe('disk-cache-policy', () => {
  it('reports with the disk target as subject, the effective values and a suggestion inside the policy', () => {
    const hits = diskCachePolicy.evaluate(
      guestContext({ domain: { disks: [disk({ cacheMode: 'writethrough' })] } }),
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ subject: 'vda', severity: 'warning' });
    expect(hits[0]?.facts).toMatchObject({
      effectiveCache: 'writethrough',
      effectiveIo: 'threads',
      suggestedCache: 'writeback',
      suggestedIo: 'threads',
      policyClass: 'file',
    });
  });

  it('uses the configured policy', () => {
    const strict = config({
      diskPolicy: { file: { cache: ['none'], io: ['io_uring'] }, block: { cache: ['none'], io: ['native'] } },
    });
    const ctx = { ...guestContext({ domain: { disks: [disk()] } }), config: strict };
    const hits = diskCachePolicy.evaluate(ctx);
    expect(hits[0]?.facts).toMatchObject({ suggestedCache: 'none', suggestedIo: 'io_uring' });
  });

  it('reports unclaimed domains on a host as "<domain>/<disk>"', () => {
    const d = domain({
      name: 'orphan',
      disks: [disk({ target: 'vdb', type: 'block', cacheMode: 'writeback' })],
    });
    expect(diskCachePolicy.evaluate(hostContext([d]))).toEqual([
      expect.objectContaining({ subject: 'orphan/vdb' }),
    ]);
  });

  it('says in its reason that writethrough + native is invalid on modern QEMU', () => {
    expect(diskCachePolicy.reason).toMatch(/writethrough \+ native/);
    expect(diskCachePolicy.reason).toMatch(/invalid/);
  });
});
