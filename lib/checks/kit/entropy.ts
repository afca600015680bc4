import { kernelBefore, parseKernelRelease, rngModel, type KernelVersion } from './kernel';
import type { CheckContext, Observation, RuleConfig, Severity, TargetState } from '../types';

const WINDOW_MS = 5 * 60_000;

/** How low entropy got on a legacy kernel, and how much it matters there. */
export interface EntropyLow {
  severity: Severity;
  minimum: number;
  samples: number;
  kernel: KernelVersion;
  /** true on kernels < 5.6, where a read of /dev/random blocks while the count is low */
  randomBlocks: boolean;
}

/** Minimum entropy_avail over the last 5 minutes before `now`, counting the latest observation too. */
export function minimumRecentEntropy(
  target: TargetState,
  now: Date,
): { minimum: number; samples: number } | null {
  const since = now.getTime() - WINDOW_MS;
  const values = target.recentEntropy.filter((s) => s.at.getTime() >= since).map((s) => s.entropyAvail);
  const latest = target.observation?.entropyAvail;
  // The latest observation counts even if the collector has not stored it as a sample yet.
  if (latest != null) values.push(latest);
  if (values.length === 0) return null;
  return { minimum: Math.min(...values), samples: values.length };
}

/**
 * The entropy-low judgement shared by `entropy-low` and `host-entropy-drain`: legacy pool only; on
 * kernels < 5.6 /dev/random blocks (warning/critical), from 5.6 on it does not (info at most).
 */
export function entropyLowLevel(target: TargetState, config: RuleConfig, now: Date): EntropyLow | null {
  const obs = target.observation;
  if (!obs || rngModel(obs.poolsize) !== 'legacy') return null;
  const kernel = parseKernelRelease(obs.kernelRelease);
  const randomBlocks = kernelBefore(obs.kernelRelease, [5, 6]);
  if (!kernel || randomBlocks === null) return null;
  const recent = minimumRecentEntropy(target, now);
  if (!recent) return null;
  let severity: Severity | null = null;
  if (randomBlocks) {
    if (recent.minimum < config.entropyCrit) severity = 'critical';
    else if (recent.minimum < config.entropyWarn) severity = 'warning';
  } else if (recent.minimum < config.entropyWarn) {
    // 5.6–5.17 with the old pool (a legacy poolsize on 5.18+ would be odd, judged the same way).
    severity = 'info';
  }
  return severity
    ? { severity, minimum: recent.minimum, samples: recent.samples, kernel, randomBlocks }
    : null;
}

/** What an entropy finding records about the sources a fix can add: RDRAND, a virtio-rng device, rngd. */
export interface EntropySourceFacts {
  kernelRelease: string | null;
  cpuRdrand: boolean | null;
  /** null when the domain is unknown (not a guest, or its host did not report it) */
  hasRngDevice: boolean | null;
  domain: string | null;
  osId: string | null;
  osIdLike: string[];
}

/** The entropy-source facts of a target's latest observation and its domain (crng-not-ready, entropy-low). */
export function entropySourceFacts(ctx: CheckContext, obs: Observation): EntropySourceFacts {
  return {
    kernelRelease: obs.kernelRelease,
    cpuRdrand: obs.cpuRdrand,
    hasRngDevice: ctx.domain ? ctx.domain.rngs.length > 0 : null,
    domain: ctx.domain?.name ?? ctx.target.domainName,
    osId: obs.osId,
    osIdLike: obs.osIdLike,
  };
}
