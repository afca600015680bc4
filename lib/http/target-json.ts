import type { FleetTarget } from '../queries/list-targets';

/** The public JSON shape of a target (dates as ISO strings, no internal ids). */
export function toTargetJson(t: FleetTarget) {
  return {
    name: t.name,
    kind: t.kind,
    host: t.hostName,
    domain: t.domain,
    address: t.address,
    status: t.status,
    lastPoll: {
      at: t.lastPollAt?.toISOString() ?? null,
      status: t.lastStatus,
      error: t.lastError,
    },
    entropyAvail: t.entropyAvail,
    poolsize: t.poolsize,
    kernelModel: t.kernelModel,
    openFindings: t.open,
    removedAt: t.removedAt?.toISOString() ?? null,
    observation: t.observation ?? null,
    ...(t.observationError ? { observationError: t.observationError } : {}),
  };
}
