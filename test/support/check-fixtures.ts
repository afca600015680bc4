// For remediation tests: one context per check id that makes that check fire, with every name a
// remediation might put into a command or XML taken from `names`, so tests can swap in hostile ones.
import { checkRegistry } from '../../lib/checks';
import { evaluateTarget } from '../../lib/checks/evaluate';
import type { RemediationContext, TargetAccess } from '../../lib/checks/remedy/context';
import type { JudgedHit } from '../../lib/checks/types';
import {
  context,
  disk,
  domain,
  guestContext,
  holder,
  hostContext,
  hostFacts,
  hostTarget,
  legacyObservation,
  observation,
  rng,
  statuses,
  target,
} from './check-builders';

export interface Names {
  domain: string;
  uri: string;
  disk: string;
  driverType: string;
  address: string;
  user: string;
  identityFile: string;
  knownHosts: string;
  device: string;
}

export const PLAIN: Names = {
  domain: 'web-01',
  uri: 'qemu:///system',
  disk: 'vda',
  driverType: 'qcow2',
  address: '192.0.2.10',
  user: 'monitor',
  identityFile: '/etc/entropy-watch/id_ed25519',
  knownHosts: '/etc/entropy-watch/known_hosts',
  device: 'virtio_rng.0',
};

/** Distinct tokens that appear nowhere else in any command, for differential quoting tests. */
export const TOKENS: Names = {
  domain: 'DOMAINTOKEN',
  uri: 'URITOKEN',
  disk: 'DISKTOKEN',
  driverType: 'DRIVERTOKEN',
  address: 'ADDRTOKEN',
  user: 'USERTOKEN',
  identityFile: 'IDFILETOKEN',
  knownHosts: 'KHTOKEN',
  device: 'DEVTOKEN',
};

export const HOSTILE: Names = {
  domain: 'x\'; rm -rf / # $(reboot) `id` "<img src=x onerror=alert(1)>"',
  uri: "qemu+ssh://root@kvm 01/system?x=$(id)&y='z'",
  disk: "vd'a; reboot",
  driverType: "qcow2' evil='1\"><x>&amp;",
  address: '10.0.0.1; reboot',
  user: "mon'itor",
  identityFile: '/home/a b/.ssh/id $(x)',
  knownHosts: "/tmp/known hosts'; rm -rf ~",
  device: 'virtio_rng.0; reboot #',
};

function access(n: Names, name: string, libvirtUri: string | null): TargetAccess {
  return {
    name,
    address: n.address,
    port: 2222,
    user: n.user,
    identityFile: n.identityFile,
    knownHosts: n.knownHosts,
    libvirtUri,
    via: null,
  };
}

function guest(n: Names, parts: Parameters<typeof guestContext>[0]): RemediationContext {
  const ctx = guestContext({ ...parts, domain: { name: n.domain, ...parts?.domain } });
  ctx.target.domainName = n.domain;
  return { ...ctx, targetAccess: access(n, ctx.target.name, null), hostAccess: access(n, 'kvm-01', n.uri) };
}

function onHost(n: Names, ctx: RemediationContext): RemediationContext {
  return { ...ctx, targetAccess: access(n, ctx.target.name, n.uri) };
}

/** A context per check id in which that check fires. */
export function triggeringContexts(n: Names): Record<string, () => RemediationContext> {
  const hostileDisk = (patch: Parameters<typeof disk>[0]) => ({
    disks: [disk({ target: n.disk, driverType: n.driverType, discard: 'unmap', ...patch })],
  });
  const fleetOf = (patch: Parameters<typeof observation>[0]): RemediationContext => {
    const base = guest(n, {});
    const twin = target({ name: 'twin', observation: observation(patch) });
    const self = { ...base.target, observation: observation(patch) };
    return { ...base, target: self, fleet: [self, twin] };
  };
  const withStatuses = (...s: Parameters<typeof statuses>): RemediationContext => {
    const base = guest(n, {});
    return { ...base, target: { ...base.target, recentStatuses: statuses(...s) } };
  };
  return {
    'crng-not-ready': () => guest(n, { guest: { entropyAvail: 10, uptimeSec: 600 }, domain: { rngs: [] } }),
    'entropy-low': () =>
      guest(n, {
        guest: { poolsize: 4096, kernelRelease: '4.19.0', entropyAvail: 50 },
        domain: { rngs: [] },
      }),
    'rng-device-missing': () => guest(n, { domain: { rngs: [] } }),
    'rng-driver-missing': () => guest(n, { guest: { rngAvailable: [] } }),
    'rng-not-selected': () => guest(n, { guest: { rngAvailable: [n.device], rngCurrent: 'none' } }),
    'rngd-needed': () => guest(n, { guest: { kernelRelease: '3.10.0-1160.el7.x86_64', osId: 'centos' } }),
    'rng-backend-blocking': () =>
      guest(n, {
        domain: { rngs: [rng({ backendSource: '/dev/random' })] },
        host: { kernelRelease: '4.19.0' },
      }),
    'rng-rate-unlimited': () =>
      guest(n, { domain: { rngs: [rng({ rate: null })] }, host: { kernelRelease: '4.19.0' } }),
    'host-entropy-drain': () => {
      const host = hostTarget({
        observation: legacyObservation('4.19.0', {
          entropyAvail: 20,
          host: hostFacts({
            holders: [holder({ domain: n.domain, pid: 4242 }), holder({ domain: null, pid: 77 })],
          }),
        }),
      });
      return onHost(n, context({ target: host, host: null, domain: null }));
    },
    'disk-aio-native-needs-direct': () =>
      guest(n, { domain: hostileDisk({ type: 'block', ioMode: 'native' }) }),
    'disk-cache-unsafe': () => guest(n, { domain: hostileDisk({ cacheMode: 'unsafe' }) }),
    'disk-cache-policy': () =>
      onHost(n, hostContext([domain({ name: n.domain, ...hostileDisk({ cacheMode: 'writethrough' }) })])),
    'config-drift': () =>
      guest(n, {
        domain: {
          judgedFrom: 'running',
          ...hostileDisk({ cacheMode: 'unsafe' }),
          defined: { ...hostileDisk({ cacheMode: 'none' }), rngs: [rng()], genid: null },
        },
      }),
    'clone-ssh-hostkey': () =>
      fleetOf({ presentedHostKey: { type: 'ssh-ed25519', fingerprint: 'SHA256:abcdefgh' } }),
    'clone-machine-id': () => fleetOf({ machineId: '0123456789abcdef0123456789abcdef' }),
    'clone-random-seed': () => fleetOf({ randomSeedSha256: 'f'.repeat(64) }),
    'target-unreachable': () => withStatuses('refused', 'refused', 'refused'),
    'host-key-mismatch': () => withStatuses('host-key-mismatch'),
    'host-key-unknown': () => withStatuses('host-key-unknown'),
    'probe-output-invalid': () => withStatuses('parse-error', 'parse-error', 'parse-error'),
  };
}

/** The first hit of check `id` in its triggering context; throws if the fixture does not trigger it. */
export function triggeredHit(id: string, n: Names = PLAIN): { hit: JudgedHit; ctx: RemediationContext } {
  const make = triggeringContexts(n)[id];
  if (!make) throw new Error(`no triggering fixture for check ${id}`);
  const ctx = make();
  const check = checkRegistry.get(id);
  const hit = check ? evaluateTarget(ctx, [check])[0]?.hit : undefined;
  if (!hit) throw new Error(`fixture for ${id} did not trigger it`);
  return { hit, ctx };
}

/** The remediation of the first hit of check `id` in its triggering context. */
export function triggeredRemediation(id: string, n: Names = PLAIN) {
  return triggeredHit(id, n).hit.remediation();
}
