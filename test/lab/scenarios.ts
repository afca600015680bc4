// Ready-made labs. healthyLab: one modern host, two healthy guests. fullLab: every rule of
// lib/checks fires at least once, each on a target built for it (fullLabExpected), plus one clean
// guest (clean-01) that triggers nothing; healFullLab fixes it all. benchLabSpec: N healthy targets.
import { cpuFlags } from './fixture-files';
import { libvirtArgv } from './qemu-argv';
import { startLab } from './lab';
import {
  applyScenarioFixtures,
  HEALTHY_RNG,
  healthyDomain,
  type Scenario,
  toLabSpec,
  urandomHolder,
} from './scenario-model';
import type { Lab, LabGuestSpec, LabSpec } from './types';

export { toLabSpec, type Scenario } from './scenario-model';

const CENTOS_7 = {
  id: 'centos',
  idLike: ['rhel', 'fedora'],
  prettyName: 'CentOS Linux 7 (Core)',
  versionId: '7',
};
const DEBIAN_10 = { id: 'debian', idLike: [], prettyName: 'Debian GNU/Linux 10 (buster)', versionId: '10' };

/** Names of the fullLab targets, in one place so tests and e2e setups can point at them. */
export const FULL_LAB = {
  legacyHost: 'kvm-legacy',
  modernHost: 'kvm-modern',
  backendBlocking: 'legacy-blocking',
  rateUnlimited: 'legacy-unlimited',
  crngStuck: 'crng-stuck',
  /** its libvirt domain is named `<img src=x onerror=alert(1)>` */
  xss: 'web-xss',
  xssDomain: '<img src=x onerror=alert(1)>',
  driverMissing: 'no-rng-driver',
  rngUnselected: 'rng-unselected',
  needsRngd: 'el7-needs-rngd',
  diskNative: 'disk-native',
  /** its libvirt domain name carries quotes, a comma and `$(...)` */
  diskUnsafe: 'disk-unsafe',
  hostileDomain: `o'brien, "db" $(echo pwned)`,
  diskPolicy: 'disk-writethrough',
  cloneA: 'clone-a',
  cloneB: 'clone-b',
  gone: 'gone',
  keyRotated: 'key-rotated',
  keyUnknown: 'key-unknown',
  garbage: 'probe-junk',
  noGenid: 'no-genid',
  drift: 'drift-01',
  clean: 'clean-01',
} as const;

const N = FULL_LAB;

/**
 * [target, rule] pairs fullLab produces once the collector has polled it a few times (≥ 3 cycles
 * for target-unreachable and probe-output-invalid). Nothing else fires; clean-01 fires nothing.
 */
export const fullLabExpected: readonly (readonly [target: string, rule: string])[] = [
  [N.legacyHost, 'entropy-low'], // kernel 4.19, poolsize 4096, entropy_avail 60 (< entropyCrit 100)
  [N.legacyHost, 'host-entropy-drain'], // the same, while legacy-blocking's qemu holds /dev/random
  [N.crngStuck, 'crng-not-ready'], // poolsize 256, entropy_avail 20, uptime 600 s
  [N.xss, 'rng-device-missing'], // domain <img src=x onerror=alert(1)> has no <rng>
  [N.driverMissing, 'rng-driver-missing'], // domain has a virtio <rng>, guest rng_available is empty
  [N.rngUnselected, 'rng-not-selected'], // rng_available virtio_rng.0, rng_current none
  [N.needsRngd, 'rngd-needed'], // kernel 3.10 (< 3.17), no rngd/haveged
  [N.backendBlocking, 'rng-backend-blocking'], // <backend>/dev/random</backend> on host kernel 4.19
  [N.rateUnlimited, 'rng-rate-unlimited'], // virtio <rng> without <rate> on host kernel 4.19
  [N.diskNative, 'disk-aio-native-needs-direct'], // vda io=native, cache unset (writeback)
  [N.diskUnsafe, 'disk-cache-unsafe'], // vda cache=unsafe
  [N.diskPolicy, 'disk-cache-policy'], // file disk vda cache=writethrough io=threads
  [N.cloneA, 'clone-ssh-hostkey'], // clone-a and clone-b share host key "golden-image"
  [N.cloneB, 'clone-ssh-hostkey'],
  [N.cloneA, 'clone-machine-id'], // ... and /etc/machine-id
  [N.cloneB, 'clone-machine-id'],
  [N.cloneA, 'clone-random-seed'], // ... and /var/lib/systemd/random-seed
  [N.cloneB, 'clone-random-seed'],
  [N.gone, 'target-unreachable'], // never started: its port refuses connections
  [N.keyRotated, 'host-key-mismatch'], // known_hosts pins an older key than the one it presents
  [N.keyUnknown, 'host-key-unknown'], // not in known_hosts (trustOnFirstUse false)
  [N.garbage, 'probe-output-invalid'], // sshd ForceCommand prints junk instead of running the probe
  [N.noGenid, 'vmgenid-missing'], // kernel 6.1 guest, domain without <genid>
  [N.drift, 'config-drift'], // its QEMU runs vda cache=writeback, the XML says none
];

const CLONE_IDENTITY = {
  hostKey: 'golden-image',
  machineId: '5f1b2c3d4e5f60718293a4b5c6d7e8f9',
  randomSeed: 'random seed baked into the golden image 1f0e2d3c4b5a69788796a5b4c3d2e1f0',
};

/** fullLab as a scenario; 'healed' is the same fleet with every problem fixed. */
export function fullLabScenario(variant: 'broken' | 'healed' = 'broken'): Scenario {
  const healed = variant === 'healed';
  const noHwrng = { rngAvailable: '', rngCurrent: 'none', rngQuality: null, hwrng: false };
  const legacyHost: Scenario['hosts'][number] = {
    name: N.legacyHost,
    kernelRelease: '4.19.0-26-amd64',
    poolsize: 4096,
    entropyAvail: healed ? 3200 : 60,
    uptimeSec: 3_000_000,
    ...noHwrng,
    cpuFlags: cpuFlags({ rdrand: false, rdseed: false }),
    osRelease: DEBIAN_10,
    domains: [
      healthyDomain(N.backendBlocking, {
        rngs: [{ ...HEALTHY_RNG, backend: healed ? '/dev/urandom' : '/dev/random' }],
      }),
      healthyDomain(N.rateUnlimited, {
        rngs: [healed ? HEALTHY_RNG : { model: 'virtio', backend: '/dev/urandom' }],
      }),
    ],
    holders: [
      { domain: N.backendBlocking, devices: [healed ? '/dev/urandom' : '/dev/random'] },
      urandomHolder(N.rateUnlimited),
    ],
    guests: [{ name: N.backendBlocking }, { name: N.rateUnlimited, via: true }],
  };

  const modernGuests: (LabGuestSpec & { domainSpec: Parameters<typeof healthyDomain>[1] })[] = [
    { name: N.crngStuck, entropyAvail: healed ? 256 : 20, uptimeSec: 600, domainSpec: {} },
    {
      name: N.xss,
      domain: N.xssDomain,
      ...(healed ? {} : noHwrng),
      domainSpec: healed ? {} : { rngs: [] },
    },
    { name: N.driverMissing, ...(healed ? {} : noHwrng), domainSpec: {} },
    { name: N.rngUnselected, rngCurrent: healed ? 'virtio_rng.0' : 'none', domainSpec: {} },
    {
      name: N.needsRngd,
      kernelRelease: '3.10.0-1160.el7.x86_64',
      poolsize: 4096,
      entropyAvail: 3000,
      rngQuality: null,
      rngd: healed,
      osRelease: CENTOS_7,
      domainSpec: {},
    },
    {
      name: N.diskNative,
      domainSpec: diskDomain(healed ? { cache: 'none', io: 'io_uring' } : { io: 'native' }),
    },
    {
      name: N.diskUnsafe,
      domain: N.hostileDomain,
      domainSpec: diskDomain(healed ? { cache: 'none', io: 'threads' } : { cache: 'unsafe', io: 'threads' }),
    },
    {
      name: N.diskPolicy,
      domainSpec: diskDomain(
        healed ? { cache: 'none', io: 'threads' } : { cache: 'writethrough', io: 'threads' },
      ),
    },
    { name: N.cloneA, ...CLONE_IDENTITY, via: true, domainSpec: {} },
    { name: N.cloneB, ...(healed ? {} : CLONE_IDENTITY), domainSpec: {} },
    // Shut off and not running: the collector gets "connection refused" every cycle.
    { name: N.gone, start: healed, domainSpec: healed ? {} : { state: 'shutoff' } },
    { name: N.keyRotated, pin: healed ? 'current' : 'stale', domainSpec: {} },
    { name: N.keyUnknown, pin: healed ? 'current' : 'none', domainSpec: {} },
    { name: N.noGenid, domainSpec: healed ? {} : { genid: undefined } },
    // Its QEMU runs vda with cache=writeback (from before a virsh edit); the XML says none.
    { name: N.drift, domainSpec: {} },
    { name: N.clean, via: true, domainSpec: {} },
  ];
  const modernHost: Scenario['hosts'][number] = {
    name: N.modernHost,
    kernelRelease: '6.1.0-27-amd64',
    uptimeSec: 5_000_000,
    ...noHwrng,
    domains: modernGuests.map((g) => healthyDomain(g.domain ?? g.name, g.domainSpec)),
    holders: modernGuests
      .filter((g) => g.domainSpec?.state !== 'shutoff')
      .map((g) =>
        g.name === N.drift && !healed
          ? {
              ...urandomHolder(g.name),
              argv: libvirtArgv(healthyDomain(g.name), { vda: { cache: 'writeback' } }),
            }
          : urandomHolder(g.domain ?? g.name),
      ),
    guests: modernGuests.map(({ domainSpec: _domainSpec, ...guest }) => guest),
  };
  return {
    hosts: [legacyHost, modernHost],
    extras: healed ? [] : [{ name: N.garbage, behavior: 'garbage' }],
  };
}

function diskDomain(driver: { cache?: string; io?: string }): Parameters<typeof healthyDomain>[1] {
  return {
    disks: [
      {
        target: 'vda',
        type: 'file',
        source: '/var/lib/libvirt/images/data.qcow2',
        driverType: 'qcow2',
        ...driver,
      },
    ],
  };
}

/** fullLab's LabSpec (see fullLabExpected). */
export function fullLabSpec(): LabSpec {
  return toLabSpec(fullLabScenario('broken'));
}

/** Starts fullLab. */
export function fullLab(opts: { dir?: string } = {}): Promise<Lab> {
  return startLab(fullLabSpec(), opts);
}

/**
 * Fixes every problem of a running fullLab: fixtures, domains and holders as in the 'healed'
 * scenario, the stopped guest started, the stale and unknown keys pinned, the garbage extra made a
 * normal host. entropy-low and host-entropy-drain judge the minimum of the last 5 minutes, so they
 * resolve only once the low samples have aged out of that window.
 */
export async function healFullLab(lab: Lab): Promise<void> {
  await applyScenarioFixtures(lab, fullLabScenario('healed'));
  await lab.startTarget(N.gone);
  lab.pinHostKey(N.keyRotated);
  lab.pinHostKey(N.keyUnknown);
  await lab.setBehavior(N.garbage, 'normal');
}

/** One modern host (6.1) with two healthy guests (web-01 reached through the host). */
export function healthyLabScenario(): Scenario {
  return {
    hosts: [
      {
        name: 'kvm-01',
        kernelRelease: '6.1.0-27-amd64',
        rngAvailable: '',
        rngCurrent: 'none',
        rngQuality: null,
        hwrng: false,
        uptimeSec: 2_000_000,
        domains: [
          healthyDomain('web-01'),
          healthyDomain('db-01', {
            disks: [
              {
                target: 'vda',
                type: 'block',
                source: '/dev/vg0/db-01',
                driverType: 'raw',
                cache: 'none',
                io: 'native',
              },
            ],
          }),
        ],
        holders: [urandomHolder('web-01'), urandomHolder('db-01')],
        guests: [{ name: 'web-01', via: true }, { name: 'db-01' }],
      },
    ],
  };
}

/** Starts healthyLab. */
export function healthyLab(opts: { dir?: string } = {}): Promise<Lab> {
  return startLab(toLabSpec(healthyLabScenario()), opts);
}

/** `targets` healthy targets in total: hosts of 19 guests each (the last host may have fewer). */
export function benchLabSpec(targets: number): LabSpec {
  if (!Number.isInteger(targets) || targets < 1)
    throw new Error(`bench lab: targets must be a whole number ≥ 1, got ${targets}`);
  const hosts: Scenario['hosts'] = [];
  let left = targets;
  for (let h = 1; left > 0; h++) {
    left -= 1;
    const guests = Array.from({ length: Math.min(19, left) }, (_, g) => `vm-${h}-${g + 1}`);
    left -= guests.length;
    hosts.push({
      name: `bench-kvm-${h}`,
      hwrng: false,
      rngAvailable: '',
      rngCurrent: 'none',
      rngQuality: null,
      domains: guests.map((g) => healthyDomain(g)),
      holders: guests.map(urandomHolder),
      guests: guests.map((name) => ({ name })),
    });
  }
  return toLabSpec({ hosts });
}
