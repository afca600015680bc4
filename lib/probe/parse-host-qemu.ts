// The QEMU processes of a host and, on Proxmox VE, its VM configs, from the probe's sections
// (./script-sh-qemu.ts). Pure. A process or config that cannot be read is left out and explained in
// fieldErrors under qemu:<pid> or pve:<vmid>; the rest is kept.
import type { DomainDisk, DomainRng } from './types';
import { describeFailure, excerpt, sectionBytes, sectionText, type ProbeSection } from './parse-frame';
import { cmdlineArgv } from './parse-qemu';
import { parseQemuCommandLine, type QemuRunningConfig } from './qemu-cmdline';
import { parsePveConfig, pveMajorVersion, type PveVm } from './pve-config';
import { parseNonceStream, type NonceStream, type StreamRecord } from './parse-nonce-stream';
import { checkCount, checkText } from './input-policy';
import { COUNTS, RULES } from './field-rules';
import { diskRefusal, rngRefusal } from './domain-policy';

type Sections = Map<string, ProbeSection>;
type Errors = Record<string, string>;

export interface QemuProcess {
  pid: number;
  config: QemuRunningConfig;
}

/** Every host's QEMU command lines and Proxmox configs together fit well under this when decoded. */
const MAX_STREAM_BYTES = 32 * 1024 * 1024;

// The holders' domains and the guests both read the QEMU stream: it is decoded once per section.
const decoded = new WeakMap<ProbeSection, NonceStream | Error>();

const GREP_PREFIX = /^\/proc\/(\d+)\/cmdline:/;

/**
 * The EWG record (`grep -a -z -H '' /proc/PID/cmdline...`: every argument ended by a NUL, each
 * after its file's name) as one P record per process, in the cat loop's form; a later P record for
 * a process already read (the probe's fallback after grep failed part-way) is dropped.
 */
function expandGrepRecord(stream: NonceStream): NonceStream {
  const records: StreamRecord[] = [];
  const seen = new Set<string>();
  for (const r of stream.records) {
    if (r.kind === 'P' && seen.has(r.id)) continue;
    if (r.kind !== 'G') {
      records.push(r);
      if (r.kind === 'P') seen.add(r.id);
      continue;
    }
    const pieces = r.body.split('\0');
    // Every argument ends with a NUL, so the last piece is empty (unless the stream was cut).
    if (pieces.at(-1) === '') pieces.pop();
    const groups: { id: string; args: string[] }[] = [];
    for (const [i, piece] of pieces.entries()) {
      const id = GREP_PREFIX.exec(piece)?.[1];
      // A stream cut short may end inside a file name: what came before still stands.
      if (id === undefined && !stream.complete && i === pieces.length - 1) break;
      if (id === undefined)
        throw new Error(`QEMU command lines: a grep line without its file name: ${excerpt(piece)}`);
      const last = groups.at(-1);
      const arg = piece.slice(`/proc/${id}/cmdline:`.length);
      if (last?.id === id) last.args.push(arg);
      else groups.push({ id, args: [arg] });
    }
    for (const g of groups) {
      records.push({ kind: 'P', id: g.id, body: `${g.args.join('\0')}\0` });
      seen.add(g.id);
    }
  }
  return { records, complete: stream.complete };
}

function decodeStream(section: ProbeSection, header: string): NonceStream {
  let stream = decoded.get(section);
  if (!stream) {
    try {
      stream = parseNonceStream(sectionBytes(section, MAX_STREAM_BYTES).toString('utf8'), header);
      if (header === 'EW-QEMU') stream = expandGrepRecord(stream);
    } catch (err) {
      stream = err as Error;
    }
    decoded.set(section, stream);
  }
  if (stream instanceof Error) throw stream;
  return stream;
}

/** The command line of QEMU process `pid` from the qemu_cmdlines stream, or why it is not there. */
export function qemuCmdlineOf(sections: Sections, pid: number): { argv: string[] } | { error: string } {
  const section = sections.get('qemu_cmdlines');
  if (section?.status !== 'ok') return { error: `QEMU command lines ${describeFailure(section)}` };
  let stream: NonceStream;
  try {
    stream = decodeStream(section, 'EW-QEMU');
  } catch (err) {
    return { error: (err as Error).message };
  }
  const record = stream.records.find((r) => r.kind === 'P' && r.id === String(pid) && r.body !== '');
  // Not there: the process exited before the probe read it (or its comm is not a QEMU one).
  if (!record) return { error: 'missing' };
  return { argv: cmdlineArgv(Buffer.from(record.body, 'utf8')) };
}

/** Why a guest's values break the input policy, or null: the same bounds as libvirt XML. */
function refusal(v: {
  name: string | null;
  uuid: string | null;
  genid: string | null;
  disks: DomainDisk[];
  rngs: DomainRng[];
}): string | null {
  const tooMany =
    checkCount(v.disks.length, COUNTS.disksPerDomain, 'disks') ??
    checkCount(v.rngs.length, COUNTS.rngsPerDomain, 'RNG devices');
  if (tooMany) return tooMany;
  return (
    (v.name === null ? null : checkText(v.name, RULES.domainName)) ??
    (v.uuid === null ? null : checkText(v.uuid, RULES.domainUuid)) ??
    (v.genid === null ? null : checkText(v.genid, RULES.genid)) ??
    v.disks.map((d, i) => diskRefusal(d, `disk #${i + 1}`)).find((r) => r !== null) ??
    v.rngs.map((r, i) => rngRefusal(r, `rng #${i + 1}`)).find((r) => r !== null) ??
    null
  );
}

/** The QEMU processes of the host; null when the probe could not list them (the reason in errors.qemu). */
export function parseQemuProcesses(sections: Sections, errors: Errors): QemuProcess[] | null {
  const section = sections.get('qemu_cmdlines');
  // Probes written before this section existed (stored samples, older fixtures) say nothing of QEMU.
  if (!section) return null;
  if (section.status !== 'ok') {
    errors.qemu = `QEMU command lines ${describeFailure(section)}`;
    return null;
  }
  let stream;
  try {
    stream = decodeStream(section, 'EW-QEMU');
  } catch (err) {
    errors.qemu = (err as Error).message;
    return null;
  }
  const records = stream.records.filter((r) => r.kind === 'P' && r.body !== '');
  const tooMany = checkCount(records.length, COUNTS.domains, 'QEMU processes');
  if (tooMany) {
    errors.qemu = tooMany;
    return null;
  }
  if (!stream.complete) errors.qemu = 'the list of QEMU processes was cut short';
  const processes: QemuProcess[] = [];
  for (const record of records) {
    const pid = Number(record.id);
    const config = parseQemuCommandLine(cmdlineArgv(Buffer.from(record.body, 'utf8')));
    const refused = refusal(config);
    if (refused) {
      errors[`qemu:${pid}`] = refused;
      continue;
    }
    if (config.problems.length > 0) errors[`qemu:${pid}`] = config.problems.slice(0, 3).join('; ');
    processes.push({ pid, config });
  }
  return processes;
}

export interface PveNode {
  version: string | null;
  vms: PveVm[];
}

/** The Proxmox VE VM configs; null when the host is not a Proxmox VE node (no such sections). */
export function parsePveNode(sections: Sections, errors: Errors): PveNode | null {
  const versionSection = sections.get('pveversion');
  const section = sections.get('pve_configs');
  if (!versionSection && !section) return null;
  let version: string | null = null;
  if (versionSection?.status === 'ok') {
    const text = sectionText(versionSection).trim().split('\n')[0] ?? '';
    version = checkText(text, { ...RULES.path, what: 'pveversion' }) === null ? text : null;
  } else errors.pveVersion = describeFailure(versionSection);
  const vms: PveVm[] = [];
  if (section?.status !== 'ok') {
    errors.domains = `Proxmox VE VM configs ${describeFailure(section)}`;
    return { version, vms };
  }
  let stream;
  try {
    stream = decodeStream(section, 'EW-PVE');
  } catch (err) {
    errors.domains = (err as Error).message;
    return { version, vms };
  }
  const tooMany = checkCount(stream.records.length, COUNTS.domains, 'VM configs');
  if (tooMany) {
    errors.domains = tooMany;
    return { version, vms };
  }
  if (!stream.complete) errors.domains = 'the Proxmox VE VM configs were cut short';
  const major = version === null ? null : pveMajorVersion(version);
  for (const record of stream.records) {
    const key = `pve:${record.id}`;
    if (record.kind === 'D') {
      errors[key] = `permission denied: /etc/pve/qemu-server/${record.id}.conf`;
      continue;
    }
    if (record.kind !== 'F') continue;
    try {
      const vm = parsePveConfig(record.body, Number(record.id), major);
      const refused = refusal(vm) ?? refusal({ ...vm, ...vm.next });
      if (refused) errors[key] = refused;
      else {
        if (vm.problems.length > 0) errors[key] = vm.problems.slice(0, 3).join('; ');
        vms.push(vm);
      }
    } catch (err) {
      errors[key] = (err as Error).message;
    }
  }
  return { version, vms };
}
