// A Proxmox VE VM config (/etc/pve/qemu-server/<vmid>.conf) read into the domain model (pure).
// Format (proxmox/qemu-server PVE/QemuServer.pm parse_vm_config): "key: value" lines; "#" lines are
// the description; "[PENDING]" holds changes that wait for the next start ("delete: a,b" removes
// keys); "[name]" sections are snapshots and "[special:cloudinit]" is cloud-init state. Values are
// property strings: "a=1,b=2", the first part without "=" being the default key (a disk's volume,
// rng0's source). Defaults where a key is absent, as qemu-server applies them:
//   cache   disks get cache=none (test/cfg2cmd/bootorder.conf → .conf.cmd: no cache in the config,
//           "cache=none" on the command line); CD-ROMs get none
//   aio     io_uring since Proxmox VE 7 (same test: "aio=io_uring" written); qemu-server falls back to
//           native (O_DIRECT) or threads on LVM, CIFS and krbd storage (test/cfg2cmd/aio.conf), which the
//           config alone cannot tell: the running command line is judged whenever the VM runs.
//           Before 7: native with cache=none, else threads.
//   rng0    max_bytes=1024, period=1000 (PVE/QemuServer/RNG.pm); max_bytes=0 means no limit
import type { DomainDisk, DomainRng } from './types';
import { withDomainPolicy } from './domain-policy';
import { checkText } from './input-policy';
import { RULES } from './field-rules';

/** One VM of a Proxmox VE node as its config file defines it. */
export interface PveVm {
  vmid: number;
  name: string | null;
  /** smbios1 uuid=, the UUID the guest sees */
  uuid: string | null;
  genid: string | null;
  disks: DomainDisk[];
  rngs: DomainRng[];
  /** the same, with [PENDING] applied: what the next cold boot will use */
  next: { disks: DomainDisk[]; rngs: DomainRng[]; genid: string | null };
  /** keys [PENDING] changes (shown to the operator: `qm config --current 0` lists them) */
  pendingKeys: string[];
  /** `agent: 1` / `agent: enabled=1,...`: the VM has a QEMU guest agent channel */
  agentChannel: boolean;
  problems: string[];
}

/** A config larger than this is not read (real ones are a few kB even with many snapshots). */
export const MAX_PVE_CONFIG_CHARS = 512 * 1024;

// The disk buses qemu-server knows (PVE/QemuServer/Drive.pm: 4 ide, 6 sata, 31 scsi, 16 virtio).
const DISK_KEY = /^(ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5]))$/;
const RNG_KEY = /^rng0$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = Map<string, string>;

/** A Proxmox property string: "default,k=v,k2=v2" → Map; the default key gets `defaultKey`. */
export function parsePropertyString(value: string, defaultKey: string): Props {
  const props: Props = new Map();
  value.split(',').forEach((part, index) => {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (index === 0 && part !== '') props.set(defaultKey, part);
      return;
    }
    props.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  });
  return props;
}

function diskType(volume: string | null): string {
  if (volume === null) return 'file';
  if (volume.startsWith('/dev/')) return 'block';
  if (volume.startsWith('/')) return 'file';
  // "storage:volume": the storage's kind (dir, LVM, ZFS, Ceph) is in storage.cfg, not here.
  return 'volume';
}

function defaultAio(cacheMode: string | null, pveMajor: number | null): string {
  if (pveMajor === null || pveMajor >= 7) return 'io_uring';
  return cacheMode === 'none' || cacheMode === 'directsync' ? 'native' : 'threads';
}

function diskOf(key: string, value: string, pveMajor: number | null): DomainDisk {
  const p = parsePropertyString(value, 'file');
  const file = p.get('file') ?? null;
  const device = p.get('media') === 'cdrom' ? 'cdrom' : 'disk';
  // "none" is an empty CD-ROM drive, "cdrom" the host's physical drive.
  const volume = file === null || file === 'none' ? null : file;
  const cacheMode = p.get('cache') ?? (device === 'disk' ? 'none' : null);
  const format = p.get('format') ?? /\.(qcow2|raw|vmdk|qed)$/.exec(volume ?? '')?.[1] ?? null;
  return {
    target: key,
    type: volume === 'cdrom' ? 'block' : diskType(volume),
    device,
    source: volume,
    driverType: format,
    cacheMode,
    ioMode: p.get('aio') ?? defaultAio(cacheMode, pveMajor),
    discard: p.get('discard') ?? null,
    // The whole value, for `qm set <vmid> --<key>`, which replaces it: a fix keeps the other options.
    ...(checkText(value, RULES.path) === null ? { pveValue: value } : {}),
  };
}

function rngOf(value: string): DomainRng {
  const p = parsePropertyString(value, 'source');
  const count = (k: string, fallback: number) => {
    const v = p.get(k);
    return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : fallback;
  };
  const bytes = count('max_bytes', 1024);
  return {
    model: 'virtio',
    backendModel: 'random',
    backendSource: p.get('source') ?? null,
    rate: bytes === 0 ? null : { bytes, period: count('period', 1000) },
  };
}

function genidOf(value: string | undefined): string | null {
  // "0" turns vmgenid off; anything but a UUID is not what the guest sees.
  return value !== undefined && UUID.test(value) ? value.toLowerCase() : null;
}

interface Sections {
  main: Map<string, string>;
  pending: Map<string, string>;
  deleted: string[];
}

function readSections(text: string, problems: string[]): Sections {
  const s: Sections = { main: new Map(), pending: new Map(), deleted: [] };
  let section: 'main' | 'pending' | 'other' = 'main';
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const header = /^\[([^\]]*)\]$/.exec(line);
    if (header) {
      section = header[1] === 'PENDING' ? 'pending' : 'other';
      return;
    }
    if (section === 'other') return;
    const m = /^([a-z][a-z0-9_-]*):\s*(.*)$/.exec(line);
    if (!m) {
      problems.push(`line ${index + 1} is not "key: value": ${JSON.stringify(line.slice(0, 60))}`);
      return;
    }
    const [, key = '', value = ''] = m;
    if (section === 'pending' && key === 'delete') {
      s.deleted.push(
        ...value
          .split(',')
          .map((k) => k.replace(/^!/, '').trim())
          .filter(Boolean),
      );
    } else s[section].set(key, value);
  });
  return s;
}

function judged(entries: Map<string, string>, pveMajor: number | null) {
  const disks: DomainDisk[] = [];
  const rngs: DomainRng[] = [];
  for (const [key, value] of entries) {
    if (DISK_KEY.test(key)) disks.push(diskOf(key, value, pveMajor));
    else if (RNG_KEY.test(key)) rngs.push(rngOf(value));
  }
  return { disks, rngs, genid: genidOf(entries.get('vmgenid')) };
}

// qemu-server's `agent` property string: [enabled=]<1|0>[,fstrim_cloned_disks=..][,type=virtio|isa]
// (PVE/QemuServer/Agent.pm, $agent_fmt: enabled is the default key, a boolean).
function agentEnabled(value: string | undefined): boolean {
  if (value === undefined) return false;
  const enabled = parsePropertyString(value, 'enabled').get('enabled');
  return enabled !== undefined && /^(1|on|yes|true)$/i.test(enabled);
}

/** Reads one VM config; `pveMajor` (from pveversion) picks the aio default. Throws when it is too big. */
export function parsePveConfig(text: string, vmid: number, pveMajor: number | null): PveVm {
  if (text.length > MAX_PVE_CONFIG_CHARS)
    throw new Error(`VM ${vmid} config is ${text.length} characters, over the ${MAX_PVE_CONFIG_CHARS} limit`);
  const problems: string[] = [];
  const s = readSections(text, problems);
  const current = judged(s.main, pveMajor);
  const merged = new Map(s.main);
  for (const key of s.deleted) merged.delete(key);
  for (const [key, value] of s.pending) merged.set(key, value);
  const smbios = parsePropertyString(s.main.get('smbios1') ?? '', 'uuid').get('uuid');
  // The input policy (./input-policy.ts) on both the current and the pending values: refused values
  // are left out and named in problems.
  const next = withDomainPolicy({ name: null, uuid: null, ...judged(merged, pveMajor), problems: [] });
  const vm = withDomainPolicy({
    vmid,
    name: s.main.get('name') ?? null,
    uuid: smbios && UUID.test(smbios) ? smbios.toLowerCase() : null,
    ...current,
    next: { disks: next.disks, rngs: next.rngs, genid: next.genid },
    pendingKeys: [...new Set([...s.pending.keys(), ...s.deleted])],
    agentChannel: agentEnabled(s.main.get('agent')),
    problems,
  });
  vm.problems.push(...next.problems.map((p) => `[PENDING] ${p}`));
  return vm;
}

/** The major version from `pveversion` ("pve-manager/8.2.4/...") or `pveversion -v` ("pve-manager: 9.1.2 ..."). */
export function pveMajorVersion(text: string): number | null {
  const m = /pve-manager[/:]\s*(\d+)\./.exec(text);
  return m ? Number(m[1]) : null;
}
