// What a running QEMU process really uses, read from its command line (pure): the disks' cache and
// AIO modes, the RNG backends and rate limits, vmgenid, and who the guest is (-name, -uuid, Proxmox's
// -id). Whatever manages QEMU (libvirt, Proxmox VE, OpenStack, a shell script), the command line is
// the truth until the next cold boot. Option syntax: ./qemu-opts.ts.
import type { DomainDisk, DomainRng } from './types';
import { parseOptArg, optCount, optString, type OptTree } from './qemu-opts';
import { qemuGuestName } from './parse-qemu';
import { blockdevDisk, driveDisk, type BlockNodes } from './qemu-blockdev';
import { withDomainPolicy } from './domain-policy';

/** A disk as the running QEMU process has it; `alias` is the -device id (libvirt "virtio-disk0", Proxmox "scsi0"). */
export interface RunningDisk extends DomainDisk {
  alias: string | null;
}

/** The judged settings of one running QEMU process. */
export interface QemuRunningConfig {
  /** -name guest=NAME,... (libvirt) or -name NAME,... (Proxmox, plain QEMU) */
  name: string | null;
  /** -uuid, else -smbios type=1,uuid=... (Proxmox passes the UUID only there) */
  uuid: string | null;
  /** Proxmox VE's -id VMID */
  vmid: number | null;
  /** -device vmgenid,guid=... */
  genid: string | null;
  disks: RunningDisk[];
  rngs: DomainRng[];
  /**
   * How many -drive/-blockdev/-device options the command line has. None at all is not a command line
   * that describes a guest (a wrapper, a QEMU started from -readconfig alone): nothing is judged from it.
   */
  deviceOptions: number;
  /** options that could not be read, in words an operator can act on */
  problems: string[];
}

/** A command line with more arguments than this is not read (libvirt's biggest are a few hundred). */
export const MAX_ARGS = 20_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The options read here, with the implied key of a first part without "=" (qemu-options.hx).
const READ: Record<string, string | null> = {
  drive: null,
  blockdev: null,
  object: 'qom-type',
  device: 'driver',
  uuid: null,
  id: null,
  smbios: null,
};
// -drive if= values that are not guest disks (firmware flash, SD/MTD on boards).
const NOT_DISK_IF = new Set(['pflash', 'mtd', 'sd']);
const RNG_DEVICE = /^virtio-rng-(pci|ccw|device|pci-transitional|pci-non-transitional)$/;

interface Collected {
  drives: OptTree[];
  nodes: BlockNodes;
  objects: Map<string, OptTree>;
  devices: OptTree[];
  uuid: string | null;
  smbiosUuid: string | null;
  vmid: number | null;
  deviceOptions: number;
}

function collect(argv: string[], problems: string[]): Collected {
  const c: Collected = {
    drives: [],
    nodes: new Map(),
    objects: new Map(),
    devices: [],
    uuid: null,
    smbiosUuid: null,
    vmid: null,
    deviceOptions: 0,
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const option = arg.replace(/^--?/, '');
    // Own keys only: "-constructor" or "-__proto__" must not find Object's properties.
    if (arg[0] !== '-' || !Object.hasOwn(READ, option)) continue;
    const value = argv[i + 1];
    if (value === undefined) break;
    i++;
    if (option === 'drive' || option === 'blockdev' || option === 'device') c.deviceOptions++;
    if (option === 'uuid') c.uuid = UUID.test(value) ? value.toLowerCase() : c.uuid;
    else if (option === 'id') c.vmid = /^\d{1,9}$/.test(value) ? Number(value) : c.vmid;
    else {
      const parsed = parseOptArg(value, READ[option] ?? null);
      if (!parsed.ok) {
        problems.push(`-${option} #${i}: ${parsed.error}`);
        continue;
      }
      const tree = parsed.tree;
      if (option === 'drive') c.drives.push(tree);
      else if (option === 'blockdev') {
        const name = optString(tree, 'node-name');
        if (name) c.nodes.set(name, tree);
      } else if (option === 'object') {
        const id = optString(tree, 'id');
        if (id) c.objects.set(id, tree);
      } else if (option === 'device') c.devices.push(tree);
      else if (option === 'smbios' && optString(tree, 'type') === '1') {
        const uuid = optString(tree, 'uuid');
        if (uuid && UUID.test(uuid)) c.smbiosUuid = uuid.toLowerCase();
      }
    }
  }
  return c;
}

function deviceKind(driver: string): string {
  if (/-cd$/.test(driver)) return 'cdrom';
  if (driver === 'floppy') return 'floppy';
  if (driver === 'scsi-block' || driver === 'scsi-generic') return 'lun';
  return 'disk';
}

function disksOf(c: Collected, problems: string[]): RunningDisk[] {
  const drivesById = new Map<string, OptTree>();
  const disks: RunningDisk[] = [];
  c.drives.forEach((drive, index) => {
    const iface = optString(drive, 'if') ?? 'ide';
    const id = optString(drive, 'id');
    if (iface === 'none') {
      if (id) drivesById.set(id, drive);
      return;
    }
    if (NOT_DISK_IF.has(iface)) return;
    // A drive with its own interface is its own device (-drive file=x,if=virtio).
    const alias = id ?? `${iface}${optString(drive, 'index') ?? index}`;
    const device = optString(drive, 'media') === 'cdrom' ? 'cdrom' : 'disk';
    disks.push({ ...driveDisk(drive, null, device), target: alias, alias });
  });
  for (const dev of c.devices) {
    const drive = optString(dev, 'drive');
    const driver = optString(dev, 'driver') ?? '';
    if (!drive) continue;
    const alias = optString(dev, 'id');
    const kind = deviceKind(driver);
    const writeCache = optString(dev, 'write-cache');
    const fromDrive = drivesById.get(drive);
    const disk = fromDrive
      ? driveDisk(fromDrive, writeCache, kind)
      : c.nodes.has(drive)
        ? blockdevDisk(drive, c.nodes, writeCache, kind)
        : null;
    if (!disk) {
      problems.push(
        `-device ${driver} ${alias ?? ''} uses drive ${JSON.stringify(drive)} that no -drive/-blockdev defines`,
      );
      continue;
    }
    disks.push({ ...disk, target: alias ?? drive, alias });
  }
  return disks;
}

function rngModel(driver: string): string {
  if (driver.endsWith('-non-transitional')) return 'virtio-non-transitional';
  if (driver.endsWith('-transitional')) return 'virtio-transitional';
  return 'virtio';
}

function rngsOf(c: Collected, problems: string[]): DomainRng[] {
  const rngs: DomainRng[] = [];
  for (const dev of c.devices) {
    const driver = optString(dev, 'driver') ?? '';
    if (!RNG_DEVICE.test(driver)) continue;
    const backendId = optString(dev, 'rng');
    // Without rng=, virtio-rng makes its own rng-builtin backend (QEMU ≥ 4.2, hw/virtio/virtio-rng.c).
    let backendModel = 'builtin';
    let backendSource: string | null = null;
    if (backendId !== null) {
      const backend = c.objects.get(backendId);
      const type = optString(backend ?? undefined, 'qom-type');
      if (!backend || !type) {
        problems.push(`${driver} uses rng ${JSON.stringify(backendId)} that no -object defines`);
        backendModel = 'unknown';
      } else {
        backendModel = type.replace(/^rng-/, '');
        // rng-random without filename= reads QEMU's default device; the rules judge a path-less
        // random backend as /dev/random, the old default (backends/rng-random.c).
        backendSource = backendModel === 'random' ? optString(backend, 'filename') : null;
      }
    }
    const bytes = optCount(dev, 'max-bytes');
    // QEMU's defaults (max-bytes INT64_MAX per 60 s) are no limit at all: no max-bytes, no rate.
    const rate = bytes === null ? null : { bytes, period: optCount(dev, 'period') };
    rngs.push({ model: rngModel(driver), backendModel, backendSource, rate });
  }
  return rngs;
}

function genidOf(c: Collected): string | null {
  const dev = c.devices.find((d) => optString(d, 'driver') === 'vmgenid');
  return dev ? optString(dev, 'guid') : null;
}

/** Reads the settings Entropy Watch judges from a QEMU process's argv (argv[0] is the binary). */
export function parseQemuCommandLine(argv: string[]): QemuRunningConfig {
  const problems: string[] = [];
  if (argv.length > MAX_ARGS) {
    problems.push(`command line has ${argv.length} arguments, over the ${MAX_ARGS} limit: not read`);
    return {
      name: null,
      uuid: null,
      vmid: null,
      genid: null,
      disks: [],
      rngs: [],
      deviceOptions: 0,
      problems,
    };
  }
  const c = collect(argv, problems);
  // The input policy (./input-policy.ts): refused values are left out and named in problems.
  return withDomainPolicy({
    name: qemuGuestName(argv),
    uuid: c.uuid ?? c.smbiosUuid,
    vmid: c.vmid,
    genid: genidOf(c),
    disks: disksOf(c, problems),
    rngs: rngsOf(c, problems),
    deviceOptions: c.deviceOptions,
    problems,
  });
}
