// The e2e fleet is a real lab (test/lab): sshd per target in its own namespaces, libvirt's test
// driver, qemu-like holders of /dev/random. populateE2eData polls it with the real collector, with
// the cycle clock set back in time so the charts have 30 days of history, and changes fixtures
// between cycles the way a fleet changes: a driver gets loaded, entropy drains, a guest stops
// answering, another stops being polled.
import { healthyDomain, type Scenario, urandomHolder } from '../../test/lab/scenario-model';
import type { LabDomainSpec } from '../../test/lab/domain-xml';
import { E2E_TARGETS as T, XSS_DOMAIN } from './targets';

/** random-seed shared by infoGuest and staleGuest: both were cloned from one image. */
const SHARED_SEED = 'random seed baked into the batch image 8f3c2a19d04b7e65';
const RHEL8 = {
  id: 'rhel',
  idLike: ['fedora'],
  prettyName: 'Red Hat Enterprise Linux 8.9 (Ootpa)',
  versionId: '8.9',
};
const UBUNTU = { id: 'ubuntu', idLike: ['debian'], prettyName: 'Ubuntu 24.04.1 LTS', versionId: '24.04' };

/** criticalGuest: vda is fine, vdb uses io=native with QEMU's default (writeback) cache. */
const criticalDomain: LabDomainSpec = healthyDomain(T.criticalGuest, {
  disks: [
    {
      target: 'vda',
      type: 'file',
      source: `/var/lib/libvirt/images/${T.criticalGuest}.qcow2`,
      driverType: 'qcow2',
      cache: 'none',
      io: 'threads',
    },
    {
      target: T.criticalDisk,
      type: 'block',
      source: `/dev/vg0/${T.criticalGuest}-data`,
      driverType: 'raw',
      io: 'native',
    },
  ],
});

/** legacyGuest's domain (named with the XSS payload): a qcow2 disk and no <rng> device. */
const legacyDomain: LabDomainSpec = {
  ...healthyDomain(XSS_DOMAIN),
  rngs: [],
  disks: [
    {
      target: 'vda',
      type: 'file',
      source: '/var/lib/libvirt/images/legacy-01.qcow2',
      driverType: 'qcow2',
      cache: 'writeback',
      io: 'threads',
    },
  ],
};

/** The fleet as it ends up; history.ts bends some fixtures on the way there. */
export function e2eScenario(webhooks: unknown[]): Scenario {
  return {
    // The default 10 s timeout, not less: on a busy machine a healthy guest's probe must not time out
    // (unreachableGuest's hang costs it three times, once per cycle at the end).
    inventory: { interval: '60s', timeout: '10s', webhooks },
    hosts: [
      {
        name: T.host,
        kernelRelease: '6.1.0-27-amd64',
        uptimeSec: 3_100_000,
        domains: [
          criticalDomain,
          healthyDomain(T.okGuest),
          healthyDomain(T.unreachableGuest),
          // Not in the inventory: the host page lists it as such, and judges it on the host's behalf.
          healthyDomain('build-scratch'),
        ],
        holders: [T.criticalGuest, T.okGuest, T.unreachableGuest, 'build-scratch'].map(urandomHolder),
        guests: [{ name: T.criticalGuest }, { name: T.okGuest, via: true }, { name: T.unreachableGuest }],
      },
      {
        name: T.otherHost,
        kernelRelease: '6.8.0-45-generic',
        osRelease: UBUNTU,
        uptimeSec: 1_900_000,
        domains: [healthyDomain(T.staleGuest), legacyDomain, healthyDomain(T.infoGuest)],
        holders: [
          { domain: XSS_DOMAIN, devices: ['/dev/random'] },
          urandomHolder(T.staleGuest),
          urandomHolder(T.infoGuest),
        ],
        guests: [
          { name: T.staleGuest, randomSeed: SHARED_SEED },
          {
            name: T.legacyGuest,
            domain: XSS_DOMAIN,
            kernelRelease: '4.18.0-513.el8.x86_64',
            poolsize: 4096,
            entropyAvail: 2400,
            rngAvailable: '',
            rngCurrent: 'none',
            rngQuality: null,
            hwrng: false,
            osRelease: RHEL8,
          },
          { name: T.infoGuest, randomSeed: SHARED_SEED, kernelRelease: '6.1.0-27-amd64' },
        ],
      },
    ],
  };
}
