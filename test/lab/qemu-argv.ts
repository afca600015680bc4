// The command line libvirt (9.x–11.x) gives QEMU for a lab domain, in its JSON forms (as in libvirt's
// tests/qemuxmlconfdata/*.x86_64-latest.args): -name guest=..., -uuid, a -blockdev storage node and a
// format node per disk (cache.direct/no-flush on both, aio on the storage node), a -device with
// write-cache, and -object rng-random + -device virtio-rng-pci with max-bytes/period. Lab QEMU
// stand-ins carry it (./pve.ts) so the probe reads what "runs", which may differ from the XML.
import { stableUuid, type LabDomainSpec } from './domain-xml';

// libvirt's table (qemuDomainDiskCachemodeFlags): mode → write-cache, cache.direct, cache.no-flush.
const CACHE: Record<string, [boolean, boolean, boolean]> = {
  writeback: [true, false, false],
  writethrough: [false, false, false],
  none: [true, true, false],
  directsync: [false, true, false],
  unsafe: [true, false, true],
};

/** argv after the binary for `spec` as it runs; `running` overrides a disk's cache/io by target. */
export function libvirtArgv(
  spec: LabDomainSpec,
  running: Record<string, { cache?: string; io?: string }> = {},
): string[] {
  const json = (o: object) => JSON.stringify(o);
  const args = [
    '-name',
    `guest=${spec.name.replace(/,/g, ',,')},debug-threads=on`,
    '-S',
    '-uuid',
    spec.uuid ?? stableUuid(spec.name),
  ];
  (spec.disks ?? []).forEach((d, i) => {
    const n = (spec.disks ?? []).length - i;
    const cache = running[d.target]?.cache ?? d.cache ?? 'writeback';
    const io = running[d.target]?.io ?? d.io;
    const [writeCache, direct, noFlush] = CACHE[cache] ?? [true, false, false];
    const c = { direct, 'no-flush': noFlush };
    const driver = d.type === 'block' ? 'host_device' : 'file';
    args.push(
      '-blockdev',
      json({
        driver,
        filename: d.source,
        'node-name': `libvirt-${n}-storage`,
        ...(io ? { aio: io } : {}),
        'auto-read-only': true,
        discard: 'unmap',
        cache: c,
      }),
      '-blockdev',
      json({
        'node-name': `libvirt-${n}-format`,
        'read-only': false,
        cache: c,
        driver: d.driverType ?? 'raw',
        file: `libvirt-${n}-storage`,
      }),
      '-device',
      json({
        driver: 'virtio-blk-pci',
        bus: 'pci.0',
        addr: `0x${(i + 4).toString(16)}`,
        drive: `libvirt-${n}-format`,
        id: `virtio-disk${i}`,
        'write-cache': writeCache ? 'on' : 'off',
      }),
    );
  });
  (spec.rngs ?? []).forEach((r, i) => {
    const backend =
      r.backend === 'builtin'
        ? { 'qom-type': 'rng-builtin', id: `objrng${i}` }
        : { 'qom-type': 'rng-random', id: `objrng${i}`, filename: r.backend };
    const rate = r.rate
      ? { 'max-bytes': r.rate.bytes, ...(r.rate.period ? { period: r.rate.period } : {}) }
      : {};
    args.push(
      '-object',
      json(backend),
      '-device',
      json({ driver: 'virtio-rng-pci', rng: `objrng${i}`, id: `rng${i}`, ...rate }),
    );
  });
  if (typeof spec.genid === 'string')
    args.push('-device', json({ driver: 'vmgenid', guid: spec.genid, id: 'vmgenid0' }));
  return args;
}
