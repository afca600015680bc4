// Host-only facts: who holds the entropy devices open (lsof, named by the QEMU stream's command
// lines), the libvirt domains (virsh list, then one virsh batch of domstate + dumpxml:
// ./script-sh-virsh.ts), the QEMU processes
// and Proxmox VE configs (./parse-host-qemu.ts), merged into one list of guests (./merge-running.ts).
import type { DeviceHolder, Domain, HostFacts, Platform } from './types';
import { describeFailure, excerpt, sectionBytes, sectionText, type ProbeSection } from './parse-frame';
import { cmdlineArgv, isQemuCommand, qemuGuestName } from './parse-qemu';
import { parseDomainXml } from './domain-xml';
import { parseVirshBatch, type VirshBatch } from './parse-virsh-batch';
import { parsePveNode, parseQemuProcesses, qemuCmdlineOf } from './parse-host-qemu';
import { mergeGuests } from './merge-running';
import { checkCount, checkText, escapeForbidden } from './input-policy';
import { COUNTS, RULES } from './field-rules';

type Sections = Map<string, ProbeSection>;
type Errors = Record<string, string>;

const DEVICES: Record<string, DeviceHolder['device']> = {
  random: '/dev/random',
  urandom: '/dev/urandom',
  hwrng: '/dev/hwrng',
};

export interface LsofProcess {
  pid: number;
  command: string;
  names: string[];
}

/** Parses `lsof -F pcfn` output into processes and the file names they hold. */
export function parseLsofFields(text: string): LsofProcess[] {
  const processes: LsofProcess[] = [];
  let current: LsofProcess | null = null;
  for (const line of text.split('\n')) {
    const field = line[0];
    const value = line.slice(1);
    if (field === 'p') {
      current = /^\d+$/.test(value) ? { pid: Number(value), command: '', names: [] } : null;
      if (current) processes.push(current);
    } else if (field === 'c' && current) {
      current.command = value;
    } else if (field === 'n' && current) {
      current.names.push(value);
    }
  }
  return processes;
}

// lsof may print another path to the same device node (a bind mount, /dev in a container):
// the basename still says which device it is.
function deviceOf(name: string): DeviceHolder['device'] | null {
  return DEVICES[name.split('/').pop() ?? ''] ?? null;
}

function holderDomain(proc: LsofProcess, sections: Sections, errors: Errors): string | null {
  if (!isQemuCommand(proc.command)) return null;
  const key = `holder:${proc.pid}`;
  // Probes before the cost cut sent each holder's command line as its own section; now it is read
  // once, in the QEMU stream (./script-sh-qemu.ts), whose comm filter matches isQemuCommand.
  const section = sections.get(`cmdline.${proc.pid}`);
  let argv: string[];
  try {
    if (section) {
      if (section.status !== 'ok') {
        errors[key] = `cmdline ${describeFailure(section)}`;
        return null;
      }
      argv = cmdlineArgv(sectionBytes(section));
    } else {
      const found = qemuCmdlineOf(sections, proc.pid);
      if ('error' in found) {
        errors[key] = `cmdline ${found.error}`;
        return null;
      }
      argv = found.argv;
    }
  } catch (err) {
    errors[key] = (err as Error).message;
    return null;
  }
  const name = qemuGuestName(argv);
  if (name === null) errors[key] = `no -name in the QEMU command line: ${excerpt(argv.join(' '))}`;
  const refusal = name === null ? null : checkText(name, RULES.domainName);
  if (refusal) errors[key] = `QEMU -name ${refusal}`;
  return refusal ? null : name;
}

/** The processes holding /dev/random, /dev/urandom or /dev/hwrng, one per process and device. */
export function parseHolders(sections: Sections, errors: Errors): DeviceHolder[] {
  const section = sections.get('lsof');
  if (section?.status !== 'ok') errors.holders = describeFailure(section);
  if (!section) return [];
  const holders: DeviceHolder[] = [];
  const unknownNames = new Set<string>();
  const processes = parseLsofFields(sectionText(section));
  const tooMany = checkCount(processes.length, COUNTS.holders, 'processes holding an entropy device');
  if (tooMany) {
    errors.holders = tooMany;
    return [];
  }
  for (const proc of processes) {
    const devices = new Set<DeviceHolder['device']>();
    for (const name of proc.names) {
      const device = deviceOf(name);
      if (device) devices.add(device);
      else if (unknownNames.size < 16) unknownNames.add(name);
    }
    if (devices.size === 0) continue;
    // A process name that breaks the policy is not stored; the process is named by its PID.
    const refusal = checkText(proc.command, RULES.lsofCommand);
    if (refusal) {
      errors[`holder:${proc.pid}`] = refusal;
      continue;
    }
    const domain = holderDomain(proc, sections, errors);
    for (const device of devices) holders.push({ pid: proc.pid, command: proc.command, device, domain });
  }
  if (unknownNames.size > 0 && !errors.holders) {
    errors.holders = `unrecognised lsof names ignored: ${excerpt([...unknownNames].join(' '))}`;
  }
  return holders;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The batch holds every domain's XML at once: far more room than one section's blob. */
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

// virsh's messages quote domain names: shown escaped and cut, never raw.
function cleanStderr(line: string): string {
  return escapeForbidden(line.length > 240 ? `${line.slice(0, 240)}…` : line);
}

/** Why a command of the batch printed nothing for `uuid`: virsh's errors name the domain's UUID. */
function batchFailure(command: string, uuid: string, stderr: string[]): string {
  // domstate and dumpxml of a vanished domain fail with the same line: say it once.
  const own = [...new Set(stderr.filter((l) => l.includes(uuid)).map(cleanStderr))];
  if (own.length > 0) return `${command} failed: ${own.join(' / ')}`;
  const any = stderr
    .filter((l) => l.trim() !== '')
    .slice(0, 3)
    .map(cleanStderr);
  return any.length > 0
    ? `${command} printed nothing; virsh said: ${any.join(' / ')}`
    : `${command} printed nothing`;
}

function cutShort(exits: number[]): string {
  const bad = exits.find((e) => e !== 0);
  if (bad === undefined) return "virsh's output ended before this domain";
  return `virsh stopped before this domain (exit ${bad}${bad === 124 ? ': timed out' : ''})`;
}

function parseOneDomain(uuid: string, batch: VirshBatch, stderr: string[], errors: Errors): Domain | null {
  // Without its XML the name is unknown: the error goes under the UUID `virsh list` printed.
  const key = `domain:${uuid}`;
  const record = batch.records.get(uuid);
  if (!record) {
    errors[key] = cutShort(batch.exits);
    return null;
  }
  if (record.xml === '') {
    errors[key] = batchFailure('dumpxml', uuid, stderr);
    return null;
  }
  let domain: Domain;
  try {
    domain = parseDomainXml(record.xml);
  } catch (err) {
    errors[key] = (err as Error).message;
    return null;
  }
  let state = record.state;
  if (state === null) errors[`domainState:${domain.name}`] = batchFailure('domstate', uuid, stderr);
  const refusal = state === null ? null : checkText(state, RULES.domainState);
  if (refusal) {
    errors[`domainState:${domain.name}`] = refusal;
    state = null;
  }
  return { ...domain, uuid: domain.uuid ?? uuid, state };
}

function readBatch(sections: Sections): VirshBatch | string {
  const section = sections.get('virsh_batch');
  if (section?.status !== 'ok') return `virsh batch ${describeFailure(section)}`;
  try {
    return parseVirshBatch(sectionBytes(section, MAX_BATCH_BYTES).toString('utf8'));
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Every domain `virsh list --all --uuid` printed, read from the probe's virsh batch; a domain whose
 * XML cannot be read is left out and explained under `domain:<uuid>`.
 */
export function parseDomains(sections: Sections, errors: Errors): Domain[] {
  const list = sections.get('virsh_list');
  if (list?.status !== 'ok') {
    errors.domains = describeFailure(list);
    return [];
  }
  const listed = list.lines.map((l) => l.trim()).filter((l) => l !== '');
  const odd = listed.filter((l) => !UUID.test(l));
  const problems =
    odd.length > 0 ? [`virsh list printed lines that are not UUIDs, skipped: ${excerpt(odd.join(' '))}`] : [];
  const uuids = [...new Set(listed.filter((l) => UUID.test(l)))];
  const tooMany = checkCount(uuids.length, COUNTS.domains, 'domains');
  if (tooMany) {
    errors.domains = tooMany;
    return [];
  }
  const domains: Domain[] = [];
  if (uuids.length > 0) {
    const batch = readBatch(sections);
    if (typeof batch === 'string') problems.push(batch);
    else {
      const stderr = sections.get('virsh_batch_stderr')?.lines ?? [];
      for (const uuid of uuids) {
        const domain = parseOneDomain(uuid, batch, stderr, errors);
        if (domain) domains.push(domain);
      }
    }
  }
  if (problems.length > 0) errors.domains = problems.join('; ');
  return domains;
}

/**
 * Host facts from a host probe's sections: the holders, and the guests of whatever defines them
 * (libvirt, Proxmox VE, or nothing but QEMU processes), each judged on what its QEMU process runs.
 */
export function parseHostFacts(sections: Sections, errors: Errors): HostFacts {
  const holders = parseHolders(sections, errors);
  const libvirt = parseDomains(sections, errors);
  const processes = parseQemuProcesses(sections, errors);
  const pve = parsePveNode(sections, errors);
  const noVirsh = sections.get('virsh_list')?.status === 'no-tool';
  // Without libvirt, the guests come from Proxmox's configs or the QEMU processes: a missing virsh
  // is no gap then (when those could not be read, their own error says so).
  if (noVirsh && (pve !== null || processes !== null) && errors.domains?.endsWith('not installed')) {
    delete errors.domains;
    if (pve === null)
      errors.libvirt =
        'virsh not installed: the guests are the running QEMU processes; a shut-off guest is not seen';
  }
  const { domains } = mergeGuests({ libvirt, pve: pve?.vms ?? null, processes });
  const platform: Platform = pve !== null ? 'proxmox' : noVirsh ? 'qemu' : 'libvirt';
  return { holders, domains, platform, pveVersion: pve?.version ?? null };
}
