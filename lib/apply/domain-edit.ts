// The domain definition changes Entropy Watch can apply itself, as pure functions of the XML libvirt
// printed (`virsh dumpxml --inactive`): each one adds or changes exactly one element and splices it
// into the original text, so the unified diff of before and after shows that element and nothing else.
import { rngDeviceXml } from '../checks/remedy/libvirt';
import type { DomainEdit } from '../checks/remedy/types';
import { xmlEscape } from '../checks/remedy/xml-escape';
import { childNamed, indentAt, parseXmlTree, type XmlElement } from './xml-tree';

/** The edit cannot be made on this definition (already fixed, or the element is missing). */
export class EditRefusedError extends Error {
  override name = 'EditRefusedError';
}

interface Splice {
  at: number;
  remove: number;
  insert: string;
}

const RATE = "<rate bytes='1024' period='1000'/>";

function apply(xml: string, splices: Splice[]): string {
  // Back to front, so earlier offsets stay valid.
  let out = xml;
  for (const s of [...splices].sort((a, b) => b.at - a.at))
    out = out.slice(0, s.at) + s.insert + out.slice(s.at + s.remove);
  return out;
}

/** Inserts `lines` (one element's text) as the last child of `parent`, indented like its children. */
function appendChild(xml: string, parent: XmlElement, text: string): Splice {
  const last = parent.children.at(-1);
  const indent = last ? indentAt(xml, last.start) : `${indentAt(xml, parent.start)}  `;
  const closing = xml.lastIndexOf('<', parent.end - 1);
  const lineStart = xml.lastIndexOf('\n', closing - 1) + 1;
  const body = text
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
  return { at: lineStart, remove: 0, insert: `${body}\n` };
}

/** Inserts `text` right after `sibling`, on its own line with the sibling's indentation. */
function insertAfter(xml: string, sibling: XmlElement, text: string): Splice {
  return { at: sibling.end, remove: 0, insert: `\n${indentAt(xml, sibling.start)}${text}` };
}

/** Inserts `text` as the first child of a non-empty `parent`. */
function insertFirst(xml: string, parent: XmlElement, text: string): Splice {
  const first = parent.children[0];
  const indent = first ? indentAt(xml, first.start) : `${indentAt(xml, parent.start)}  `;
  return { at: parent.openEnd, remove: 0, insert: `\n${indent}${text}` };
}

/** The start tag of `element` with attribute `name` set to `value` (added at the end when absent). */
function setAttribute(xml: string, element: XmlElement, name: string, value: string): Splice {
  const tag = xml.slice(element.start, element.openEnd);
  const quoted = `'${xmlEscape(value)}'`;
  const existing = new RegExp(`(\\s${name}\\s*=\\s*)('[^']*'|"[^"]*")`).exec(tag);
  const next = existing
    ? tag.slice(0, existing.index) + existing[1] + quoted + tag.slice(existing.index + existing[0].length)
    : tag.replace(/\s*(\/?>)$/, ` ${name}=${quoted}$1`);
  return { at: element.start, remove: tag.length, insert: next };
}

function devicesOf(root: XmlElement): XmlElement {
  const devices = childNamed(root, 'devices');
  if (!devices || devices.selfClosing) throw new EditRefusedError('the domain has no <devices> element');
  return devices;
}

const isVirtio = (rng: XmlElement) => (rng.attributes.model ?? '').startsWith('virtio');
const rngs = (root: XmlElement) => devicesOf(root).children.filter((c) => c.name === 'rng');

function blockingBackend(rng: XmlElement): XmlElement | undefined {
  const backend = childNamed(rng, 'backend');
  if (!backend || backend.attributes.model !== 'random') return undefined;
  const path = backend.text.trim();
  // No path is QEMU's default, which is /dev/random (libvirt formatdomain, "Random number generator").
  return path === '' || path === '/dev/random' ? backend : undefined;
}

function edits(xml: string, root: XmlElement, edit: DomainEdit): Splice[] {
  switch (edit.op) {
    case 'add-genid': {
      if (childNamed(root, 'genid')) throw new EditRefusedError('the domain already has a <genid>');
      const anchor = childNamed(root, 'uuid') ?? childNamed(root, 'name');
      if (!anchor) throw new EditRefusedError('the domain has neither <uuid> nor <name>');
      return [insertAfter(xml, anchor, '<genid/>')];
    }
    case 'add-rng': {
      if (rngs(root).length > 0) throw new EditRefusedError('the domain already has an <rng> device');
      return [appendChild(xml, devicesOf(root), rngDeviceXml())];
    }
    case 'rng-add-rate': {
      const targets = rngs(root).filter((r) => isVirtio(r) && !r.selfClosing && !childNamed(r, 'rate'));
      if (targets.length === 0) throw new EditRefusedError('every virtio <rng> already has a <rate>');
      return targets.map((r) => insertFirst(xml, r, RATE));
    }
    case 'rng-backend-urandom': {
      const targets = rngs(root).filter((r) => blockingBackend(r));
      if (targets.length === 0) throw new EditRefusedError('no <rng> backend reads /dev/random');
      return targets.flatMap((r) => {
        const backend = blockingBackend(r) as XmlElement;
        const fixed = `<backend model='random'>/dev/urandom</backend>`;
        const splices: Splice[] = [{ at: backend.start, remove: backend.end - backend.start, insert: fixed }];
        if (isVirtio(r) && !childNamed(r, 'rate')) splices.push(insertFirst(xml, r, RATE));
        return splices;
      });
    }
    case 'disk-driver': {
      const disk = devicesOf(root).children.find(
        (c) =>
          c.name === 'disk' && c.children.some((t) => t.name === 'target' && t.attributes.dev === edit.disk),
      );
      if (!disk) throw new EditRefusedError(`the domain has no disk with <target dev='${edit.disk}'/>`);
      const driver = childNamed(disk, 'driver');
      if (!driver) {
        const line = `<driver name='qemu' cache='${xmlEscape(edit.cache)}' io='${xmlEscape(edit.io)}'/>`;
        return [insertFirst(xml, disk, line)];
      }
      if (driver.attributes.cache === edit.cache && driver.attributes.io === edit.io)
        throw new EditRefusedError(`disk ${edit.disk} already has cache='${edit.cache}' io='${edit.io}'`);
      // Both attributes live in one start tag: set them one after the other on the text.
      const withCache = apply(xml, [setAttribute(xml, driver, 'cache', edit.cache)]);
      const shifted = { ...driver, openEnd: driver.openEnd + (withCache.length - xml.length) };
      const io = setAttribute(withCache, shifted, 'io', edit.io);
      return [{ at: driver.start, remove: driver.openEnd - driver.start, insert: io.insert }];
    }
  }
}

/** The definition with `edit` made; throws EditRefusedError when it does not apply, Error on bad XML. */
export function editDomainXml(xml: string, edit: DomainEdit): string {
  const root = parseXmlTree(xml);
  if (root.name !== 'domain') throw new Error(`domain XML: the root element is <${root.name}>, not <domain>`);
  return apply(xml, edits(xml, root, edit));
}
