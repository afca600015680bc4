// libvirt domain XML for the test driver (`virsh -c test:///abs/node.xml`), which keeps <driver
// cache io>, <rng>, <rate> and <backend> exactly as written. Every name and value is escaped, so
// hostile domain names (`<img src=x onerror=alert(1)>`, quotes, `$(...)`) survive as text.
import { createHash } from 'node:crypto';

export interface LabDiskSpec {
  /** `<target dev>`, e.g. "vda" */
  target: string;
  /** `<disk type>`: file | block | network | volume | dir */
  type: string;
  /** file path, block device, "pool/volume", directory, or network "protocol:name" (e.g. "iscsi:iqn.../1") */
  source: string;
  /** `<driver type>`, e.g. qcow2 | raw */
  driverType?: string;
  cache?: string;
  io?: string;
  discard?: string;
  /** `<disk device>`: disk (default) | cdrom | floppy | lun */
  device?: string;
  /** `<target bus>`; default virtio (sata for cdrom) */
  bus?: string;
}

export interface LabRngSpec {
  /** `<rng model>`; default virtio */
  model?: string;
  /** a device path (backend model "random", e.g. /dev/urandom) or "builtin" */
  backend: string;
  rate?: { bytes: number; period?: number };
}

export interface LabDomainSpec {
  name: string;
  uuid?: string;
  disks?: LabDiskSpec[];
  rngs?: LabRngSpec[];
  /** a VM generation ID, or true for `<genid/>` (libvirt generates one) */
  genid?: string | true;
  /** default running; shutoff sets the test driver's runstate 5 */
  state?: 'running' | 'shutoff';
  memoryMiB?: number;
  vcpus?: number;
}

export const TEST_DRIVER_NS = 'http://libvirt.org/schemas/domain/test/1.0';

/** Escapes text and attribute values for XML (single- and double-quoted attributes alike). */
export function xmlEscape(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/"/g, '&quot;');
}

function digest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** A stable UUID derived from the domain name, so dumpxml output does not change between calls. */
export function stableUuid(name: string): string {
  const h = digest(`uuid:${name}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable locally administered MAC (52:54:00:…, QEMU's prefix); without one libvirt invents a new one per call. */
export function stableMac(name: string): string {
  const h = digest(`mac:${name}`);
  return `52:54:00:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

const attr = (key: string, value: string | number | undefined): string =>
  value === undefined ? '' : ` ${key}='${xmlEscape(String(value))}'`;

function sourceXml(disk: LabDiskSpec): string {
  switch (disk.type) {
    case 'file':
      return `<source${attr('file', disk.source)}/>`;
    case 'block':
      return `<source${attr('dev', disk.source)}/>`;
    case 'dir':
      return `<source${attr('dir', disk.source)}/>`;
    case 'volume': {
      const slash = disk.source.indexOf('/');
      if (slash < 1)
        throw new Error(`disk ${disk.target}: a volume source is "pool/volume", got "${disk.source}"`);
      return `<source${attr('pool', disk.source.slice(0, slash))}${attr('volume', disk.source.slice(slash + 1))}/>`;
    }
    case 'network': {
      const colon = disk.source.indexOf(':');
      if (colon < 1) {
        throw new Error(`disk ${disk.target}: a network source is "protocol:name", got "${disk.source}"`);
      }
      const protocol = disk.source.slice(0, colon);
      const name = disk.source.slice(colon + 1);
      return `<source${attr('protocol', protocol)}${attr('name', name)}><host name='192.0.2.10'/></source>`;
    }
    default:
      throw new Error(
        `disk ${disk.target}: unsupported disk type "${disk.type}" (file, block, dir, volume, network)`,
      );
  }
}

function diskXml(disk: LabDiskSpec): string {
  const device = disk.device ?? 'disk';
  const bus = disk.bus ?? (device === 'cdrom' ? 'sata' : 'virtio');
  const driver =
    `<driver name='qemu'${attr('type', disk.driverType)}${attr('cache', disk.cache)}` +
    `${attr('io', disk.io)}${attr('discard', disk.discard)}/>`;
  return [
    `    <disk${attr('type', disk.type)}${attr('device', device)}>`,
    `      ${driver}`,
    `      ${sourceXml(disk)}`,
    `      <target${attr('dev', disk.target)}${attr('bus', bus)}/>`,
    ...(device === 'cdrom' ? ['      <readonly/>'] : []),
    '    </disk>',
  ].join('\n');
}

function rngXml(rng: LabRngSpec): string {
  const rate = rng.rate
    ? `      <rate${attr('bytes', rng.rate.bytes)}${attr('period', rng.rate.period)}/>\n`
    : '';
  const backend =
    rng.backend === 'builtin'
      ? `<backend model='builtin'/>`
      : `<backend model='random'>${xmlEscape(rng.backend)}</backend>`;
  return `    <rng${attr('model', rng.model ?? 'virtio')}>\n${rate}      ${backend}\n    </rng>`;
}

/** One `<domain type='test'>` for a host's node file. */
export function domainXml(spec: LabDomainSpec): string {
  if (spec.name === '') throw new Error('a domain needs a name');
  const genid =
    spec.genid === undefined
      ? []
      : [spec.genid === true ? '  <genid/>' : `  <genid>${xmlEscape(spec.genid)}</genid>`];
  return [
    `<domain type='test'>`,
    `  <name>${xmlEscape(spec.name)}</name>`,
    `  <uuid>${xmlEscape(spec.uuid ?? stableUuid(spec.name))}</uuid>`,
    ...genid,
    `  <memory unit='MiB'>${spec.memoryMiB ?? 2048}</memory>`,
    `  <vcpu>${spec.vcpus ?? 2}</vcpu>`,
    `  <os><type arch='x86_64'>hvm</type></os>`,
    ...(spec.state === 'shutoff' ? ['  <test:runstate>5</test:runstate>'] : []),
    '  <devices>',
    ...(spec.disks ?? []).map(diskXml),
    `    <interface type='network'>`,
    `      <mac address='${stableMac(spec.name)}'/>`,
    `      <source network='default'/>`,
    `      <model type='virtio'/>`,
    `    </interface>`,
    ...(spec.rngs ?? []).map(rngXml),
    '  </devices>',
    '</domain>',
  ].join('\n');
}

/** The test driver's node file: the given domains, with the namespace that test:runstate needs. */
export function nodeXml(domains: readonly string[]): string {
  const body = domains.map((d) => d.replace(/^/gm, '  ')).join('\n');
  return `<node xmlns:test='${TEST_DRIVER_NS}'>\n${body}${body ? '\n' : ''}</node>\n`;
}
