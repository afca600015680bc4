// The host-side script of a cold boot (issue 12), run over the remediation account's SSH session (pure:
// it only builds text). A cold boot is a shutdown and a start, so QEMU starts again from the persistent
// definition; a reboot inside the guest would keep the same QEMU process and its old devices.
// - libvirt: `virsh shutdown` asks the guest (ACPI) to power off; `virsh domstate` is polled once a second
//   up to the bound; only when the operator chose it, `virsh destroy` cuts the power after that bound
//   (libvirt virsh(1): "destroy ... an immediate ungraceful shutdown"); then `virsh start`.
// - Proxmox VE: `qm shutdown <vmid> --timeout N` waits up to N s (and fails past it), `--forceStop 1`
//   stops the VM instead when the guest did not shut down in time (qm(1)); then `qm start <vmid>`.
// Every word is shell-quoted. The script prints marker lines ("ew-cold-boot: ...") the caller reads.
import { shellJoin } from '../checks/remedy/shell-quote';

export interface ColdBootTarget {
  platform: 'libvirt' | 'proxmox';
  /** libvirt: the domain name; Proxmox VE: unused */
  domain: string;
  /** libvirt: the `virsh -c` URI */
  uri: string;
  /** Proxmox VE: the VM id */
  vmid: number | null;
}

export interface ColdBootOptions {
  /** how long the guest gets to shut down after the request */
  waitSeconds: number;
  /** cut the power (virsh destroy / --forceStop 1) when it has not shut down after waitSeconds */
  forceOff: boolean;
}

/** Exit status of the script when the guest did not shut down in time and force-off was not chosen. */
export const EXIT_STILL_RUNNING = 4;
/** Exit status when the guest was not running: there is nothing to cold boot. */
export const EXIT_NOT_RUNNING = 3;

export const MARK = 'ew-cold-boot:';

function libvirtScript(t: ColdBootTarget, o: ColdBootOptions): string {
  const virsh = (...args: string[]) => shellJoin(['virsh', '-c', t.uri, ...args]);
  const state = virsh('domstate', '--domain', t.domain);
  const name = shellJoin([t.domain]);
  return [
    'set -u',
    `state=$(${state}) || exit 1`,
    `if [ "$state" != running ]; then echo ${name}" is $state, not running: nothing to cold boot" >&2; exit ${EXIT_NOT_RUNNING}; fi`,
    `${virsh('shutdown', '--domain', t.domain)} || exit 1`,
    'i=0',
    `while [ "$i" -lt ${o.waitSeconds} ]; do`,
    '  sleep 1; i=$((i+1))',
    `  state=$(${state}) || exit 1`,
    '  [ "$state" = "shut off" ] && break',
    'done',
    'if [ "$state" != "shut off" ]; then',
    o.forceOff
      ? `  echo "${MARK} forced-off after $i s (state was $state)"; ${virsh('destroy', '--domain', t.domain)} || exit 1`
      : `  echo ${name}" did not shut off within ${o.waitSeconds} s (state $state): left running; the guest may ignore ACPI shutdown, choose force off to cut its power" >&2; exit ${EXIT_STILL_RUNNING}`,
    'else',
    `  echo "${MARK} shut-off after $i s"`,
    'fi',
    `${virsh('start', '--domain', t.domain)} || exit 1`,
    `echo "${MARK} started"`,
  ].join('\n');
}

function proxmoxScript(t: ColdBootTarget, o: ColdBootOptions): string {
  const vmid = String(t.vmid);
  const shutdown = ['qm', 'shutdown', vmid, '--timeout', String(o.waitSeconds)];
  return [
    'set -u',
    `state=$(${shellJoin(['qm', 'status', vmid])}) || exit 1`,
    `case "$state" in *running*) ;; *) echo "VM ${vmid} is $state, not running: nothing to cold boot" >&2; exit ${EXIT_NOT_RUNNING};; esac`,
    `${shellJoin(o.forceOff ? [...shutdown, '--forceStop', '1'] : shutdown)} || exit ${o.forceOff ? 1 : EXIT_STILL_RUNNING}`,
    `echo "${MARK} stopped"`,
    `${shellJoin(['qm', 'start', vmid])} || exit 1`,
    `echo "${MARK} started"`,
  ].join('\n');
}

/** The script that cold boots one guest on its host. */
export function coldBootScript(t: ColdBootTarget, o: ColdBootOptions): string {
  if (!Number.isInteger(o.waitSeconds) || o.waitSeconds < 1)
    throw new Error(`waitSeconds must be a whole number of seconds ≥ 1, got ${o.waitSeconds}`);
  if (t.platform === 'proxmox') {
    if (t.vmid === null) throw new Error('a Proxmox VE cold boot needs the VM id');
    return proxmoxScript(t, o);
  }
  return libvirtScript(t, o);
}

/** The commands a confirmation shows, one a line, in the order they run. */
export function coldBootCommands(t: ColdBootTarget, o: ColdBootOptions): string[] {
  if (t.platform === 'proxmox') {
    const shutdown = ['qm', 'shutdown', String(t.vmid), '--timeout', String(o.waitSeconds)];
    return [
      shellJoin(o.forceOff ? [...shutdown, '--forceStop', '1'] : shutdown),
      shellJoin(['qm', 'start', String(t.vmid)]),
    ];
  }
  const virsh = (...args: string[]) => shellJoin(['virsh', '-c', t.uri, ...args]);
  return [
    virsh('shutdown', '--domain', t.domain),
    `${virsh('domstate', '--domain', t.domain)}   # once a second, up to ${o.waitSeconds} s, until "shut off"`,
    ...(o.forceOff ? [`${virsh('destroy', '--domain', t.domain)}   # only if still running then`] : []),
    virsh('start', '--domain', t.domain),
  ];
}
