// The lab's public shapes: a LabSpec describes hosts and guests as fixtures; startLab turns each
// into a real sshd on 127.0.0.1 in its own mount+uts+pid namespace whose /proc, /sys, /etc and /dev
// files show those fixtures (see lab.ts and namespace.ts for how).
import type { LabProxmoxSpec } from './pve';

/** ID and ID_LIKE of /etc/os-release. */
export interface OsRelease {
  id: string;
  idLike: string[];
  prettyName?: string;
  versionId?: string;
}

/** What one target (host or guest) shows to the probe. */
export interface TargetFixture {
  /** `uname -r`, e.g. "6.1.0-27-amd64" */
  kernelRelease: string;
  /** /proc/sys/kernel/random/entropy_avail */
  entropyAvail: number;
  /** /proc/sys/kernel/random/poolsize: 256 (5.18+ and backports) or 4096 (legacy) */
  poolsize: number;
  /** first field of /proc/uptime */
  uptimeSec: number;
  /** hw_random/rng_available, e.g. "virtio_rng.0" or "" */
  rngAvailable: string;
  /** hw_random/rng_current: "virtio_rng.0" | "none" */
  rngCurrent: string;
  /** hw_random/rng_quality; null: no such file (kernels before it existed) */
  rngQuality: number | null;
  /** /dev/hwrng exists (a regular file standing in for the device) */
  hwrng: boolean;
  /** a process with comm "rngd" runs in the target */
  rngd: boolean;
  /** a process with comm "haveged" runs in the target */
  haveged: boolean;
  /** the `flags` line of /proc/cpuinfo, e.g. ["fpu", "rdrand", "rdseed"] */
  cpuFlags: string[];
  /** /etc/machine-id */
  machineId: string;
  /** name of the SSH host key; targets with the same name present the same key (clones) */
  hostKey: string;
  /** /var/lib/systemd/random-seed content; null: no seed file */
  randomSeed: string | null;
  osRelease: OsRelease;
}

export type HolderDevice = '/dev/random' | '/dev/urandom';

/** A qemu-like process on a host holding entropy devices open for one libvirt domain. */
export interface LabHolderSpec {
  /** libvirt domain name; appears as `-name guest=NAME,debug-threads=on` in /proc/PID/cmdline */
  domain: string;
  /** default ["/dev/random"] */
  devices?: HolderDevice[];
  /**
   * A whole QEMU command line after the binary (e.g. from lib/probe/fixtures): the process carries it
   * instead of just `-name guest=DOMAIN,...` (which it must then name itself). See ./pve.ts.
   */
  argv?: string[];
  /** the process's name: qemu-system-x86_64 (default) or kvm (Proxmox VE) */
  binary?: 'qemu-system-x86_64' | 'kvm';
}

/**
 * How a target answers on its port. normal: sshd; garbage: sshd whose ForceCommand prints junk
 * instead of running the probe; hang: a TCP listener that accepts and never speaks.
 */
export type TargetBehavior = 'normal' | 'garbage' | 'hang';

/** Which key known_hosts pins for a target: its own (default), an older one (mismatch), or none (unknown). */
export type HostKeyPin = 'current' | 'stale' | 'none';

interface TargetOptions {
  behavior?: TargetBehavior;
  pin?: HostKeyPin;
  /** false: keys, known_hosts and inventory are written but nothing listens until startTarget */
  start?: boolean;
  /** sudo and package/service managers record their argv instead of working (./command-shims.ts) */
  recordCommands?: boolean;
}

export interface LabGuestSpec extends Partial<TargetFixture>, TargetOptions {
  name: string;
  /** libvirt domain name on its host; defaults to name */
  domain?: string;
  /** reach the guest through its host (`via: HOST` in the inventory) */
  via?: boolean;
}

export interface LabHostSpec extends Partial<TargetFixture>, TargetOptions {
  name: string;
  /** `<domain type='test'>` XML strings (see domainXml in domain-xml.ts) for the host's node file */
  domains?: string[];
  holders?: LabHolderSpec[];
  guests?: LabGuestSpec[];
  /** a Proxmox VE node: /etc/pve/qemu-server configs, pveversion, no virsh (./pve.ts) */
  proxmox?: LabProxmoxSpec;
  /** a plain QEMU host: virsh hidden, no Proxmox VE (its guests are its QEMU processes) */
  noVirsh?: boolean;
}

/**
 * A target for failure tests. It appears in the inventory as a host of its own (with an empty
 * libvirt node), or as a guest of `guestOf` (domain = its name; add that domain to the host if
 * domain rules should see it). Underneath it is a normal target with default fixtures:
 * `setBehavior(name, 'normal')` (garbage, hang) or `startTarget(name)` (stopped) heals it.
 */
export interface LabSpecialTarget {
  name: string;
  behavior: 'hang' | 'garbage' | 'stopped';
  guestOf?: string;
  fixture?: Partial<TargetFixture>;
}

/** Inventory settings copied into the generated YAML as they are. */
export interface LabInventorySettings {
  interval?: string;
  timeout?: string;
  concurrency?: number;
  trustOnFirstUse?: boolean;
  webhooks?: unknown[];
  thresholds?: { entropyWarn?: number; entropyCrit?: number; unreachableCycles?: number };
  diskPolicy?: {
    file?: { cache?: string[]; io?: string[] };
    block?: { cache?: string[]; io?: string[] };
  };
}

export interface LabSpec {
  hosts: LabHostSpec[];
  extras?: LabSpecialTarget[];
  inventory?: LabInventorySettings;
}

/** A live view of one target; the lab updates it when the target stops, starts or changes. */
export interface LabTarget {
  name: string;
  kind: 'host' | 'guest';
  port: number;
  /** PID of the process serving the port (the unshare of its namespace, or the hang listener); null when stopped */
  pid: number | null;
  behavior: TargetBehavior;
  /** guests: their host; null for hosts */
  hostName: string | null;
  /** guests: libvirt domain name; null for hosts */
  domain: string | null;
  /** hosts: `test:///abs/node.xml`; null for guests */
  libvirtUri: string | null;
  /** the target's fixture directory */
  dir: string;
}

/** A change to a target: fixture fields, and for hosts its domains (node XML) and holders. */
export type FixturePatch = Partial<TargetFixture> & { domains?: string[]; holders?: LabHolderSpec[] };

export interface ExecOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Lab {
  dir: string;
  inventoryPath: string;
  knownHostsPath: string;
  clientKeyPath: string;
  targets: ReadonlyMap<string, LabTarget>;
  /** A copy of the target's current fixture. */
  fixture(name: string): TargetFixture;
  /** Rewrites fixture files in place (the bind mounts show the new values at once); a new hostKey restarts sshd and re-pins it. */
  setFixture(name: string, patch: FixturePatch): Promise<void>;
  /** Kills the target's namespace (or listener); its port then refuses connections. */
  stopTarget(name: string): Promise<void>;
  /** Starts a stopped target on the same port with its current fixture and behavior. */
  startTarget(name: string): Promise<void>;
  /** Restarts the target's sshd with a brand-new host key; known_hosts keeps the old one. */
  rotateHostKey(name: string): Promise<void>;
  /** Rewrites the target's known_hosts entry to the key it presents now. */
  pinHostKey(name: string): void;
  /** Switches how the target answers (restarts it if it is running). */
  setBehavior(name: string, behavior: TargetBehavior): Promise<void>;
  /** Runs a sh command inside the target's namespaces (nsenter, no SSH). */
  exec(name: string, command: string): Promise<ExecOutput>;
  /** Kills every process of the lab and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}
