// The lab's Proxmox VE node and realistic QEMU processes (pure apart from writePveFiles): a host whose
// /etc shows /etc/pve/qemu-server/<vmid>.conf (an overlay on the machine's /etc inside the target's
// mount namespace, so the machine itself never gets an /etc/pve), a fake `pveversion` on PATH, no virsh,
// and QEMU stand-ins named "kvm" or "qemu-system-x86_64" whose /proc/PID/cmdline carries a whole
// command line as Proxmox's qemu-server or libvirt generates it (lib/probe/fixtures).
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../../lib/checks/remedy/shell-quote';
import { writePveshAgent } from './pvesh-agent';

/** A host that is a Proxmox VE node. */
export interface LabProxmoxSpec {
  /** what `pveversion` prints, e.g. "pve-manager/8.2.4/faa83925c9641325 (running kernel: 6.8.8-2-pve)" */
  version: string;
  /** VM configs by vmid, as /etc/pve/qemu-server/<vmid>.conf holds them */
  configs: Record<number, string>;
  /** vmid → unix socket of a real qemu-ga: the node gets a `pvesh` whose agent/file-read asks it (./pvesh-agent.ts) */
  agentSockets?: Record<number, string>;
}

/** Writes the target's overlay upper directories: etc/pve/qemu-server/*.conf and bin/pveversion. */
export function writePveFiles(targetDir: string, spec: LabProxmoxSpec): void {
  const root = path.join(targetDir, 'pve');
  fs.rmSync(root, { recursive: true, force: true });
  const conf = path.join(root, 'etc-upper', 'pve', 'qemu-server');
  fs.mkdirSync(conf, { recursive: true });
  fs.mkdirSync(path.join(root, 'etc-work'), { recursive: true });
  fs.mkdirSync(path.join(root, 'bin-upper'), { recursive: true });
  fs.mkdirSync(path.join(root, 'bin-work'), { recursive: true });
  for (const [vmid, text] of Object.entries(spec.configs))
    fs.writeFileSync(path.join(conf, `${vmid}.conf`), text);
  const pveversion = path.join(root, 'bin-upper', 'pveversion');
  fs.writeFileSync(pveversion, `#!/bin/sh\nprintf '%s\\n' ${shellQuote(spec.version)}\n`);
  fs.chmodSync(pveversion, 0o755);
  if (spec.agentSockets) writePveshAgent(path.join(root, 'bin-upper'), spec.agentSockets);
}

/**
 * Init-script lines (before the fixture binds, which sit on top of /etc): overlay /etc and
 * /usr/local/bin with the Proxmox files, and hide virsh (a Proxmox node has no libvirt).
 */
export function pveInitLines(targetDir: string): string[] {
  const p = (rel: string) => shellQuote(path.join(targetDir, 'pve', rel));
  return [
    `mount -t overlay lab-pve-etc -o lowerdir=/etc,upperdir=${p('etc-upper')},workdir=${p('etc-work')} /etc`,
    `mount -t overlay lab-pve-bin -o lowerdir=/usr/local/bin,upperdir=${p('bin-upper')},workdir=${p('bin-work')} /usr/local/bin`,
    HIDE_VIRSH,
  ];
}

/** Hides virsh in the target (a /dev/null bind is not executable: `command -v virsh` finds nothing). */
export const HIDE_VIRSH =
  'for v in /usr/bin/virsh /bin/virsh; do if [ -e "$v" ]; then mount --bind /dev/null "$v"; fi; done';

/** The names a QEMU stand-in may run under (its comm and lsof's command). */
export const QEMU_BINARIES = ['qemu-system-x86_64', 'kvm'] as const;
export type QemuBinary = (typeof QEMU_BINARIES)[number];

/**
 * The QEMU stand-in with a whole command line: holds the devices in $1 open, runs as $2 (a copy of
 * tail(1) under that name), and carries the remaining arguments after `--` in /proc/PID/cmdline,
 * where tail ignores them (it follows /dev/null).
 */
export function qemuRunnerScript(binDir: string): string {
  return `#!/bin/bash
# Entropy Watch lab: stand-in for a QEMU process with a real command line.
# usage: qemu-runner DEVICE[,DEVICE...] BINARY ARG...
set -e
IFS=, read -ra devices <<<"$1"
for d in "\${devices[@]}"; do
  exec {fd}<"$d"
done
bin=$2
shift 2
cd /
exec -a "$bin" ${shellQuote(binDir)}/"$bin" -f /dev/null -- "$@" 2>/dev/null
`;
}

/** The sh line that starts one QEMU stand-in with `argv` (the arguments after the binary). */
export function qemuRunnerLine(
  binDir: string,
  devices: string[],
  binary: QemuBinary,
  argv: string[],
): string {
  const words = [`${binDir}/qemu-runner`, devices.join(','), binary, ...argv].map(shellQuote);
  return `${words.join(' ')} </dev/null >/dev/null 2>&1 &`;
}
