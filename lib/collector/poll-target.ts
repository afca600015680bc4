import type { SshTargetConfig } from '../inventory/types';
import { escapeForbidden } from '../probe/input-policy';
import { MAX_PROBE_BYTES, parseProbeOutput } from '../probe/parse';
import { buildProbeScript } from '../probe/script';
import type { Observation, PollStatus } from '../probe/types';
import type { Transport } from '../transport/types';
import type { AgentScope } from '../probe/agent-plan';
import { readGuestAgents } from './agent-read';

export interface PollOutcome {
  status: PollStatus;
  error: string | null;
  durationMs: number;
  observation: Observation | null;
}

/** Runs the probe on one target and parses it; never throws (a failure is an outcome). */
export async function pollTarget(
  transport: Transport,
  target: SshTargetConfig,
  timeoutMs: number,
  /** hosts: their host-view guests, asked through the guest agent (./agent-read.ts) */
  agentScope: AgentScope | null = null,
): Promise<PollOutcome> {
  const started = performance.now();
  try {
    const script = buildProbeScript({
      kind: target.kind,
      libvirtUri: target.libvirtUri,
      platform: target.platform ?? null,
    });
    const res = await transport.run(target, script, { timeoutMs, maxBytes: MAX_PROBE_BYTES });
    if (!res.ok) {
      const key = res.presentedKey ? ` (presented ${res.presentedKey})` : '';
      return { status: res.status, error: res.error + key, durationMs: res.durationMs, observation: null };
    }
    const parsed = parseProbeOutput(res.stdout, target.kind);
    if (!parsed.ok) {
      const stderr = res.stderr.trim().split('\n')[0];
      // stderr is the target's text: stored and shown escaped, never raw.
      const why = stderr ? `${parsed.error}; stderr: ${escapeForbidden(stderr.slice(0, 200))}` : parsed.error;
      return { status: 'parse-error', error: why, durationMs: res.durationMs, observation: null };
    }
    // The handshake's key is recorded with the poll: clone detection trusts it, not the .pub files.
    const probed = { ...parsed.observation, presentedHostKey: res.hostKey ?? null };
    const observation = await readGuestAgents(transport, target, probed, agentScope, timeoutMs);
    return { status: 'ok', error: null, durationMs: res.durationMs, observation };
  } catch (e) {
    // A bug in our own code must not stop the cycle: record it against the target.
    return {
      status: 'probe-failed',
      error: `internal error: ${e instanceof Error ? e.message : String(e)}`,
      durationMs: performance.now() - started,
      observation: null,
    };
  }
}
