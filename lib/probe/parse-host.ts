// Host-only facts: who holds the entropy devices open (lsof + /proc/PID/cmdline) and the
// libvirt domains (virsh list / domstate / dumpxml).
import type { DeviceHolder, Domain, HostFacts } from './types';
import { describeFailure, excerpt, sectionBytes, sectionText, type ProbeSection } from './parse-frame';
import { cmdlineArgv, isQemuCommand, qemuGuestName } from './parse-qemu';
import { parseDomainXml } from './domain-xml';

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
  const section = sections.get(`cmdline.${proc.pid}`);
  if (section?.status !== 'ok') {
    errors[key] = `cmdline ${describeFailure(section)}`;
    return null;
  }
  let argv: string[];
  try {
    argv = cmdlineArgv(sectionBytes(section));
  } catch (err) {
    errors[key] = (err as Error).message;
    return null;
  }
  const name = qemuGuestName(argv);
  if (name === null) errors[key] = `no -name in the QEMU command line: ${excerpt(argv.join(' '))}`;
  return name;
}

/** The processes holding /dev/random, /dev/urandom or /dev/hwrng, one per process and device. */
export function parseHolders(sections: Sections, errors: Errors): DeviceHolder[] {
  const section = sections.get('lsof');
  if (section?.status !== 'ok') errors.holders = describeFailure(section);
  if (!section) return [];
  const holders: DeviceHolder[] = [];
  const unknownNames = new Set<string>();
  for (const proc of parseLsofFields(sectionText(section))) {
    const devices = new Set<DeviceHolder['device']>();
    for (const name of proc.names) {
      const device = deviceOf(name);
      if (device) devices.add(device);
      else unknownNames.add(name);
    }
    if (devices.size === 0) continue;
    const domain = holderDomain(proc, sections, errors);
    for (const device of devices) holders.push({ pid: proc.pid, command: proc.command, device, domain });
  }
  if (unknownNames.size > 0 && !errors.holders) {
    errors.holders = `unrecognised lsof names ignored: ${excerpt([...unknownNames].join(' '))}`;
  }
  return holders;
}

function parseOneDomain(index: number, name: string, sections: Sections, errors: Errors): Domain | null {
  const key = `domain:${name}`;
  const xmlSection = sections.get(`domain.${index}.xml`);
  if (xmlSection?.status !== 'ok') {
    errors[key] = `dumpxml ${describeFailure(xmlSection)}`;
    return null;
  }
  let domain: Domain;
  try {
    domain = parseDomainXml(sectionBytes(xmlSection).toString('utf8'));
  } catch (err) {
    errors[key] = (err as Error).message;
    return null;
  }
  const stateSection = sections.get(`domain.${index}.state`);
  let state: string | null = null;
  if (stateSection?.status === 'ok') {
    state = stateSection.lines.map((l) => l.trim()).find((l) => l !== '') ?? null;
  }
  if (state === null) errors[`domainState:${name}`] = `domstate ${describeFailure(stateSection)}`;
  // virsh list's name is the one the host knows the domain by.
  return { ...domain, name, state };
}

/** Every domain `virsh list --all` named; a domain whose XML cannot be read is left out and explained. */
export function parseDomains(sections: Sections, errors: Errors): Domain[] {
  const list = sections.get('virsh_list');
  if (list?.status !== 'ok') {
    errors.domains = describeFailure(list);
    return [];
  }
  const domains: Domain[] = [];
  let reported = 0;
  for (; sections.has(`domain.${reported}.name`); reported++) {
    const name = sections.get(`domain.${reported}.name`)?.lines[0] ?? '';
    const domain = parseOneDomain(reported, name, sections, errors);
    if (domain) domains.push(domain);
  }
  const listed = list.lines.filter((l) => l !== '').length;
  if (listed !== reported)
    errors.domains = `virsh listed ${listed} domains but the probe reported ${reported}`;
  return domains;
}

/** Host facts from a host probe's sections. */
export function parseHostFacts(sections: Sections, errors: Errors): HostFacts {
  return { holders: parseHolders(sections, errors), domains: parseDomains(sections, errors) };
}
