// Builders for check tests (rules and remediations): each returns a fresh, healthy object (a modern 6.1 kernel,
// CRNG ready, a virtio <rng> with a rate, a file disk with default cache/io) that a test patches to
// the one condition it is about. Identity fields (machine-id, host keys, seed) default to null/empty
// so no two built targets look like clones unless a test says so.
import { defaultRuleConfig } from '../../lib/checks/config';
import type { CheckContext, RuleConfig, TargetState } from '../../lib/checks/types';
import type { PollStatus } from '../../lib/model';
import type {
  DeviceHolder,
  Domain,
  DomainDisk,
  DomainRng,
  HostFacts,
  Observation,
} from '../../lib/probe/types';

export const NOW = new Date('2025-01-01T12:00:00Z');

/** A date `seconds` before NOW. */
export function ago(seconds: number): Date {
  return new Date(NOW.getTime() - seconds * 1000);
}

export function observation(patch: Partial<Observation> = {}): Observation {
  return {
    kernelRelease: '6.1.0-27-amd64',
    uptimeSec: 3600,
    entropyAvail: 256,
    poolsize: 256,
    rngAvailable: ['virtio_rng.0'],
    rngCurrent: 'virtio_rng.0',
    rngQuality: 1000,
    hwrngPresent: true,
    rngdRunning: false,
    havegedRunning: false,
    cpuRdrand: true,
    cpuRdseed: true,
    machineId: null,
    sshHostKeys: [],
    randomSeedSha256: null,
    osId: 'debian',
    osIdLike: [],
    fieldErrors: {},
    host: null,
    ...patch,
  };
}

/** A legacy-pool observation (poolsize 4096) on the given kernel. */
export function legacyObservation(kernelRelease: string, patch: Partial<Observation> = {}): Observation {
  return observation({ kernelRelease, poolsize: 4096, entropyAvail: 3000, ...patch });
}

export function disk(patch: Partial<DomainDisk> = {}): DomainDisk {
  return {
    target: 'vda',
    type: 'file',
    device: 'disk',
    source: '/var/lib/libvirt/images/web-01.qcow2',
    driverType: 'qcow2',
    cacheMode: null,
    ioMode: null,
    discard: null,
    ...patch,
  };
}

export function rng(patch: Partial<DomainRng> = {}): DomainRng {
  return {
    model: 'virtio',
    backendModel: 'random',
    backendSource: '/dev/urandom',
    rate: { bytes: 1024, period: 1000 },
    ...patch,
  };
}

export function domain(patch: Partial<Domain> = {}): Domain {
  return {
    name: 'web-01',
    uuid: null,
    state: 'running',
    // A healthy guest has a VM generation ID (vmgenid-missing).
    genid: '43dc0cf8-809b-4adb-9bea-a9abb5f3d90d',
    disks: [disk()],
    rngs: [rng()],
    ...patch,
  };
}

export function holder(patch: Partial<DeviceHolder> = {}): DeviceHolder {
  return { pid: 4242, command: 'qemu-system-x86', device: '/dev/random', domain: 'web-01', ...patch };
}

export function hostFacts(patch: Partial<HostFacts> = {}): HostFacts {
  return { holders: [], domains: [], ...patch };
}

export function target(patch: Partial<TargetState> = {}): TargetState {
  return {
    name: 'web-01',
    kind: 'guest',
    hostName: 'kvm-01',
    domainName: 'web-01',
    observation: observation(),
    observedAt: NOW,
    recentEntropy: [],
    recentStatuses: [{ at: NOW, status: 'ok', error: null }],
    ...patch,
  };
}

export function hostTarget(patch: Partial<TargetState> = {}): TargetState {
  return target({
    name: 'kvm-01',
    kind: 'host',
    hostName: null,
    domainName: null,
    observation: observation({ host: hostFacts() }),
    ...patch,
  });
}

/** Poll statuses, newest first, one minute apart. */
export function statuses(...list: PollStatus[]): TargetState['recentStatuses'] {
  return list.map((status, i) => ({
    at: ago(60 * i),
    status,
    error: status === 'ok' ? null : `${status} (test)`,
  }));
}

export function config(patch: Partial<RuleConfig> = {}): RuleConfig {
  return { ...defaultRuleConfig, ...patch };
}

/** A context for `target` (a guest by default) with its host in the fleet; patch anything. */
export function context(patch: Partial<CheckContext> = {}): CheckContext {
  const t = patch.target ?? target();
  const host = patch.host === undefined ? (t.kind === 'guest' ? hostTarget() : null) : patch.host;
  return {
    now: NOW,
    config: defaultRuleConfig,
    target: t,
    host,
    domain: t.kind === 'guest' ? domain({ name: t.domainName ?? t.name }) : null,
    fleet: [t, ...(host ? [host] : [])],
    unclaimedDomains: [],
    ...patch,
  };
}

/** A guest context with patches for the guest's observation, its host's observation and its domain. */
export function guestContext(
  parts: { guest?: Partial<Observation>; host?: Partial<Observation>; domain?: Partial<Domain> } = {},
): CheckContext {
  const guest = target({ observation: observation(parts.guest) });
  const host = hostTarget({ observation: observation({ host: hostFacts(), ...parts.host }) });
  return context({ target: guest, host, domain: domain(parts.domain) });
}

/** A host context judging `unclaimed` domains on the host's behalf. */
export function hostContext(unclaimed: Domain[], hostObs: Partial<Observation> = {}): CheckContext {
  const host = hostTarget({
    observation: observation({ host: hostFacts({ domains: unclaimed }), ...hostObs }),
  });
  return context({ target: host, host: null, domain: null, unclaimedDomains: unclaimed });
}
