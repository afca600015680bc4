// Which host-view guests' QEMU guest agents a host's poll asks, and in what order (pure). Guests that
// are polled over SSH are read directly and never cost an agent call; a host-view guest is asked only
// when it runs and its definition has an agent channel, at most AGENT_MAX_PER_POLL per poll (in turn
// when there are more), so the cost per poll is bounded whatever the number of domains.
import type { Domain, GuestAgentRead } from './types';

/** Guests asked per host per poll: each costs 3 virsh processes (libvirt) or up to 6 pvesh (Proxmox VE). */
export const AGENT_MAX_PER_POLL = 4;

/** The files a host-view guest's entropy state is read from, in the order they are asked. */
export const AGENT_READS = [
  { field: 'entropyAvail', path: '/proc/sys/kernel/random/entropy_avail' },
  { field: 'poolsize', path: '/proc/sys/kernel/random/poolsize' },
  // the guest's kernel decides how entropy_avail is judged (5.18+ pins 256), so it is read too
  { field: 'kernelRelease', path: '/proc/sys/kernel/osrelease' },
  { field: 'uptimeSec', path: '/proc/uptime' },
  { field: 'rngAvailable', path: '/sys/class/misc/hw_random/rng_available' },
  { field: 'rngCurrent', path: '/sys/class/misc/hw_random/rng_current' },
] as const;

export type AgentReadField = (typeof AGENT_READS)[number]['field'];

/** Which domains of a host are host-view guests: named ones, or every one no polled guest claims. */
export interface AgentScope {
  /** domain names of inventory guests without an address on this host */
  hostView: string[];
  /** discover: true — every domain that `polled` does not name is a host-view member too */
  discover: boolean;
  /** domain names of this host's guests that are polled over SSH (read directly, never via the agent) */
  polled: string[];
}

/** One agent read the host's agent script performs. */
export interface AgentTarget {
  /** index into the host's domains list */
  index: number;
  name: string;
  platform: 'libvirt' | 'proxmox';
  /** libvirt: the domain's UUID (a safe token for virsh); Proxmox VE: the vmid */
  id: string;
}

export interface AgentPlan {
  targets: AgentTarget[];
  /** the reads decided without asking (no channel, not running, not this poll), by domain index */
  decided: Map<number, GuestAgentRead>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An agent read that did not happen, with its reason. */
export function notRead(status: GuestAgentRead['status'], reason: string, via = ''): GuestAgentRead {
  return {
    status,
    reason,
    via,
    kernelRelease: null,
    uptimeSec: null,
    entropyAvail: null,
    poolsize: null,
    rngAvailable: null,
    rngCurrent: null,
    fieldErrors: {},
  };
}

function isHostView(d: Domain, scope: AgentScope): boolean {
  if (scope.polled.includes(d.name)) return false;
  return scope.discover || scope.hostView.includes(d.name);
}

/**
 * The agent reads of one poll: host-view guests that run and have an agent channel, at most `max`,
 * starting at `turn` (the collector passes a counter that advances each poll) so all get their turn.
 */
export function planAgentReads(
  domains: readonly Domain[],
  scope: AgentScope,
  turn: number,
  max = AGENT_MAX_PER_POLL,
): AgentPlan {
  const decided = new Map<number, GuestAgentRead>();
  const eligible: AgentTarget[] = [];
  domains.forEach((d, index) => {
    if (!isHostView(d, scope)) return;
    const platform = d.platform ?? 'libvirt';
    if (platform === 'qemu') {
      decided.set(index, notRead('no-agent', 'no libvirt or Proxmox VE to reach the guest agent through'));
      return;
    }
    if (!d.agentChannel) {
      const where = platform === 'proxmox' ? '(no `agent: 1` in its config)' : '(no org.qemu.guest_agent.0)';
      decided.set(index, notRead('no-agent', `no guest agent channel ${where}`));
      return;
    }
    if (d.state !== 'running') {
      decided.set(index, notRead('not-running', `the guest is ${d.state ?? 'in an unknown state'}`));
      return;
    }
    const id = platform === 'proxmox' ? String(d.vmid ?? '') : (d.uuid ?? '');
    if (platform === 'proxmox' ? !/^\d{1,9}$/.test(id) : !UUID.test(id)) {
      decided.set(index, notRead('error', 'no UUID or vmid to address the guest agent by'));
      return;
    }
    eligible.push({ index, name: d.name, platform, id });
  });
  const n = eligible.length;
  // Each poll starts where the last one stopped: every guest is asked once per ceil(n / max) polls.
  const start = n === 0 ? 0 : (((turn * Math.max(1, max)) % n) + n) % n;
  const rotated = [...eligible.slice(start), ...eligible.slice(0, start)];
  const targets = rotated.slice(0, Math.max(0, max));
  for (const t of rotated.slice(targets.length))
    decided.set(
      t.index,
      notRead('skipped', `not asked this poll (at most ${max} guest agents per poll, in turn)`),
    );
  return { targets, decided };
}
