// The parts of `virsh dumpxml` Entropy Watch judges: disks (cache/io modes) and RNG devices.
// The XML comes from a host we only monitor, so it is treated as hostile: no DOCTYPE (hence no
// entities beyond the five XML built-ins), bounded nesting, strict validation first.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Domain, DomainDisk, DomainRng } from './types';
import { RULES } from './field-rules';
import { PolicyError, REFUSED, requireOptionalText, requireText } from './input-policy';
import { deviceCountRefusal, diskRefusal, rngRefusal } from './domain-policy';

type XmlNode = Record<string, unknown>;

const ARRAY_PATHS = new Set([
  'domain.devices',
  'domain.devices.disk',
  'domain.devices.rng',
  'domain.devices.channel',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
  isArray: (_name, jpath) => typeof jpath === 'string' && ARRAY_PATHS.has(jpath),
});

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A repeated singleton element (two <name>s) arrives as an array: the first one counts, like libvirt.
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function child(node: unknown, tag: string): unknown {
  return isNode(node) ? first(node[tag]) : undefined;
}

function attr(node: unknown, name: string): string | null {
  if (!isNode(node)) return null;
  const value = node[`@_${name}`];
  return typeof value === 'string' && value !== '' ? value : null;
}

function text(node: unknown): string | null {
  if (typeof node === 'string') return node === '' ? null : node;
  if (isNode(node) && typeof node['#text'] === 'string') return node['#text'] === '' ? null : node['#text'];
  return null;
}

function list(node: unknown): unknown[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

function diskSource(source: unknown): string | null {
  const path = attr(source, 'file') ?? attr(source, 'dev') ?? attr(source, 'dir');
  if (path) return path;
  const pool = attr(source, 'pool');
  const volume = attr(source, 'volume');
  if (pool && volume) return `${pool}/${volume}`;
  const protocol = attr(source, 'protocol');
  if (protocol) {
    const name = attr(source, 'name');
    if (name) return `${protocol}:${name}`;
    const host = attr(child(source, 'host'), 'name');
    return host ? `${protocol}:${host}` : protocol;
  }
  return attr(source, 'path') ?? attr(source, 'name');
}

/** A libvirt domain's XML is a few KiB; even 64 disks with long paths stay far below this. */
export const MAX_DOMAIN_XML_CHARS = 512 * 1024;

function countTags(xml: string, tag: string): number {
  return xml.match(new RegExp(`<${tag}[\\s/>]`, 'g'))?.length ?? 0;
}

// Each value that is kept passes the input policy (./domain-policy.ts), or the domain is refused.
function refuse(why: string | null): void {
  if (why) throw new PolicyError(why);
}

function parseDisk(disk: unknown, index: number): DomainDisk {
  const where = `<disk> #${index + 1}`;
  const device = attr(disk, 'device') ?? 'disk';
  const target = attr(child(disk, 'target'), 'dev');
  if (!target) throw new Error(`${where} (device '${device}') has no <target dev='...'>`);
  const driver = child(disk, 'driver');
  const parsed: DomainDisk = {
    target,
    // libvirt's defaults when the attributes are left out
    type: attr(disk, 'type') ?? 'file',
    device,
    source: diskSource(child(disk, 'source')),
    driverType: attr(driver, 'type'),
    cacheMode: attr(driver, 'cache'),
    ioMode: attr(driver, 'io'),
    discard: attr(driver, 'discard'),
  };
  refuse(diskRefusal(parsed, where));
  return parsed;
}

function count(value: string | null, what: string): number | null {
  if (value === null) return null;
  if (!/^\d{1,15}$/.test(value)) throw new Error(`${what} is not a whole number: ${JSON.stringify(value)}`);
  return Number(value);
}

function parseRng(rng: unknown, index: number): DomainRng {
  const where = `<rng> #${index + 1}`;
  const model = attr(rng, 'model');
  if (!model) throw new Error(`${where} has no model attribute`);
  const backend = child(rng, 'backend');
  const backendModel = attr(backend, 'model');
  if (!backendModel) throw new Error(`${where} has no <backend model='...'>`);
  const rate = child(rng, 'rate');
  let parsedRate: DomainRng['rate'] = null;
  if (rate !== undefined) {
    const bytes = count(attr(rate, 'bytes'), `${where} <rate bytes>`);
    if (bytes === null) throw new Error(`${where} has a <rate> without bytes`);
    parsedRate = { bytes, period: count(attr(rate, 'period'), `${where} <rate period>`) };
  }
  const parsed: DomainRng = {
    model,
    backendModel,
    backendSource: backendModel === 'random' ? text(backend) : null,
    rate: parsedRate,
  };
  refuse(rngRefusal(parsed, where));
  return parsed;
}

// fast-xml-parser trims text, but libvirt keeps spaces at the ends of a name and virsh needs the
// name exactly: read it as libvirt writes it, <name> right after <domain ...>.
const LIBVIRT_NAME = /^\s*(?:<\?xml[^>]*\?>\s*)?<domain\b[^>]*>\s*<name>([^<]*)<\/name>/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function exactName(xml: string, trimmed: string): string {
  const raw = LIBVIRT_NAME.exec(xml)?.[1];
  if (raw === undefined) return trimmed;
  // The five built-ins only, like the parser (libvirt writes a newline or a tab in a name raw).
  const name = raw.replace(/&(lt|gt|amp|apos|quot);/g, (_whole, ref: string) => ENTITIES[ref] ?? '');
  return name.trim() === trimmed ? name : trimmed;
}

// libvirt's guest agent channel: <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>
// (https://libvirt.org/formatdomain.html#channel); virsh qemu-agent-command talks through it.
function hasAgentChannel(devices: unknown[]): boolean {
  return devices
    .flatMap((d) => list(isNode(d) ? d.channel : undefined))
    .some((c) => {
      const target = child(c, 'target');
      return attr(target, 'type') === 'virtio' && attr(target, 'name') === 'org.qemu.guest_agent.0';
    });
}

/** Parses one domain's XML (as `virsh dumpxml` prints it); throws an Error saying what is wrong. */
export function parseDomainXml(xml: string): Domain {
  // Refused before parsing, which costs ~2 ms per KiB: a real domain's XML is a few KiB.
  if (xml.length > MAX_DOMAIN_XML_CHARS) {
    throw new PolicyError(
      `${REFUSED}domain XML is too long (${xml.length} characters, at most ${MAX_DOMAIN_XML_CHARS})`,
    );
  }
  refuse(deviceCountRefusal(countTags(xml, 'disk'), countTags(xml, 'rng')));
  if (/<!DOCTYPE/i.test(xml))
    throw new Error('domain XML must not contain a DOCTYPE (libvirt never writes one)');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const at = col ? `line ${line}, column ${col}` : `line ${line}`;
    throw new Error(`malformed domain XML at ${at}: ${msg}`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw new Error(`malformed domain XML: ${(err as Error).message}`);
  }
  const roots = isNode(doc) ? Object.keys(doc) : [];
  if (roots.length > 1 || (isNode(doc) && Array.isArray(doc.domain))) {
    throw new Error(
      `domain XML must have one root element, found ${roots.length > 1 ? roots.join(', ') : 'several <domain>'}`,
    );
  }
  const domain = child(doc, 'domain');
  if (!isNode(domain)) {
    const root = isNode(doc) ? Object.keys(doc)[0] : undefined;
    throw new Error(`not a libvirt domain: the root element is <${root ?? '?'}>, expected <domain>`);
  }
  const name = text(child(domain, 'name'));
  if (!name) throw new Error('domain XML has no <name>');
  // <devices> is an array (ARRAY_PATHS) so that a second <devices> block is not lost.
  const devices = list(domain.devices);
  const disks = devices.flatMap((d) => list(isNode(d) ? d.disk : undefined));
  const rngs = devices.flatMap((d) => list(isNode(d) ? d.rng : undefined));
  refuse(deviceCountRefusal(disks.length, rngs.length));
  return {
    name: requireText(exactName(xml, name), RULES.domainName),
    uuid: requireOptionalText(text(child(domain, 'uuid')), RULES.domainUuid),
    state: null,
    genid: requireOptionalText(text(child(domain, 'genid')), RULES.genid),
    disks: disks.map(parseDisk),
    rngs: rngs.map(parseRng),
    // Only when present: a domain without one reads exactly as before.
    ...(hasAgentChannel(devices) ? { agentChannel: true } : {}),
  };
}
