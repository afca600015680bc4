import { describe, expect, it } from 'vitest';
import { effectiveCache, effectiveIo, policyClass, suggestDriver } from './disk-policy';
import { config, disk } from '../../../test/support/check-builders';

describe('disk policy helpers', () => {
  it('judges effective values: unset cache = writeback, unset io = threads', () => {
    expect(effectiveCache(disk({ cacheMode: null }))).toBe('writeback');
    expect(effectiveIo(disk({ ioMode: null }))).toBe('threads');
    expect(effectiveCache(disk({ cacheMode: 'none' }))).toBe('none');
  });

  it('classifies file, block and network iSCSI disks; not rbd, volume, dir or cdrom', () => {
    expect(policyClass(disk({ type: 'file' }))).toBe('file');
    expect(policyClass(disk({ type: 'block' }))).toBe('block');
    expect(policyClass(disk({ type: 'network', source: 'iscsi:iqn.x/0' }))).toBe('block');
    expect(policyClass(disk({ type: 'network', source: 'rbd:pool/img' }))).toBeNull();
    expect(policyClass(disk({ type: 'network', source: null }))).toBeNull();
    expect(policyClass(disk({ type: 'volume' }))).toBeNull();
    expect(policyClass(disk({ type: 'dir' }))).toBeNull();
    expect(policyClass(disk({ type: 'file', device: 'cdrom' }))).toBeNull();
  });

  it('suggests the smallest valid change inside the policy', () => {
    const cfg = config();
    // block + writeback + native: only the cache has to change.
    expect(suggestDriver(disk({ type: 'block', cacheMode: 'writeback', ioMode: 'native' }), cfg)).toEqual({
      cache: 'none',
      io: 'native',
    });
    // file + writeback + native: native is outside the file policy, so io changes.
    expect(suggestDriver(disk({ cacheMode: null, ioMode: 'native' }), cfg)).toEqual({
      cache: 'writeback',
      io: 'threads',
    });
    // block + writethrough + native (the seed-era advice) → none + native.
    expect(suggestDriver(disk({ type: 'block', cacheMode: 'writethrough', ioMode: 'native' }), cfg)).toEqual({
      cache: 'none',
      io: 'native',
    });
    // rbd (no policy) + unsafe: any valid cache, io kept.
    expect(
      suggestDriver(
        disk({ type: 'network', source: 'rbd:p/i', cacheMode: 'unsafe', ioMode: 'threads' }),
        cfg,
      ),
    ).toEqual({
      cache: 'none',
      io: 'threads',
    });
  });

  it('never suggests unsafe or native without direct, even from a nonsensical policy', () => {
    const silly = config({
      diskPolicy: { file: { cache: ['unsafe', 'writeback'], io: ['native'] }, block: { cache: [], io: [] } },
    });
    const s = suggestDriver(disk({ cacheMode: 'unsafe', ioMode: 'native' }), silly);
    expect(s.cache).not.toBe('unsafe');
    expect(s.io === 'native' ? ['none', 'directsync'] : [s.cache]).toContain(s.cache);
    expect(suggestDriver(disk({ type: 'block', cacheMode: 'unsafe' }), silly).cache).not.toBe('unsafe');
  });
});
