import type { FleetTarget } from '../queries/list-targets';

/**
 * The public JSON shape of a target (dates as ISO strings, no internal ids). `status` is the worst open
 * finding's severity and `freshness` whether that is current (docs/status.md); both are always given.
 */
export function toTargetJson(t: FleetTarget) {
  return {
    name: t.name,
    kind: t.kind,
    host: t.hostName,
    domain: t.domain,
    address: t.address,
    status: t.status,
    freshness: t.freshness,
    lastPoll: {
      at: t.lastPollAt?.toISOString() ?? null,
      ageSeconds: t.pollAgeMs === null ? null : Math.round(t.pollAgeMs / 1000),
      status: t.lastStatus,
      error: t.lastError,
    },
    entropyAvail: t.entropyAvail,
    poolsize: t.poolsize,
    kernelModel: t.kernelModel,
    platform: t.platform,
    openFindings: t.open,
    // Open findings left out of openFindings and the status (docs/status.md).
    mutedFindings: {
      silenced: t.muted?.silenced ?? 0,
      accepted: t.muted?.accepted ?? 0,
      waitingColdBoot: t.muted?.waitingColdBoot ?? 0,
    },
    removedAt: t.removedAt?.toISOString() ?? null,
    observation: t.observation ?? null,
    ...(t.observationError ? { observationError: t.observationError } : {}),
  };
}
