// Fleet rows for the pure fleet read-model tests (lib/queries/fleet-*.test.ts): a healthy, freshly
// polled target unless the patch says otherwise; ids count up per test file.
import type { FleetTarget } from '../../lib/queries/list-targets';
import type { TargetStatus } from '../../lib/queries/target-status';

let nextId = 1;

/** A fleet row named `name`: an ok, fresh guest with no host, then `patch`. */
export function fleetTarget(name: string, patch: Partial<FleetTarget> = {}): FleetTarget {
  return {
    id: nextId++,
    name,
    kind: 'guest',
    hostName: null,
    domain: null,
    address: null,
    status: 'ok',
    freshness: 'fresh',
    pollAgeMs: 10_000,
    lastStatus: 'ok',
    lastError: null,
    lastPollAt: new Date('2026-11-21T12:00:00Z'),
    entropyAvail: 256,
    poolsize: 256,
    kernelModel: 'modern',
    kernelRelease: null,
    rngCurrent: null,
    platform: null,
    open: { critical: 0, warning: 0, info: 0 },
    sparkline: [],
    removedAt: null,
    ...patch,
  };
}

/** A host row. */
export const fleetHost = (name: string, patch: Partial<FleetTarget> = {}) =>
  fleetTarget(name, { kind: 'host', ...patch });

/** A guest row of `hostName` with `status`. */
export const fleetGuest = (
  name: string,
  hostName: string,
  status: TargetStatus = 'ok',
  patch: Partial<FleetTarget> = {},
) => fleetTarget(name, { hostName, status, ...patch });
