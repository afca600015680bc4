import { describe, expect, it } from 'vitest';
import { diskAioNativeNeedsDirect } from './disk-aio-native-needs-direct';
import { disk, domain, guestContext, hostContext } from '../../../test/support/check-builders';

describe('disk-aio-native-needs-direct', () => {
  it('is critical for io=native with unset cache (QEMU default writeback) and names the disk', () => {
    const ctx = guestContext({ domain: { disks: [disk({ target: 'vdb', ioMode: 'native' })] } });
    const hits = diskAioNativeNeedsDirect.evaluate(ctx);
    expect(hits).toEqual([expect.objectContaining({ subject: 'vdb', severity: 'critical' })]);
    expect(hits[0]?.summary).toContain('unset (writeback)');
    expect(hits[0]?.facts).toMatchObject({ domain: 'web-01', disk: 'vdb', effectiveCache: 'writeback' });
  });

  it('is silent for io=native with cache none or directsync', () => {
    for (const cacheMode of ['none', 'directsync']) {
      const ctx = guestContext({ domain: { disks: [disk({ ioMode: 'native', cacheMode })] } });
      expect(diskAioNativeNeedsDirect.evaluate(ctx)).toEqual([]);
    }
  });

  it('reports each offending disk of each unclaimed domain on a host', () => {
    const ctx = hostContext([
      domain({
        name: 'a',
        disks: [disk({ ioMode: 'native' }), disk({ target: 'vdb', ioMode: 'native', cacheMode: 'none' })],
      }),
      domain({ name: 'b', disks: [disk({ target: 'sda', ioMode: 'native', cacheMode: 'writethrough' })] }),
    ]);
    expect(diskAioNativeNeedsDirect.evaluate(ctx).map((h) => h.subject)).toEqual(['a/vda', 'b/sda']);
  });
});
