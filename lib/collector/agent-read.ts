// The guest-agent read of a host's poll: after the host's probe, the host-view guests that run with a
// guest agent channel are asked for their entropy state by one small second script (bounded: at most
// AGENT_MAX_PER_POLL guests, in turn). Guests polled over SSH are never asked. A failure here never
// fails the host's poll: each guest's read says what happened, and the guest stays in host view.
import { randomUUID } from 'node:crypto';
import type { SshTargetConfig } from '../inventory/types';
import { planAgentReads, type AgentScope } from '../probe/agent-plan';
import { withAgentReads } from '../probe/parse-agent';
import { buildAgentScript } from '../probe/script-sh-agent';
import type { Observation } from '../probe/types';
import type { Transport } from '../transport/types';

/** A few hundred bytes per file and guest; far more than a well-behaved run prints. */
const MAX_AGENT_OUTPUT_BYTES = 1024 * 1024;

/** The host-view guests of `host` in an inventory (null when it has none and does not discover). */
export function agentScopeOf(host: SshTargetConfig, targets: readonly SshTargetConfig[]): AgentScope | null {
  if (host.kind !== 'host') return null;
  const guests = targets.filter((t) => t.kind === 'guest' && t.hostName === host.name);
  const hostView = guests.filter((g) => g.hostViewOnly).map((g) => g.domain ?? g.name);
  const polled = guests.filter((g) => !g.hostViewOnly).map((g) => g.domain ?? g.name);
  const discover = host.discover === true;
  return hostView.length > 0 || discover ? { hostView, discover, polled } : null;
}

// Per host, advanced each poll, so more host-view guests than the bound each get their turn.
const turns = new Map<string, number>();

/** The observation with each host-view guest's agent read on its domain (unchanged when there are none). */
export async function readGuestAgents(
  transport: Transport,
  host: SshTargetConfig,
  observation: Observation,
  scope: AgentScope | null,
  timeoutMs: number,
): Promise<Observation> {
  const domains = observation.host?.domains;
  if (!scope || !observation.host || !domains || domains.length === 0) return observation;
  const turn = turns.get(host.name) ?? 0;
  turns.set(host.name, turn + 1);
  const plan = planAgentReads(domains, scope, turn);
  if (plan.targets.length === 0 && plan.decided.size === 0) return observation;
  const nonce = randomUUID();
  let run: Parameters<typeof withAgentReads>[3] = null;
  try {
    if (plan.targets.length > 0) {
      const script = buildAgentScript({ targets: plan.targets, libvirtUri: host.libvirtUri, nonce });
      const res = await transport.run(host, script, { timeoutMs, maxBytes: MAX_AGENT_OUTPUT_BYTES });
      run = res.ok ? { ok: true, stdout: res.stdout } : { ok: false, error: res.error };
    }
  } catch (e) {
    // The host's own poll stands; the guests keep their host view and say why.
    run = { ok: false, error: `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
  return {
    ...observation,
    host: { ...observation.host, domains: withAgentReads(domains, plan, nonce, run) },
  };
}
