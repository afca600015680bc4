// A disk's source, format, cache and AIO modes from -drive or from a -blockdev node chain (pure).
// -blockdev splits libvirt's one cache= word into three switches; libvirt's table
// (qemuDomainDiskCachemodeFlags, confirmed by tests/qemuxmlconfdata/disk-cache.x86_64-latest.args,
// where cache='writeback|unsafe|none|writethrough|directsync' become these values):
//   mode          write-cache (-device)  cache.direct  cache.no-flush
//   writeback     on                     off           off
//   writethrough  off                    off           off
//   none          on                     on            off
//   directsync    off                    on            off
//   unsafe        on                     off           on
import type { DomainDisk } from './types';
import { optBool, optString, optTree, type OptTree } from './qemu-opts';

export type BlockNodes = Map<string, OptTree>;

/** A chain longer than this (throttle → format → protocol is 3) is cut: it may be a reference loop. */
const MAX_CHAIN = 8;
// Drivers that sit on top of a format node and say nothing about the disk itself.
const FILTERS = new Set(['throttle', 'copy-on-read', 'preallocate', 'compress', 'blkdebug', 'blklogwrites']);
const FORMATS = new Set([
  'qcow2',
  'raw',
  'qed',
  'qcow',
  'vmdk',
  'vdi',
  'vpc',
  'vhdx',
  'luks',
  'parallels',
  'cloop',
  'dmg',
  'bochs',
]);

/** The cache mode from QEMU's switches; null when none of them is set (QEMU's default, writeback). */
export function cacheModeOf(
  writeCache: boolean | null,
  direct: boolean | null,
  noFlush: boolean | null,
): string | null {
  if (writeCache === null && direct === null && noFlush === null) return null;
  if (noFlush === true) return 'unsafe';
  // write-cache=auto (the default) leaves the guest's writeback cache on.
  const writeback = writeCache ?? true;
  if (direct === true) return writeback ? 'none' : 'directsync';
  return writeback ? 'writeback' : 'writethrough';
}

function writeCacheOf(value: string | null): boolean | null {
  if (value === null || value === 'auto') return null;
  return optBool({ v: value }, 'v');
}

// A path under /dev is a block device; QEMU's pseudo-protocol prefixes ("rbd:", "nbd:") are network.
function kindOfPath(path: string | null): { type: string; source: string | null } {
  if (path === null || path === '') return { type: 'file', source: null };
  if (path.startsWith('/dev/')) return { type: 'block', source: path };
  if (/^[a-z][a-z0-9+]*:/i.test(path) && !path.startsWith('/')) return { type: 'network', source: path };
  return { type: 'file', source: path };
}

/** A -drive (legacy syntax: file=, cache=, aio=, format=; dotted file.* and cache.* too). */
export function driveDisk(drive: OptTree, deviceWriteCache: string | null, device: string): DomainDisk {
  const nestedFile = optTree(drive, 'file');
  const path = optString(drive, 'file') ?? optString(nestedFile ?? undefined, 'filename');
  const { type, source } = kindOfPath(path);
  const cacheWord = optString(drive, 'cache');
  const cache = optTree(drive, 'cache') ?? undefined;
  const cacheMode =
    cacheWord ??
    cacheModeOf(writeCacheOf(deviceWriteCache), optBool(cache, 'direct'), optBool(cache, 'no-flush'));
  return {
    target: '',
    type,
    device,
    source,
    driverType: optString(drive, 'format'),
    cacheMode,
    ioMode: optString(drive, 'aio') ?? optString(nestedFile ?? undefined, 'aio'),
    discard: optString(drive, 'discard'),
  };
}

/** The nodes from the one a -device names down to the protocol node (file/host_device/rbd/...). */
function chainOf(top: string, nodes: BlockNodes): OptTree[] {
  const chain: OptTree[] = [];
  let node: OptTree | undefined = nodes.get(top);
  while (node && chain.length < MAX_CHAIN && !chain.includes(node)) {
    chain.push(node);
    const file = node.file;
    node = typeof file === 'string' ? nodes.get(file) : (optTree(node, 'file') ?? undefined);
  }
  return chain;
}

function networkSource(leaf: OptTree, driver: string): string {
  const get = (k: string) => optString(leaf, k);
  if (driver === 'rbd') return `rbd:${[get('pool'), get('image')].filter(Boolean).join('/')}`;
  if (driver === 'iscsi') return `iscsi:${[get('target'), get('lun')].filter((v) => v !== null).join('/')}`;
  if (driver === 'gluster') return `gluster:${[get('volume'), get('path')].filter(Boolean).join('/')}`;
  if (driver === 'nbd')
    return `nbd:${get('export') ?? optString(optTree(leaf, 'server') ?? undefined, 'host') ?? ''}`;
  return driver;
}

// The nearest node (from the protocol node up) that sets a cache switch: children inherit it.
function cacheSwitch(chain: OptTree[], key: 'direct' | 'no-flush'): boolean | null {
  for (const node of [...chain].reverse()) {
    const value = optBool(optTree(node, 'cache') ?? undefined, key);
    if (value !== null) return value;
  }
  return null;
}

/** A disk whose -device names a -blockdev node; null when the node chain is empty. */
export function blockdevDisk(
  top: string,
  nodes: BlockNodes,
  deviceWriteCache: string | null,
  device: string,
): DomainDisk | null {
  const chain = chainOf(top, nodes);
  const leaf = chain.at(-1);
  if (!leaf) return null;
  const driver = optString(leaf, 'driver') ?? '';
  let type: string;
  let source: string | null;
  if (driver === 'file') ({ type, source } = { type: 'file', source: optString(leaf, 'filename') });
  else if (driver === 'host_device' || driver === 'host_cdrom')
    ({ type, source } = { type: 'block', source: optString(leaf, 'filename') });
  else if (driver === 'nvme') ({ type, source } = { type: 'nvme', source: optString(leaf, 'device') });
  else ({ type, source } = { type: 'network', source: networkSource(leaf, driver) });
  const format = chain
    .map((n) => optString(n, 'driver') ?? '')
    .find((d) => FORMATS.has(d) && !FILTERS.has(d));
  return {
    target: '',
    type,
    device,
    source,
    driverType: format ?? null,
    cacheMode: cacheModeOf(
      writeCacheOf(deviceWriteCache),
      cacheSwitch(chain, 'direct'),
      cacheSwitch(chain, 'no-flush'),
    ),
    ioMode: optString(leaf, 'aio'),
    discard: chain.map((n) => optString(n, 'discard')).find((d) => d !== null) ?? null,
  };
}
