import type { DomainDisk } from '../../probe/types';
import type { RuleConfig } from '../types';

// libvirt leaves cache/io unset (or "default") to let QEMU decide; QEMU's defaults are cache=writeback
// (cache.direct=off) and aio=threads. Rules judge these effective values, never the raw attribute.

/** Cache modes with cache.direct=on (O_DIRECT), the only ones Linux native AIO works with. */
export const DIRECT_CACHE_MODES: readonly string[] = ['none', 'directsync'];

// Disk types whose I/O does not go through QEMU's file-posix driver, where the aio=native check lives.
const NOT_FILE_POSIX = new Set(['network', 'nvme', 'vhostuser', 'vhostvdpa']);

/** Which policy of RuleConfig.diskPolicy a disk falls under. */
export type PolicyClass = 'file' | 'block';

/** Disk rules judge disks and LUNs; cdrom and floppy devices are never judged. */
export function isJudgedDisk(disk: DomainDisk): boolean {
  return disk.device !== 'cdrom' && disk.device !== 'floppy';
}

/** The cache mode QEMU actually uses: the attribute, or writeback when unset/"default". */
export function effectiveCache(disk: DomainDisk): string {
  return disk.cacheMode == null || disk.cacheMode === '' || disk.cacheMode === 'default'
    ? 'writeback'
    : disk.cacheMode;
}

/** The AIO mode QEMU actually uses: the attribute, or threads when unset/"default". */
export function effectiveIo(disk: DomainDisk): string {
  return disk.ioMode == null || disk.ioMode === '' || disk.ioMode === 'default' ? 'threads' : disk.ioMode;
}

/** file → file policy; block and network iSCSI LUNs → block policy; anything else is not judged by policy. */
export function policyClass(disk: DomainDisk): PolicyClass | null {
  if (!isJudgedDisk(disk)) return null;
  if (disk.type === 'file') return 'file';
  if (disk.type === 'block') return 'block';
  if (disk.type === 'network' && /^iscsi:/i.test(disk.source ?? '')) return 'block';
  return null;
}

/** io=native without cache.direct=on: QEMU ≥ 2.6 refuses to start the domain. */
export function nativeAioWithoutDirect(disk: DomainDisk): boolean {
  if (!isJudgedDisk(disk) || NOT_FILE_POSIX.has(disk.type)) return false;
  return effectiveIo(disk) === 'native' && !DIRECT_CACHE_MODES.includes(effectiveCache(disk));
}

/** cache=unsafe: guest flushes are ignored. */
export function unsafeCache(disk: DomainDisk): boolean {
  return isJudgedDisk(disk) && effectiveCache(disk) === 'unsafe';
}

/** What is outside the policy for this disk's class, or null when the disk is not judged or complies. */
export function policyViolation(
  disk: DomainDisk,
  config: RuleConfig,
): { policy: PolicyClass; cacheAllowed: boolean; ioAllowed: boolean } | null {
  const policy = policyClass(disk);
  if (!policy) return null;
  const allowed = config.diskPolicy[policy];
  const cacheAllowed = allowed.cache.includes(effectiveCache(disk));
  const ioAllowed = allowed.io.includes(effectiveIo(disk));
  return cacheAllowed && ioAllowed ? null : { policy, cacheAllowed, ioAllowed };
}

function validCombination(cache: string, io: string): boolean {
  return cache !== 'unsafe' && (io !== 'native' || DIRECT_CACHE_MODES.includes(cache));
}

/**
 * The cache/io pair to recommend: valid for QEMU, inside the policy when the disk has one, changing
 * as little as possible (ties go to the policy's order). A policy without any valid pair is ignored.
 */
export function suggestDriver(disk: DomainDisk, config: RuleConfig): { cache: string; io: string } {
  const currentCache = effectiveCache(disk);
  const currentIo = effectiveIo(disk);
  const policy = policyClass(disk);
  const allowed = policy ? config.diskPolicy[policy] : null;
  const pick = (caches: readonly string[], ios: readonly string[], within: typeof allowed) => {
    let best: { cache: string; io: string; cost: number } | null = null;
    for (const cache of [currentCache, ...caches]) {
      for (const io of [currentIo, ...ios]) {
        if (!validCombination(cache, io)) continue;
        if (within && !(within.cache.includes(cache) && within.io.includes(io))) continue;
        const cost = Number(cache !== currentCache) + Number(io !== currentIo);
        if (!best || cost < best.cost) best = { cache, io, cost };
      }
    }
    return best;
  };
  const general = ['none', 'writeback', 'directsync', 'writethrough'];
  const generalIo = ['threads', 'io_uring', 'native'];
  const best = (allowed && pick(allowed.cache, allowed.io, allowed)) ||
    pick(general, generalIo, null) ||
      // Unreachable (none+threads is always valid), kept so the type needs no assertion.
      { cache: 'none', io: 'threads' };
  return { cache: best.cache, io: best.io };
}

/** What a disk finding records about the disk; the corrected `<driver/>` line is built from it. */
export interface DiskFacts {
  disk: string;
  diskType: string;
  diskDevice: string;
  diskSource: string | null;
  driverType: string | null;
  discard: string | null;
  cacheMode: string | null;
  ioMode: string | null;
  effectiveCache: string;
  effectiveIo: string;
  policyClass: PolicyClass | null;
  suggestedCache: string;
  suggestedIo: string;
}

/** Facts a disk finding carries for its remediation (the corrected `<driver/>` line is built from them). */
export function diskFacts(disk: DomainDisk, config: RuleConfig): DiskFacts {
  const suggested = suggestDriver(disk, config);
  return {
    disk: disk.target,
    diskType: disk.type,
    diskDevice: disk.device,
    diskSource: disk.source,
    driverType: disk.driverType,
    discard: disk.discard,
    cacheMode: disk.cacheMode,
    ioMode: disk.ioMode,
    effectiveCache: effectiveCache(disk),
    effectiveIo: effectiveIo(disk),
    policyClass: policyClass(disk),
    suggestedCache: suggested.cache,
    suggestedIo: suggested.io,
  };
}
