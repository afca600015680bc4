import { describe, expect, it } from 'vitest';
import { diskCacheUnsafe } from './disk-cache-unsafe';
import { disk, guestContext } from '../../../test/support/check-builders';

describe('disk-cache-unsafe', () => {
  it('is critical for cache=unsafe on any judged disk type', () => {
    for (const type of ['file', 'block', 'network', 'volume']) {
      const ctx = guestContext({ domain: { disks: [disk({ type, cacheMode: 'unsafe' })] } });
      expect(diskCacheUnsafe.evaluate(ctx)).toEqual([
        expect.objectContaining({ subject: 'vda', severity: 'critical' }),
      ]);
    }
  });

  it('skips cdrom and floppy devices and other cache modes', () => {
    for (const device of ['cdrom', 'floppy']) {
      const ctx = guestContext({ domain: { disks: [disk({ device, cacheMode: 'unsafe' })] } });
      expect(diskCacheUnsafe.evaluate(ctx)).toEqual([]);
    }
    expect(
      diskCacheUnsafe.evaluate(guestContext({ domain: { disks: [disk({ cacheMode: 'writeback' })] } })),
    ).toEqual([]);
  });

  it('suggests a safe cache mode for the disk', () => {
    const ctx = guestContext({ domain: { disks: [disk({ cacheMode: 'unsafe' })] } });
    expect(diskCacheUnsafe.evaluate(ctx)[0]?.facts).toMatchObject({
      suggestedCache: 'writeback',
      suggestedIo: 'threads',
    });
  });
});
