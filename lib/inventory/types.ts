import type { TargetKind } from '../model';
import type { RuleConfig } from '../checks/types';
import type { Severity } from '../probe/types';
import type { AcceptEntry } from './accept';
import type { RemediationAccount } from './remediation';

/** How to reach one target over SSH (or locally, for the default inventory of this machine). */
export interface SshTargetConfig {
  name: string;
  kind: TargetKind;
  address: string;
  port: number;
  user: string;
  /** absolute path; null → ssh-agent via SSH_AUTH_SOCK */
  identityFile: string | null;
  /** absolute path to an OpenSSH known_hosts file */
  knownHosts: string;
  trustOnFirstUse: boolean;
  /** accept the SHA-1 `ssh-rsa` host-key signature (old sshd only); set per target, default false */
  allowSshRsa?: boolean;
  /** name of the host target to jump through (guests with `via`) */
  via: string | null;
  /** hosts: `virsh -c` URI; null for guests */
  libvirtUri: string | null;
  /** hosts: `platform: proxmox` from the inventory (otherwise detected by the probe) */
  platform?: 'proxmox';
  /** hosts: `discover: true`, its unclaimed domains become fleet members (lib/collector/discover.ts) */
  discover?: boolean;
  /** guests without an address: never polled, judged from their host's side only (docs/platforms.md) */
  hostViewOnly?: boolean;
  /** guests: libvirt domain name (defaults to name); null for hosts */
  domain: string | null;
  /** guests: the host this guest runs on */
  hostName: string | null;
  /** `collector:` pin (a collector id or site; guests inherit their host's); absent = any collector */
  collector?: string | null;
  /** `remediation:` with apply on: the separate account that applies fixes; absent/null = copy-only */
  remediation?: RemediationAccount | null;
  /** guests with `via`: that host's own config, so the transport can open the jump without a lookup */
  viaTarget?: SshTargetConfig;
}

export interface WebhookConfig {
  name: string;
  /** validated http(s) URL; may contain credentials, never show it unredacted */
  url: string;
  format: 'json' | 'alertmanager' | 'slack';
  /** after ${ENV} substitution; never stored or logged */
  secret: string | null;
  minSeverity: Severity;
  /** a finding must hold this long before it fires */
  forMs: number;
  /** re-send while still firing; 0 = never */
  repeatMs: number;
  /** at most this many events per collector cycle, plus one `overflow` event; default 50 */
  maxEventsPerCycle?: number;
}

/** A validated inventory with defaults applied. */
export interface Inventory {
  /** file it came from; null for the built-in "this machine" inventory */
  source: string | null;
  intervalMs: number;
  timeoutMs: number;
  concurrency: number;
  targets: SshTargetConfig[];
  webhooks: WebhookConfig[];
  rules: RuleConfig;
  /** `accept:` entries (target null = from defaults); absent for the built-in inventory */
  accept?: AcceptEntry[];
}
