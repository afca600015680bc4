import type { SshTargetConfig } from '../../inventory/types';
import type { CheckContext } from '../types';

/** How the inventory reaches a target: what the known_hosts and virsh commands must name. */
export type TargetAccess = Pick<
  SshTargetConfig,
  'name' | 'address' | 'port' | 'user' | 'identityFile' | 'knownHosts' | 'libvirtUri' | 'via'
>;

/**
 * What a remediation may look at: the rule context plus, when the caller has it, the inventory entries
 * of the target and of its host. Without them the commands use the documented defaults
 * (qemu:///system, port 22) and a KNOWN_HOSTS placeholder, and say so.
 */
export interface RemediationContext extends CheckContext {
  targetAccess?: TargetAccess | null;
  /** guests: the host's inventory entry (its libvirtUri) */
  hostAccess?: TargetAccess | null;
}

export const DEFAULT_LIBVIRT_URI = 'qemu:///system';

/** Where host-side commands run for this finding, e.g. "host kvm-01". */
export function hostLabel(ctx: RemediationContext): string {
  if (ctx.target.kind !== 'guest') return `host ${ctx.target.name}`;
  const host = ctx.host?.name ?? ctx.target.hostName;
  return host ? `host ${host}` : `the KVM host of ${ctx.target.name}`;
}

/** Where commands inside the target run, e.g. "guest web-01". */
export function targetLabel(ctx: RemediationContext): string {
  return `${ctx.target.kind === 'guest' ? 'guest' : ctx.target.kind === 'host' ? 'host' : 'machine'} ${ctx.target.name}`;
}

export const MONITOR_LABEL = 'the Entropy Watch server';

/** The `virsh -c` URI for the host running the finding's domain, and whether it came from the inventory. */
export function libvirtUriFor(ctx: RemediationContext): { uri: string; known: boolean } {
  const access = ctx.target.kind === 'guest' ? ctx.hostAccess : ctx.targetAccess;
  const uri = access?.libvirtUri;
  return uri ? { uri, known: true } : { uri: DEFAULT_LIBVIRT_URI, known: false };
}

/** How the collector reaches the target, with placeholders when the inventory entry is absent. */
export interface SshAccess {
  address: string;
  port: number;
  user: string;
  identityFile: string | null;
  knownHosts: string;
  via: string | null;
  /** false: the values are placeholders (target name as address, port 22, KNOWN_HOSTS) */
  known: boolean;
}

/** The target's SSH access from the inventory entry, or placeholders that the steps point out. */
export function sshAccessFor(ctx: RemediationContext): SshAccess {
  const a = ctx.targetAccess;
  if (a) {
    return {
      address: a.address,
      port: a.port,
      user: a.user,
      identityFile: a.identityFile,
      knownHosts: a.knownHosts,
      via: a.via,
      known: true,
    };
  }
  return {
    address: ctx.target.name,
    port: 22,
    user: 'root',
    identityFile: null,
    knownHosts: 'KNOWN_HOSTS',
    via: null,
    known: false,
  };
}

/**
 * The host field known_hosts uses: "addr" for port 22, "[addr]:port" otherwise; a guest reached `via` a
 * host is pinned as "VIA/[addr]:port" (the same form as lib/transport/known-hosts.ts knownHostsName).
 */
export function knownHostsName(address: string, port: number, via: string | null = null): string {
  if (via) return `${via}/[${address}]:${port}`;
  return port === 22 ? address : `[${address}]:${port}`;
}
