// What one probe of one target says, after parsing. Every field is null when it could not be
// read; fieldErrors then says why (missing, permission denied, tool not installed, malformed).
// This is the contract between the probe parser, the store, the rules and the dashboard.

import type { PollStatus, Severity } from '../model';

// Severity and PollStatus are declared once, in lib/model; re-exported for the probe's readers.
export type { PollStatus, Severity };

export interface SshHostKey {
  /** e.g. "ssh-ed25519" */
  type: string;
  /** "SHA256:..." as `ssh-keygen -lf` prints it */
  fingerprint: string;
}

/** A process holding an entropy device open on a host, per `lsof`. */
export interface DeviceHolder {
  pid: number;
  command: string;
  device: '/dev/random' | '/dev/urandom' | '/dev/hwrng';
  /** libvirt domain from `-name guest=NAME,...` or `-name NAME` in /proc/PID/cmdline; null if none */
  domain: string | null;
}

/** One `<disk>` of a libvirt domain. */
export interface DomainDisk {
  /** `<target dev>`, e.g. "vda" */
  target: string;
  /** `<disk type>`: file | block | network | volume | dir | nvme ... */
  type: string;
  /** `<disk device>`: disk | cdrom | floppy | lun */
  device: string;
  /** file path, block device path, or network "protocol:name" */
  source: string | null;
  /** `<driver type>`, e.g. qcow2 | raw */
  driverType: string | null;
  /** `<driver cache>`; null when unset (the hypervisor default applies) */
  cacheMode: string | null;
  /** `<driver io>`; null when unset */
  ioMode: string | null;
  /** `<driver discard>` */
  discard: string | null;
  /** Proxmox VE: the disk's whole config value ("local-lvm:vm-101-disk-0,iothread=1,size=32G") */
  pveValue?: string;
}

/** One `<rng>` device of a libvirt domain. */
export interface DomainRng {
  /** `<rng model>`: virtio | virtio-transitional | virtio-non-transitional */
  model: string;
  /** `<backend model>`: random | egd | builtin */
  backendModel: string;
  /** text of `<backend model='random'>`, e.g. /dev/urandom; null for egd/builtin or unset */
  backendSource: string | null;
  /** `<rate bytes period>`; null when absent (unlimited) */
  rate: { bytes: number; period: number | null } | null;
}

/** A libvirt domain as its host's `virsh dumpxml` describes it. */
export interface Domain {
  name: string;
  uuid: string | null;
  /** "running", "shut off", ... from `virsh domstate`/list; null if unknown */
  state: string | null;
  genid: string | null;
  disks: DomainDisk[];
  rngs: DomainRng[];
  /** what defines the guest: libvirt, a Proxmox VE config, or nothing but a QEMU process (absent: libvirt) */
  platform?: Platform;
  /** Proxmox VE's VM id */
  vmid?: number | null;
  /** PID of the QEMU process running the guest, when the probe found it */
  pid?: number | null;
  /**
   * Where disks, rngs and genid come from: "running" = the QEMU process's command line (what the guest
   * really uses), "definition" = the libvirt XML / Proxmox config (no process found). Absent: definition.
   */
  judgedFrom?: 'running' | 'definition';
  /** the definition (what the next cold boot uses) when the running values are judged; null if none */
  defined?: DomainDefinition | null;
  /** the definition has a QEMU guest agent channel (libvirt org.qemu.guest_agent.0, Proxmox `agent: 1`) */
  agentChannel?: boolean;
  /** host-view guests only: what the guest agent said this poll (./guest-agent-read.ts) */
  agent?: GuestAgentRead;
}

/**
 * A host-view guest's entropy state read through the QEMU guest agent, or why it was not.
 * read: the values came from the agent; the other states keep the guest in host view.
 */
export interface GuestAgentRead {
  status: 'read' | 'blocked' | 'no-agent' | 'not-responding' | 'not-running' | 'skipped' | 'error';
  /** in plain words, for anything but read (e.g. "the guest agent refuses guest-file-open ...") */
  reason: string | null;
  /** how it was asked: "virsh qemu-agent-command" or "pvesh .../agent/file-read" */
  via: string;
  kernelRelease: string | null;
  uptimeSec: number | null;
  entropyAvail: number | null;
  poolsize: number | null;
  /** rng_available split on whitespace */
  rngAvailable: string[] | null;
  rngCurrent: string | null;
  /** field → why it is null */
  fieldErrors: Record<string, string>;
}

/** Which manager defines a guest. */
export type Platform = 'libvirt' | 'proxmox' | 'qemu';

/** The settings a definition gives a guest: libvirt's inactive XML, a Proxmox config with [PENDING] applied. */
export interface DomainDefinition {
  disks: DomainDisk[];
  rngs: DomainRng[];
  genid: string | null;
  /** Proxmox [PENDING] keys waiting for the next start */
  pendingKeys?: string[];
}

/** Facts only a KVM host reports. */
export interface HostFacts {
  holders: DeviceHolder[];
  domains: Domain[];
  /** libvirt, Proxmox VE, or plain QEMU processes (absent in older samples: libvirt) */
  platform?: Platform;
  /** `pveversion` on a Proxmox VE node */
  pveVersion?: string | null;
}

export interface Observation {
  kernelRelease: string | null;
  uptimeSec: number | null;
  entropyAvail: number | null;
  poolsize: number | null;
  /** rng_available split on whitespace, e.g. ["virtio_rng.0"] */
  rngAvailable: string[] | null;
  /** rng_current, e.g. "virtio_rng.0" or "none" */
  rngCurrent: string | null;
  /** rng_quality when the kernel exposes it */
  rngQuality: number | null;
  hwrngPresent: boolean | null;
  rngdRunning: boolean | null;
  havegedRunning: boolean | null;
  cpuRdrand: boolean | null;
  cpuRdseed: boolean | null;
  machineId: string | null;
  sshHostKeys: SshHostKey[];
  /** hex SHA-256 of /var/lib/systemd/random-seed (never the seed) */
  randomSeedSha256: string | null;
  /** ID and ID_LIKE from /etc/os-release, to pick the package manager in remediation */
  osId: string | null;
  osIdLike: string[];
  /** field name → why it is null, e.g. { rngCurrent: "missing", holders: "lsof not installed" } */
  fieldErrors: Record<string, string>;
  /** present when the target was probed as a KVM host */
  host: HostFacts | null;
  /**
   * The host key the target presented in the SSH handshake, verified against known_hosts. Set by the
   * collector from the transport, never by the probe: unlike sshHostKeys (the .pub files the target
   * prints, which a guest can copy from anywhere), a guest cannot present another machine's key.
   * null for local targets; absent in observations stored before it was recorded.
   */
  presentedHostKey?: SshHostKey | null;
  /**
   * "guest-agent": not probed over SSH but read through the QEMU guest agent from the host (a
   * host-view guest, lib/checks/kit/agent-observation.ts): only the agent's fields are set.
   */
  readThrough?: 'guest-agent';
}
