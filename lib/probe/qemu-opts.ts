// The two syntaxes of a QEMU option argument, read into one tree (pure):
//   key=value,key2=value2    QemuOpts / keyval: "," separates, ",," is a literal comma, a first part
//                            without "=" is the option's implied key (-name NAME, -object TYPE),
//                            dotted keys nest (cache.direct=on → { cache: { direct: 'on' } })
//   {"driver":"file",...}    JSON (QEMU ≥ 6.0 takes it for -blockdev, -object, -device; libvirt ≥ 7
//                            writes it), where objects nest (Proxmox VE 9 inlines "file" children)
// Sources: qemu/qemu docs/system/invocation (qemu-options.hx) and util/keyval.c; the JSON forms as
// libvirt's tests/qemuxmlconfdata/*.args and Proxmox's `qm showcmd` print them.
import { splitQemuOpts } from './parse-qemu';

export type OptValue = string | number | boolean | null | OptTree | OptValue[];
export interface OptTree {
  [key: string]: OptValue;
}

/** One argument longer than this is not read (a real -blockdev JSON is a few hundred bytes). */
export const MAX_OPT_ARG_CHARS = 64 * 1024;
/** JSON nested deeper than this is refused (Proxmox's throttle → format → file chain is 3 levels). */
export const MAX_OPT_DEPTH = 16;

export type OptParse = { ok: true; tree: OptTree } | { ok: false; error: string };

function isTree(value: unknown): value is OptTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function depthWithin(value: unknown, limit: number): boolean {
  if (limit < 0) return false;
  if (Array.isArray(value)) return value.every((v) => depthWithin(v, limit - 1));
  if (isTree(value)) return Object.values(value).every((v) => depthWithin(v, limit - 1));
  return true;
}

// A JSON key like "__proto__" must stay a plain key, never reach an object's prototype.
function plainTree(): OptTree {
  return Object.create(null) as OptTree;
}

function setDotted(tree: OptTree, key: string, value: string): void {
  const path = key.split('.');
  let node = tree;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (isTree(next)) node = next;
    else {
      const created = plainTree();
      node[part] = created;
      node = created;
    }
  }
  // A repeated key: the last one wins, as in QemuOpts.
  node[path.at(-1) ?? key] = value;
}

function fromJson(text: string): OptParse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, function (this: unknown, _key, value: unknown) {
      if (!isTree(value)) return value;
      const copy = plainTree();
      for (const [k, v] of Object.entries(value)) copy[k] = v as OptValue;
      return copy;
    });
  } catch (err) {
    return { ok: false, error: `malformed JSON option: ${(err as Error).message}` };
  }
  if (!isTree(parsed)) return { ok: false, error: 'a JSON option must be an object' };
  if (!depthWithin(parsed, MAX_OPT_DEPTH))
    return { ok: false, error: `JSON option nested deeper than ${MAX_OPT_DEPTH} levels` };
  return { ok: true, tree: parsed };
}

/**
 * Reads one option argument (the word after -drive, -blockdev, -object, -device, -name ...).
 * `impliedKey` names the key of a first part without "=" (e.g. "qom-type" for -object).
 */
export function parseOptArg(value: string, impliedKey: string | null): OptParse {
  if (value.length > MAX_OPT_ARG_CHARS)
    return { ok: false, error: `option is ${value.length} characters, over the ${MAX_OPT_ARG_CHARS} limit` };
  if (value.trimStart().startsWith('{')) return fromJson(value);
  const tree = plainTree();
  splitQemuOpts(value).forEach((part, index) => {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (index === 0 && impliedKey) setDotted(tree, impliedKey, part);
      // QemuOpts reads a bare "flag" as flag=on.
      else if (part !== '') setDotted(tree, part, 'on');
      return;
    }
    setDotted(tree, part.slice(0, eq), part.slice(eq + 1));
  });
  return { ok: true, tree };
}

/** A string property (numbers are printed as JSON writes them); null when absent or not a scalar. */
export function optString(tree: OptTree | undefined, key: string): string | null {
  const v = tree?.[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** A nested object property; null when absent or not an object. */
export function optTree(tree: OptTree | undefined, key: string): OptTree | null {
  const v = tree?.[key];
  return isTree(v) ? v : null;
}

const TRUE_WORDS = new Set(['on', 'yes', 'true', 'y']);
const FALSE_WORDS = new Set(['off', 'no', 'false', 'n']);

/** A boolean property in QEMU's words (on/off, yes/no, true/false) or JSON; null when absent or odd. */
export function optBool(tree: OptTree | undefined, key: string): boolean | null {
  const v = tree?.[key];
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return null;
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return null;
}

/** A non-negative whole-number property (JSON number or decimal text); null when absent or not one. */
export function optCount(tree: OptTree | undefined, key: string): number | null {
  const v = tree?.[key];
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : null;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return null;
}
