// One list of guests for a host, whatever defines them (pure): libvirt domains (their inactive XML),
// Proxmox VE VMs (their configs) and QEMU processes nobody defines. A guest with a QEMU process is
// judged on what that process runs (its command line); the definition is kept beside it in `defined`
// so a check can say "defined differs from running: a cold boot applies the definition".
// Processes map to guests by libvirt UUID (-uuid), Proxmox VE vmid (-id), then name (-name).
import type { Domain, DomainDisk } from './types';
import type { QemuProcess } from './parse-host-qemu';
import type { PveVm } from './pve-config';
import type { RunningDisk } from './qemu-cmdline';

export interface HostGuests {
  domains: Domain[];
}

// Real QEMU command lines always have devices; see QemuRunningConfig.deviceOptions.
const describesGuest = (p: QemuProcess) => p.config.deviceOptions > 0;

/**
 * The running disks under the definition's names: libvirt's XML knows a disk by <target dev> and
 * the command line by alias, so they meet on the source path; Proxmox names both "scsi0".
 */
function renameDisks(running: RunningDisk[], defined: DomainDisk[], by: 'source' | 'target'): DomainDisk[] {
  // Each definition disk names one running disk at most (two disks may share a source path).
  const free = [...defined];
  return running.map(({ alias: _alias, ...disk }) => {
    const at = free.findIndex((d) =>
      by === 'target' ? d.target === disk.target : d.source !== null && d.source === disk.source,
    );
    const match = at < 0 ? undefined : free.splice(at, 1)[0];
    if (!match) return disk;
    const renamed = { ...disk, target: match.target, device: match.device };
    return match.pveValue === undefined ? renamed : { ...renamed, pveValue: match.pveValue };
  });
}

function runningDomain(
  base: Domain,
  proc: QemuProcess,
  defined: Domain['defined'],
  by: 'source' | 'target',
): Domain {
  const c = proc.config;
  return {
    ...base,
    state: 'running',
    pid: proc.pid,
    judgedFrom: 'running',
    // vmgenid's guid=auto is libvirt's own: the definition holds the value the guest sees.
    genid: c.genid !== null && c.genid !== 'auto' ? c.genid : base.genid,
    disks: renameDisks(c.disks, defined?.disks ?? base.disks, by),
    rngs: c.rngs,
    defined,
  };
}

function libvirtGuest(domain: Domain, procs: QemuProcess[], used: Set<QemuProcess>): Domain {
  const proc =
    procs.find((p) => !used.has(p) && domain.uuid !== null && p.config.uuid === domain.uuid) ??
    procs.find((p) => !used.has(p) && p.config.vmid === null && p.config.name === domain.name);
  const base: Domain = { ...domain, platform: 'libvirt' };
  if (!proc) return { ...base, pid: null, judgedFrom: 'definition', defined: null };
  used.add(proc);
  return runningDomain(base, proc, { disks: domain.disks, rngs: domain.rngs, genid: domain.genid }, 'source');
}

function pveGuest(vm: PveVm, procs: QemuProcess[], used: Set<QemuProcess>): Domain {
  const proc = procs.find((p) => !used.has(p) && p.config.vmid === vm.vmid);
  const base: Domain = {
    // A VM without a name is "VM <vmid>" in Proxmox's own interface.
    name: vm.name ?? `VM ${vm.vmid}`,
    uuid: vm.uuid,
    state: 'shut off',
    genid: vm.genid,
    disks: vm.disks,
    rngs: vm.rngs,
    platform: 'proxmox',
    vmid: vm.vmid,
    ...(vm.agentChannel ? { agentChannel: true } : {}),
  };
  if (!proc) return { ...base, pid: null, judgedFrom: 'definition', defined: null };
  used.add(proc);
  return runningDomain(base, proc, { ...vm.next, pendingKeys: vm.pendingKeys }, 'target');
}

function plainGuest(proc: QemuProcess): Domain {
  const c = proc.config;
  return {
    name: c.name ?? (c.vmid !== null ? `VM ${c.vmid}` : `qemu pid ${proc.pid}`),
    uuid: c.uuid,
    state: 'running',
    genid: c.genid,
    disks: c.disks.map(({ alias: _alias, ...d }) => d),
    rngs: c.rngs,
    platform: 'qemu',
    vmid: c.vmid,
    pid: proc.pid,
    judgedFrom: 'running',
    defined: null,
  };
}

/** Merges a host's definitions and QEMU processes into its guests; `processes` null = not listed. */
export function mergeGuests(input: {
  libvirt: Domain[];
  pve: PveVm[] | null;
  processes: QemuProcess[] | null;
}): HostGuests {
  const procs = (input.processes ?? []).filter(describesGuest);
  const used = new Set<QemuProcess>();
  const pve = (input.pve ?? []).map((vm) => pveGuest(vm, procs, used));
  const libvirt = input.libvirt.map((d) => libvirtGuest(d, procs, used));
  const plain = procs.filter((p) => !used.has(p)).map(plainGuest);
  return { domains: [...pve, ...libvirt, ...plain] };
}
