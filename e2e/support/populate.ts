import Database from 'better-sqlite3';
import { getDb } from '../../lib/db/client';
import type { Domain, DomainDisk, DomainRng, Observation } from '../../lib/probe/types';
import type { Remediation } from '../../lib/remediation/types';
import { CRITICAL_RULE, E2E_TARGETS as T, XSS_DOMAIN } from './targets';

// Realistic rows for the e2e specs: 2 hosts, 6 guests (critical, ok, unreachable, stale, legacy with an XSS
// domain name, info-only), 30 days of 5-minute samples with hourly rollups, findings with remediations.
// Later this becomes "start the lab, run the real collector"; keep the export and E2E_TARGETS.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SAMPLE_EVERY = 5 * MIN;
const URI = 'qemu:///system';

interface GuestSpec {
  name: string;
  host: string;
  domain: string;
  address: string;
  kernel: string;
  poolsize: number;
  /** entropy_avail at time t (ms); null = poll failed at t */
  entropy: (t: number) => number | null;
  /** no samples after this (stale) */
  lastPollAt: number;
  lastStatus: 'ok' | 'timeout';
  disks: DomainDisk[];
  rngs: DomainRng[];
  machineId: string;
  seed: string;
  osId: string;
  rngCurrent: string;
}

function disk(
  target: string,
  type: string,
  source: string,
  driverType: string,
  cacheMode: string | null,
  ioMode: string | null,
): DomainDisk {
  return { target, type, device: 'disk', source, driverType, cacheMode, ioMode, discard: null };
}

const virtioRng = (rate: DomainRng['rate']): DomainRng => ({
  model: 'virtio',
  backendModel: 'random',
  backendSource: '/dev/urandom',
  rate,
});

function hex(seed: number, len: number): string {
  let x = seed >>> 0;
  let out = '';
  while (out.length < len) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6b43a9b5) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

function nameSeed(name: string): number {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function fingerprint(seed: number): string {
  return `SHA256:${Buffer.from(hex(seed, 64), 'hex').toString('base64').replace(/=+$/, '')}`;
}

function observation(
  o: Partial<Observation> & { poolsize: number; entropyAvail: number | null },
): Observation {
  return {
    kernelRelease: '6.1.0-27-amd64',
    uptimeSec: 12 * 86_400 + 3_600,
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
    ...o,
  };
}

// A deterministic wobble so charts look like real data but every run is identical.
function noise(t: number, salt: number): number {
  const x = Math.sin(t / 1_234_567 + salt) * 43758.5453;
  return x - Math.floor(x);
}

/** Fills a migrated, empty database with the e2e fleet; `now` anchors every time (default: the current time). */
export async function populateE2eData(dbUrl: string, now: Date = new Date()): Promise<void> {
  const end = now.getTime();
  const polled = end - 20_000;
  const reboot = end - 3 * DAY - 7 * HOUR;
  const modern = (t: number) =>
    t >= reboot && t < reboot + 10 * MIN ? 40 + Math.round(noise(t, 1) * 150) : 256;

  const guests: GuestSpec[] = [
    {
      name: T.criticalGuest,
      host: T.host,
      domain: T.criticalGuest,
      address: '10.20.0.21',
      kernel: '6.1.0-27-amd64',
      poolsize: 256,
      entropy: modern,
      lastPollAt: polled,
      lastStatus: 'ok',
      disks: [
        disk('vda', 'file', '/var/lib/libvirt/images/db-01.qcow2', 'qcow2', 'writeback', 'threads'),
        disk(T.criticalDisk, 'block', '/dev/vg0/db-01-data', 'raw', 'writethrough', 'native'),
      ],
      rngs: [virtioRng({ bytes: 1024, period: 1000 })],
      machineId: hex(11, 32),
      seed: hex(111, 64),
      osId: 'debian',
      rngCurrent: 'virtio_rng.0',
    },
    {
      name: T.okGuest,
      host: T.host,
      domain: T.okGuest,
      address: '10.20.0.22',
      kernel: '6.8.0-45-generic',
      poolsize: 256,
      entropy: modern,
      lastPollAt: polled,
      lastStatus: 'ok',
      disks: [disk('vda', 'file', '/var/lib/libvirt/images/web-01.qcow2', 'qcow2', 'none', 'io_uring')],
      rngs: [virtioRng({ bytes: 1024, period: 1000 })],
      machineId: hex(12, 32),
      seed: hex(112, 64),
      osId: 'ubuntu',
      rngCurrent: 'virtio_rng.0',
    },
    {
      name: T.unreachableGuest,
      host: T.host,
      domain: T.unreachableGuest,
      address: '10.20.0.23',
      kernel: '6.1.0-27-amd64',
      poolsize: 256,
      // Down for the last 3 hours, and a 2-hour outage ten days ago.
      entropy: (t) =>
        t > end - 3 * HOUR || (t > end - 10 * DAY && t < end - 10 * DAY + 2 * HOUR) ? null : modern(t),
      lastPollAt: polled,
      lastStatus: 'timeout',
      disks: [disk('vda', 'file', '/var/lib/libvirt/images/web-02.qcow2', 'qcow2', 'writeback', 'threads')],
      rngs: [virtioRng({ bytes: 1024, period: 1000 })],
      machineId: hex(13, 32),
      seed: hex(113, 64),
      osId: 'debian',
      rngCurrent: 'virtio_rng.0',
    },
    {
      name: T.staleGuest,
      host: T.otherHost,
      domain: T.staleGuest,
      address: '10.20.1.31',
      kernel: '5.14.0-427.el9.x86_64',
      poolsize: 256,
      entropy: modern,
      lastPollAt: end - 2 * HOUR,
      lastStatus: 'ok',
      disks: [disk('vda', 'file', '/var/lib/libvirt/images/batch-01.qcow2', 'qcow2', 'none', 'threads')],
      rngs: [virtioRng(null)],
      machineId: hex(14, 32),
      seed: hex(999, 64),
      osId: 'rocky',
      rngCurrent: 'virtio_rng.0',
    },
    {
      name: T.legacyGuest,
      host: T.otherHost,
      domain: XSS_DOMAIN,
      address: '10.20.1.32',
      kernel: '4.18.0-513.el8.x86_64',
      poolsize: 4096,
      // A legacy pool: daily swing, drained below the warning line in the last hours.
      entropy: (t) => {
        if (t > end - 5 * HOUR) return 110 + Math.round(noise(t, 3) * 75);
        const daily = Math.sin(((t % DAY) / DAY) * 2 * Math.PI);
        return Math.max(60, Math.round(1500 + daily * 900 + (noise(t, 4) - 0.5) * 700));
      },
      lastPollAt: polled,
      lastStatus: 'ok',
      disks: [
        disk('vda', 'file', '/var/lib/libvirt/images/legacy-01.qcow2', 'qcow2', 'writeback', 'threads'),
      ],
      rngs: [],
      machineId: hex(15, 32),
      seed: hex(115, 64),
      osId: 'rhel',
      rngCurrent: 'none',
    },
    {
      name: T.infoGuest,
      host: T.otherHost,
      domain: T.infoGuest,
      address: '10.20.1.33',
      kernel: '6.1.0-27-amd64',
      poolsize: 256,
      entropy: modern,
      lastPollAt: polled,
      lastStatus: 'ok',
      disks: [
        disk('vda', 'file', '/var/lib/libvirt/images/cache-01.qcow2', 'qcow2', 'writeback', 'io_uring'),
      ],
      rngs: [virtioRng(null)],
      machineId: hex(16, 32),
      // Same random seed as the stale guest: both were cloned from one image.
      seed: hex(999, 64),
      osId: 'debian',
      rngCurrent: 'none',
    },
  ];

  const domainOf = (g: GuestSpec): Domain => ({
    name: g.domain,
    uuid: `${hex(nameSeed(g.name), 8)}-0000-4000-8000-${hex(nameSeed(g.name) + 7, 12)}`,
    state: g.lastStatus === 'ok' ? 'running' : 'running',
    genid: null,
    disks: g.disks,
    rngs: g.rngs,
  });

  const db = getDb(dbUrl);
  try {
    const hostIds = new Map<string, number>();
    let pid = 4100;
    for (const [i, name] of [T.host, T.otherHost].entries()) {
      const onHost = guests.filter((g) => g.host === name);
      const domains = onHost.map(domainOf);
      if (name === T.host) {
        // A domain no inventory guest claims: the host page must still show it.
        domains.push({
          name: 'scratch-vm',
          uuid: null,
          state: 'shut off',
          genid: null,
          disks: [disk('vda', 'file', '/var/lib/libvirt/images/scratch.img', 'raw', null, null)],
          rngs: [],
        });
      }
      const obs = observation({
        entropyAvail: 256,
        poolsize: 256,
        kernelRelease: i === 0 ? '6.1.0-27-amd64' : '6.8.0-45-generic',
        rngAvailable: [],
        rngCurrent: 'none',
        hwrngPresent: false,
        machineId: hex(1 + i, 32),
        sshHostKeys: [{ type: 'ssh-ed25519', fingerprint: fingerprint(1 + i) }],
        randomSeedSha256: hex(101 + i, 64),
        host: {
          holders: onHost.map((g) => ({
            pid: pid++,
            command: 'qemu-system-x86',
            device: g.rngs.length && i === 1 ? ('/dev/random' as const) : ('/dev/urandom' as const),
            domain: g.domain,
          })),
          domains,
        },
      });
      const row = await db.target.create({
        data: {
          name,
          kind: 'host',
          address: `10.0.0.${11 + i}`,
          port: 22,
          user: 'monitor',
          libvirtUri: URI,
          createdAt: new Date(end - 40 * DAY),
          lastPollAt: new Date(polled),
          lastStatus: 'ok',
          lastEntropyAvail: 256,
          lastPoolsize: 256,
          observation: { create: { at: new Date(polled), data: JSON.stringify(obs) } },
        },
      });
      hostIds.set(name, row.id);
    }

    const ids = new Map<string, number>(hostIds);
    for (const g of guests) {
      const lastOk = g.lastStatus === 'ok';
      const entropyNow = lastOk ? g.entropy(g.lastPollAt) : null;
      const obs = observation({
        kernelRelease: g.kernel,
        entropyAvail: g.entropy(g.lastStatus === 'ok' ? g.lastPollAt : end - 4 * HOUR) ?? 256,
        poolsize: g.poolsize,
        rngAvailable: g.rngs.length ? ['virtio_rng.0'] : [],
        rngCurrent: g.rngCurrent,
        hwrngPresent: g.rngs.length > 0,
        rngdRunning: g.poolsize === 4096,
        cpuRdrand: g.poolsize !== 4096,
        machineId: g.machineId,
        sshHostKeys: [
          { type: 'ssh-ed25519', fingerprint: fingerprint(nameSeed(g.name)) },
          { type: 'ecdsa-sha2-nistp256', fingerprint: fingerprint(nameSeed(g.name) + 1) },
        ],
        randomSeedSha256: g.seed,
        osId: g.osId,
        osIdLike:
          g.osId === 'ubuntu' ? ['debian'] : g.osId === 'rocky' || g.osId === 'rhel' ? ['fedora'] : [],
      });
      const observedAt = new Date(lastOk ? g.lastPollAt : end - 3 * HOUR - 5 * MIN);
      const row = await db.target.create({
        data: {
          name: g.name,
          kind: 'guest',
          hostId: hostIds.get(g.host)!,
          address: g.address,
          port: 22,
          user: 'monitor',
          domain: g.domain,
          createdAt: new Date(end - 40 * DAY),
          lastPollAt: new Date(g.lastPollAt),
          lastStatus: g.lastStatus,
          lastError: lastOk ? null : `timed out after 10 s connecting to ${g.address}:22`,
          lastEntropyAvail: entropyNow,
          lastPoolsize: lastOk ? g.poolsize : null,
          observation: { create: { at: observedAt, data: JSON.stringify(obs) } },
          domainConfig: {
            create: {
              at: new Date(end - 20 * DAY),
              hash: hex(nameSeed(g.name), 64),
              disks: JSON.stringify(g.disks),
              rngs: JSON.stringify(g.rngs),
              genid: null,
            },
          },
        },
      });
      ids.set(g.name, row.id);
    }

    for (const [i, ago] of [2, 1, 0].entries()) {
      const started = end - ago * MIN - 25_000;
      await db.collectorRun.create({
        data: {
          startedAt: new Date(started),
          finishedAt: new Date(started + 4_000),
          targets: 8,
          ok: i === 2 ? 6 : 7,
          failed: i === 2 ? 1 : 0,
          intervalMs: MIN,
        },
      });
    }

    const findingIds = new Map<string, number>();
    for (const f of findings(end)) {
      const created = await db.finding.create({
        data: {
          targetId: ids.get(f.target)!,
          rule: f.rule,
          subject: f.subject,
          severity: f.severity,
          state: f.resolvedAt ? 'resolved' : 'open',
          summary: f.summary,
          detail: f.detail,
          remediation: JSON.stringify(f.remediation),
          openedAt: new Date(f.openedAt),
          updatedAt: new Date(f.resolvedAt ?? polled),
          resolvedAt: f.resolvedAt ? new Date(f.resolvedAt) : null,
        },
      });
      findingIds.set(f.rule, created.id);
    }
    await createAlertEvents(db, end, findingIds);
  } finally {
    await db.$disconnect();
  }

  // Samples and rollups in bulk, the way the collector stores them (one prepared statement, one transaction).
  const sqlite = new Database(dbUrl.replace(/^file:/, ''));
  try {
    const insertSample = sqlite.prepare(
      'INSERT INTO Sample (targetId, at, status, error, durationMs, entropyAvail, poolsize, uptimeSec) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertRollup = sqlite.prepare(
      'INSERT INTO SampleRollup (targetId, bucket, minEntropy, maxEntropy, sumEntropy, count, failures) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const series: { id: number; poolsize: number; last: number; entropy: (t: number) => number | null }[] = [
      ...[T.host, T.otherHost].map((n) => ({
        id: 0,
        name: n,
        poolsize: 256,
        last: polled,
        entropy: () => 256,
      })),
      ...guests.map((g) => ({
        name: g.name,
        id: 0,
        poolsize: g.poolsize,
        last: g.lastPollAt,
        entropy: g.entropy,
      })),
    ].map((s) => ({ ...s, id: sqliteId(sqlite, s.name) }));
    sqlite.transaction(() => {
      for (const s of series) {
        const rollups = new Map<
          number,
          { min: number | null; max: number | null; sum: number; count: number; failures: number }
        >();
        for (let t = s.last; t > end - 30 * DAY; t -= SAMPLE_EVERY) {
          const e = s.entropy(t);
          insertSample.run(
            s.id,
            t,
            e === null ? 'timeout' : 'ok',
            e === null ? 'timed out after 10 s' : null,
            e === null ? 10_000 : 150 + Math.round(noise(t, 9) * 200),
            e,
            e === null ? null : s.poolsize,
            e === null ? null : Math.round((t - (end - 40 * DAY)) / 1000),
          );
          const bucket = Math.floor(t / HOUR) * HOUR;
          const r = rollups.get(bucket) ?? { min: null, max: null, sum: 0, count: 0, failures: 0 };
          if (e === null) r.failures += 1;
          else {
            r.min = r.min === null ? e : Math.min(r.min, e);
            r.max = r.max === null ? e : Math.max(r.max, e);
            r.sum += e;
            r.count += 1;
          }
          rollups.set(bucket, r);
        }
        for (const [bucket, r] of rollups)
          insertRollup.run(s.id, bucket, r.min, r.max, r.sum, r.count, r.failures);
      }
    })();
  } finally {
    sqlite.close();
  }
}

// A delivery history for the Alerts page: a retried firing, a resolve, one still pending against a down receiver.
async function createAlertEvents(
  db: ReturnType<typeof getDb>,
  end: number,
  ids: Map<string, number>,
): Promise<void> {
  const events = [
    {
      webhook: 'ops-json',
      rule: CRITICAL_RULE,
      type: 'firing',
      at: end - 2 * DAY - 3 * HOUR,
      codes: [500, 200],
    },
    {
      webhook: 'team-slack',
      rule: CRITICAL_RULE,
      type: 'firing',
      at: end - 2 * DAY - 3 * HOUR,
      codes: [200],
    },
    { webhook: 'ops-json', rule: 'disk-cache-unsafe', type: 'firing', at: end - 9 * DAY, codes: [200] },
    { webhook: 'ops-json', rule: 'disk-cache-unsafe', type: 'resolved', at: end - 6 * DAY, codes: [200] },
    { webhook: 'ops-json', rule: 'entropy-low', type: 'firing', at: end - 5 * HOUR, codes: [null, null] },
  ];
  for (const [i, e] of events.entries()) {
    const delivered = e.codes.at(-1) === 200;
    await db.alertEvent.create({
      data: {
        uid: `e2e-${hex(i + 500, 24)}`,
        webhook: e.webhook,
        findingId: ids.get(e.rule) ?? null,
        type: e.type,
        payload: JSON.stringify({ version: 1, type: e.type, rule: e.rule }),
        createdAt: new Date(e.at),
        state: delivered ? 'delivered' : 'pending',
        attempts: e.codes.length,
        nextAttemptAt: new Date(delivered ? e.at : end + 40_000),
        deliveredAt: delivered ? new Date(e.at + (e.codes.length - 1) * 5_000 + 300) : null,
        lastError: delivered ? null : 'connect ECONNREFUSED 127.0.0.1:3199',
        attemptLog: {
          create: e.codes.map((code, k) => ({
            at: new Date(e.at + k * 5_000),
            statusCode: code,
            error:
              code === null ? 'connect ECONNREFUSED 127.0.0.1:3199' : code >= 300 ? `HTTP ${code}` : null,
            durationMs: code === null ? 2 : 120 + k * 40,
          })),
        },
      },
    });
  }
}

function sqliteId(sqlite: Database.Database, name: string): number {
  const row = sqlite.prepare('SELECT id FROM Target WHERE name = ?').get(name) as { id: number } | undefined;
  if (!row) throw new Error(`populate: target ${name} was not created`);
  return row.id;
}

interface FindingSpec {
  target: string;
  rule: string;
  subject: string;
  severity: 'info' | 'warning' | 'critical';
  summary: string;
  detail: string;
  remediation: Remediation;
  openedAt: number;
  resolvedAt?: number;
}

function findings(end: number): FindingSpec[] {
  const dom = T.criticalGuest;
  return [
    {
      target: T.criticalGuest,
      rule: CRITICAL_RULE,
      subject: T.criticalDisk,
      severity: 'critical',
      summary: `${dom}/${T.criticalDisk}: io='native' with cache=writethrough; QEMU refuses to start`,
      detail: `disk ${T.criticalDisk} type=block source=/dev/vg0/db-01-data cache=writethrough io=native`,
      openedAt: end - 2 * DAY - 3 * HOUR,
      remediation: {
        summary: `Use cache='none' on ${dom}/${T.criticalDisk} so io='native' gets the O_DIRECT it needs`,
        reason:
          "QEMU (since 2.6) refuses io='native' unless the cache mode is 'none' or 'directsync' " +
          '("aio=native was specified, but it requires cache.direct=on"). The old advice "block device: ' +
          'writethrough + native" is invalid on modern QEMU.',
        restartRequired: true,
        steps: [
          {
            description: 'Save the current definition of the domain',
            runOn: `host ${T.host}`,
            command: `virsh -c ${URI} dumpxml ${dom} > /root/${dom}.xml.bak`,
          },
          {
            description: `Open the domain definition and replace the <driver> line of disk ${T.criticalDisk} with this one`,
            runOn: `host ${T.host}`,
            command: `virsh -c ${URI} edit ${dom}`,
            xml: "<driver name='qemu' type='raw' cache='none' io='native'/>",
          },
          {
            description: 'Cold boot the guest so QEMU starts again with the new disk settings',
            runOn: `host ${T.host}`,
            command: `virsh -c ${URI} shutdown ${dom} && virsh -c ${URI} start ${dom}`,
          },
        ],
      },
    },
    {
      target: T.criticalGuest,
      rule: 'disk-cache-unsafe',
      subject: 'vda',
      severity: 'critical',
      summary: `${dom}/vda: cache='unsafe' ignores flushes; a host crash loses acknowledged writes`,
      detail: 'disk vda type=file source=/var/lib/libvirt/images/db-01.qcow2 cache=unsafe io=threads',
      openedAt: end - 9 * DAY,
      resolvedAt: end - 6 * DAY,
      remediation: {
        summary: `Use cache='writeback' on ${dom}/vda`,
        reason: "cache='unsafe' ignores guest flush requests.",
        restartRequired: true,
        steps: [
          { description: 'Edit the domain', runOn: `host ${T.host}`, command: `virsh -c ${URI} edit ${dom}` },
        ],
      },
    },
    {
      target: T.legacyGuest,
      rule: 'entropy-low',
      subject: '',
      severity: 'warning',
      summary: 'entropy_avail fell to 112 (below 200) on a 4.18 kernel where /dev/random blocks',
      detail: 'min entropy_avail over 5 min = 112, poolsize 4096, kernel 4.18.0-513.el8.x86_64',
      openedAt: end - 5 * HOUR,
      remediation: {
        summary: 'Give the guest a virtio RNG fed by the host',
        reason: 'Kernels before 5.6 block /dev/random readers when the estimate runs low.',
        restartRequired: true,
        steps: [
          {
            description: 'Attach a virtio RNG device to the domain (takes effect at the next cold boot)',
            runOn: `host ${T.otherHost}`,
            command: `virsh -c ${URI} attach-device '${XSS_DOMAIN}' /root/rng.xml --config`,
            xml: "<rng model='virtio'><rate bytes='1024' period='1000'/><backend model='random'>/dev/urandom</backend></rng>",
          },
        ],
      },
    },
    {
      target: T.legacyGuest,
      rule: 'rng-device-missing',
      subject: '',
      severity: 'warning',
      summary: `${XSS_DOMAIN} has no <rng> device`,
      detail: `domain ${XSS_DOMAIN}: no <rng> element`,
      openedAt: end - 20 * DAY,
      remediation: {
        summary: 'Add a virtio RNG device',
        reason: 'Without a virtio RNG the guest has only its own timing jitter.',
        restartRequired: true,
        steps: [
          { description: 'Attach the device', runOn: `host ${T.otherHost}`, xml: "<rng model='virtio'/>" },
        ],
      },
    },
    {
      target: T.infoGuest,
      rule: 'rng-not-selected',
      subject: '',
      severity: 'info',
      summary: 'virtio_rng.0 is available but rng_current is none',
      detail: 'rng_available=virtio_rng.0 rng_current=none',
      openedAt: end - 4 * DAY,
      remediation: {
        summary: 'Select the virtio RNG',
        reason: 'An available hardware RNG is not feeding the kernel.',
        restartRequired: false,
        steps: [
          {
            description: 'Select it now',
            runOn: `guest ${T.infoGuest}`,
            command: 'echo virtio_rng.0 > /sys/class/misc/hw_random/rng_current',
          },
        ],
      },
    },
    {
      target: T.unreachableGuest,
      rule: 'target-unreachable',
      subject: '',
      severity: 'warning',
      summary: 'the last 3 polls timed out',
      detail: 'timeout ×3: timed out after 10 s connecting to 10.20.0.23:22',
      openedAt: end - 2 * HOUR - 57 * MIN,
      remediation: {
        summary: 'Check that the guest is running and sshd answers',
        reason: 'No data arrives from an unreachable target.',
        restartRequired: false,
        steps: [
          {
            description: 'Check the domain state',
            runOn: `host ${T.host}`,
            command: `virsh -c ${URI} domstate web-02`,
          },
        ],
      },
    },
    {
      target: T.okGuest,
      rule: 'crng-not-ready',
      subject: '',
      severity: 'critical',
      summary: 'CRNG not initialised 140 s after boot',
      detail: 'entropy_avail=40 poolsize=256 uptime=140s',
      openedAt: end - 3 * DAY - 7 * HOUR,
      resolvedAt: end - 3 * DAY - 6 * HOUR,
      remediation: {
        summary: 'Give the guest a virtio RNG',
        reason: 'A modern kernel blocks getrandom() until the CRNG is seeded.',
        restartRequired: true,
        steps: [
          { description: 'Attach a virtio RNG', runOn: `host ${T.host}`, xml: "<rng model='virtio'/>" },
        ],
      },
    },
  ];
}
