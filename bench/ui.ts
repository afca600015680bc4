// npm run bench:ui [-- --reseed] [-- --build] [-- --port 3190] [-- --hosts 25 --guests 20 --days 30] [-- --seed-only]
//   [-- --warmups 3] (requests before each server timing; a fresh server compiles its hot code during the first tens)
//
// Seeds a database with 25 hosts × 20 guests and 30 days of 1-minute samples (~22.7 M rows with the hosts'
// own samples, plus hourly rollups; --hosts 500 --guests 19 --days 1 is the 10,000-target fleet), starts the production server on it and measures what an operator
// feels: fleet page and /api/v1/targets server time, one guest's 30-day chart (API and query), and the time
// until the fleet page is interactive in headless Chromium. Results: a table on stdout and
// bench/out/ui-bench.md (or UI_BENCH_REPORT). The seeded file is kept in bench/out/ and reused unless --reseed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import { closeDb, getDb } from '../lib/db/client';
import { benchAuthHeaders } from './bench-auth';
import { migrateDatabase } from '../lib/db/migrate';
import { getSampleSeries } from '../lib/queries/get-sample-series';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
function wholeFlag(name: string, fallback: number, max: number): number {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(args[at + 1]);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new Error(`--${name} takes a whole number from 1 to ${max}, got "${args[at + 1] ?? ''}"`);
  }
  return n;
}
const HOSTS = wholeFlag('hosts', 25, 2000);
const GUESTS_PER_HOST = wholeFlag('guests', 20, 99);
const DAYS = wholeFlag('days', 30, 60);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const RUNS = 20;
const WARMUPS = wholeFlag('warmups', 3, 500);

const GOALS = { fleetApiP95Ms: 150, chartMs: 100, chartPoints: 1000, fleetInteractiveMs: 1500 };

const PORT = Number(args[args.indexOf('--port') + 1] || 0) || 3190;
const OUT = path.resolve('bench/out');
// The default fleet keeps its old file names; another shape gets its own seed.
const SHAPE =
  HOSTS === 25 && GUESTS_PER_HOST === 20 && DAYS === 30 ? '' : `-${HOSTS}x${GUESTS_PER_HOST}x${DAYS}d`;
const DB_FILE = path.join(OUT, `ui-bench${SHAPE}.db`);
const SEED_META = path.join(OUT, `ui-bench${SHAPE}.seed.json`);
const REPORT = process.env.UI_BENCH_REPORT ?? path.join(OUT, `ui-bench${SHAPE}.md`);

interface SeedMeta {
  hosts: number;
  guests: number;
  days: number;
  samples: number;
  rollups: number;
  seedMs: number;
  migrateMs: number;
  bytes: number;
  seededAt: string;
}

// ---------- seeding ----------

const hostName = (h: number) => `kvm-${String(h + 1).padStart(2, '0')}`;
const guestName = (h: number, g: number) =>
  `vm-${String(h + 1).padStart(2, '0')}-${String(g + 1).padStart(2, '0')}`;
// Addresses stay valid IPv4 past 255 hosts.
const hostAddress = (h: number) => `10.${Math.floor(h / 256)}.${h % 256}.1`;
const guestAddress = (h: number, g: number) => `10.${Math.floor(h / 256)}.${h % 256}.${g + 10}`;

/** Deterministic per-target traits: a fifth of the guests run legacy kernels, a few are down or broken. */
function traits(index: number) {
  const legacy = index % 5 === 3;
  return {
    legacy,
    poolsize: legacy ? 4096 : 256,
    down: index % 97 === 11,
    critical: index % 41 === 7,
    warning: index % 13 === 5,
  };
}

function observationJson(name: string, legacy: boolean, domains: object[] | null): string {
  return JSON.stringify({
    kernelRelease: legacy ? '4.18.0-513.el8.x86_64' : '6.1.0-27-amd64',
    uptimeSec: 1_000_000,
    entropyAvail: legacy ? 1800 : 256,
    poolsize: legacy ? 4096 : 256,
    rngAvailable: ['virtio_rng.0'],
    rngCurrent: 'virtio_rng.0',
    rngQuality: 1000,
    hwrngPresent: true,
    rngdRunning: legacy,
    havegedRunning: false,
    cpuRdrand: true,
    cpuRdseed: true,
    machineId: `mid-${name}`.padEnd(32, '0'),
    sshHostKeys: [
      { type: 'ssh-ed25519', fingerprint: `SHA256:${Buffer.from(`ed-${name}`).toString('base64')}` },
      { type: 'ecdsa-sha2-nistp256', fingerprint: `SHA256:${Buffer.from(`ec-${name}`).toString('base64')}` },
    ],
    randomSeedSha256: `seed-${name}`.padEnd(64, '0'),
    osId: 'debian',
    osIdLike: [],
    fieldErrors: {},
    host: domains
      ? {
          holders: domains.map((_, i) => ({
            pid: 4000 + i,
            command: 'qemu-system-x86',
            device: '/dev/urandom',
            domain: (domains[i] as { name: string }).name,
          })),
          domains,
        }
      : null,
  });
}

function domainOf(name: string, bad: boolean) {
  return {
    name,
    uuid: null,
    state: 'running',
    genid: null,
    disks: [
      {
        target: 'vda',
        type: 'file',
        device: 'disk',
        source: `/var/lib/libvirt/images/${name}.qcow2`,
        driverType: 'qcow2',
        cacheMode: 'writeback',
        ioMode: 'threads',
        discard: null,
      },
      {
        target: 'vdb',
        type: 'block',
        device: 'disk',
        source: `/dev/vg0/${name}-data`,
        driverType: 'raw',
        cacheMode: bad ? 'writethrough' : 'none',
        ioMode: 'native',
        discard: null,
      },
    ],
    rngs: [
      {
        model: 'virtio',
        backendModel: 'random',
        backendSource: '/dev/urandom',
        rate: { bytes: 1024, period: 1000 },
      },
    ],
  };
}

async function seed(): Promise<SeedMeta> {
  fs.mkdirSync(OUT, { recursive: true });
  for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(DB_FILE + s, { force: true });
  const url = `file:${DB_FILE}`;
  const t0 = performance.now();
  await migrateDatabase(url);
  const migrateMs = performance.now() - t0;

  const db = new Database(DB_FILE);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  const end = Math.floor(Date.now() / MIN) * MIN;
  const start = end - DAYS * DAY;
  // Rollup buckets are hour starts, as the collector writes them.
  const firstBucket = Math.floor(start / HOUR) * HOUR;
  const created = start - DAY;

  const insTarget = db.prepare(
    `INSERT INTO Target (name, kind, hostId, address, port, user, domain, libvirtUri, createdAt, updatedAt,
       lastPollAt, lastStatus, lastError, lastEntropyAvail, lastPoolsize) VALUES (?, ?, ?, ?, 22, 'monitor', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insObs = db.prepare('INSERT INTO Observation (targetId, at, data) VALUES (?, ?, ?)');
  const insSnap = db.prepare(
    'INSERT INTO DomainSnapshot (targetId, at, hash, disks, rngs, genid) VALUES (?, ?, ?, ?, ?, NULL)',
  );
  const insFinding = db.prepare(
    `INSERT INTO Finding (targetId, rule, subject, severity, state, summary, detail, remediation, openedAt, updatedAt, resolvedAt)
     VALUES (?, ?, ?, ?, 'open', ?, '', ?, ?, ?, NULL)`,
  );
  const insSample = db.prepare(
    'INSERT INTO Sample (targetId, at, status, error, durationMs, entropyAvail, poolsize, uptimeSec) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insRollup = db.prepare(
    'INSERT INTO SampleRollup (targetId, bucket, minEntropy, maxEntropy, sumEntropy, count, failures) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const remediation = JSON.stringify({
    summary: "Use cache='none' so io='native' gets O_DIRECT",
    reason: "QEMU refuses io='native' without cache.direct=on.",
    steps: [
      {
        description: 'Edit the domain',
        runOn: 'host kvm-01',
        command: 'virsh -c qemu:///system edit vm',
        xml: "<driver name='qemu' type='raw' cache='none' io='native'/>",
      },
    ],
    restartRequired: true,
  });

  interface Series {
    id: number;
    poolsize: number;
    legacy: boolean;
    down: boolean;
    phase: number;
    // the hour being rolled up
    bucket: number;
    min: number | null;
    max: number | null;
    sum: number;
    count: number;
    failures: number;
  }
  const series: Series[] = [];
  let samples = 0;
  let rollups = 0;

  db.transaction(() => {
    let index = 0;
    for (let h = 0; h < HOSTS; h++) {
      const guests = Array.from({ length: GUESTS_PER_HOST }, (_, g) => ({
        name: guestName(h, g),
        t: traits(index + g + 1),
      }));
      const hostObs = observationJson(
        hostName(h),
        false,
        guests.map((g) => domainOf(g.name, g.t.critical)),
      );
      const hostId = Number(
        insTarget.run(
          hostName(h),
          'host',
          null,
          hostAddress(h),
          null,
          'qemu:///system',
          created,
          end,
          end,
          'ok',
          null,
          256,
          256,
        ).lastInsertRowid,
      );
      insObs.run(hostId, end, hostObs);
      series.push({
        id: hostId,
        poolsize: 256,
        legacy: false,
        down: false,
        phase: 0,
        bucket: firstBucket,
        min: null,
        max: null,
        sum: 0,
        count: 0,
        failures: 0,
      });
      index++;
      for (const [g, guest] of guests.entries()) {
        const t = guest.t;
        const id = Number(
          insTarget.run(
            guest.name,
            'guest',
            hostId,
            guestAddress(h, g),
            guest.name,
            null,
            created,
            end,
            end,
            t.down ? 'timeout' : 'ok',
            t.down ? 'timed out after 10 s' : null,
            t.down ? null : t.legacy ? 1800 : 256,
            t.down ? null : t.poolsize,
          ).lastInsertRowid,
        );
        insObs.run(id, end, observationJson(guest.name, t.legacy, null));
        const d = domainOf(guest.name, t.critical);
        insSnap.run(id, start, `hash-${guest.name}`, JSON.stringify(d.disks), JSON.stringify(d.rngs));
        if (t.critical) {
          insFinding.run(
            id,
            'disk-aio-native-needs-direct',
            'vdb',
            'critical',
            `${guest.name}/vdb: io='native' with cache=writethrough`,
            remediation,
            end - DAY,
            end,
          );
        }
        if (t.warning)
          insFinding.run(
            id,
            'rng-device-missing',
            '',
            'warning',
            `${guest.name} has no <rng> device`,
            remediation,
            end - 3 * DAY,
            end,
          );
        if (t.legacy)
          insFinding.run(
            id,
            'rng-rate-unlimited',
            '',
            'info',
            'virtio <rng> without <rate>',
            remediation,
            end - 9 * DAY,
            end,
          );
        series.push({
          id,
          poolsize: t.poolsize,
          legacy: t.legacy,
          down: t.down,
          phase: (index * 7919) % 1440,
          bucket: firstBucket,
          min: null,
          max: null,
          sum: 0,
          count: 0,
          failures: 0,
        });
        index++;
      }
    }
    db.prepare(
      'INSERT INTO CollectorRun (startedAt, finishedAt, targets, ok, failed, intervalMs) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(
      end - 5_000,
      end,
      series.length,
      series.filter((s) => !s.down).length,
      series.filter((s) => s.down).length,
      MIN,
    );

    const flush = (s: Series) => {
      insRollup.run(s.id, s.bucket, s.min, s.max, s.sum, s.count, s.failures);
      rollups++;
      s.min = s.max = null;
      s.sum = s.count = s.failures = 0;
    };
    // Time-major order: the (at) index and the rowid only ever append; the (targetId, at) index touches
    // one hot page per target, which the cache holds.
    for (let at = start, minute = 0; at < end; at += MIN, minute++) {
      for (const s of series) {
        if (at >= s.bucket + HOUR) {
          flush(s);
          s.bucket += HOUR;
        }
        const failed = (s.down && at > end - 3 * HOUR) || (minute + s.phase) % 1440 === 0;
        let e: number | null = null;
        if (!failed) {
          e = s.legacy ? 300 + ((minute * 37 + s.phase * 13) % 3400) : 256;
          s.min = s.min === null ? e : Math.min(s.min, e);
          s.max = s.max === null ? e : Math.max(s.max, e);
          s.sum += e;
          s.count++;
        } else s.failures++;
        insSample.run(
          s.id,
          at,
          failed ? 'timeout' : 'ok',
          failed ? 'timed out after 10 s' : null,
          failed ? 10_000 : 180,
          e,
          failed ? null : s.poolsize,
          failed ? null : minute * 60,
        );
        samples++;
      }
    }
    for (const s of series) flush(s);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const meta: SeedMeta = {
    hosts: HOSTS,
    guests: HOSTS * GUESTS_PER_HOST,
    days: DAYS,
    samples,
    rollups,
    seedMs: Math.round(performance.now() - t0),
    migrateMs: Math.round(migrateMs),
    bytes: fs.statSync(DB_FILE).size,
    seededAt: new Date().toISOString(),
  };
  fs.writeFileSync(SEED_META, JSON.stringify(meta, null, 2));
  return meta;
}

/** A reused seed keeps its samples; its latest poll moves to now so nothing reads as stale. */
function freshen(): void {
  const db = new Database(DB_FILE);
  const now = Date.now();
  db.prepare('UPDATE Target SET lastPollAt = ? WHERE lastStatus IS NOT NULL').run(now);
  db.prepare(
    'UPDATE CollectorRun SET startedAt = ?, finishedAt = ? WHERE id = (SELECT max(id) FROM CollectorRun)',
  ).run(now - 5_000, now);
  db.close();
}

// ---------- measuring ----------

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

interface Timing {
  label: string;
  p50: number;
  p95: number;
  note: string;
  goal?: string;
  pass?: boolean;
}

/** Authorization header for every request the benchmark makes (set in main). */
let AUTH: Record<string, string> = {};

async function timeRequests(
  url: string,
  runs = RUNS,
): Promise<{ ms: number[]; bytes: number; body: string; total: string | null }> {
  for (let i = 0; i < WARMUPS; i++) await (await fetch(url, { headers: AUTH })).text();
  const ms: number[] = [];
  let body = '';
  let total: string | null = null;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: AUTH });
    body = await res.text();
    ms.push(performance.now() - t);
    total = res.headers.get('x-total-count');
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
  }
  return { ms, bytes: Buffer.byteLength(body), body, total };
}

async function startServer(): Promise<ChildProcess> {
  if (flag('build') || !fs.existsSync('.next/BUILD_ID')) {
    console.log('building (next build)…');
    const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (r.status !== 0)
      throw new Error('next build failed; fix the build (or build with `npm run build`) and rerun');
  }
  const child = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-p', String(PORT), '-H', '127.0.0.1'],
    {
      env: {
        ...process.env,
        DATABASE_URL: `file:${DB_FILE}`,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log}`);
    try {
      if (
        (
          await fetch(`http://127.0.0.1:${PORT}/api/v1/findings?state=open&severity=critical`, {
            headers: AUTH,
          })
        ).ok
      )
        return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`next start did not answer within 60 s:\n${log}`);
}

async function fleetInteractive(runs = 5): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const out: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      // A fresh context each time: no cached scripts, like a first visit.
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
        extraHTTPHeaders: AUTH,
      });
      const page = await context.newPage();
      // "Interactive": the fleet controls have hydrated (their effect marks the form ready).
      await page.addInitScript(() => {
        const w = window as unknown as { __interactiveAt?: number };
        new MutationObserver((_, obs) => {
          if (document.querySelector('form[data-ready="true"]')) {
            w.__interactiveAt = performance.now();
            obs.disconnect();
          }
        }).observe(document, {
          subtree: true,
          childList: true,
          attributes: true,
          attributeFilter: ['data-ready'],
        });
      });
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForSelector('form[data-ready="true"]', { timeout: 30_000 });
      const at = await page.evaluate(
        () => (window as unknown as { __interactiveAt?: number }).__interactiveAt ?? NaN,
      );
      if (i > 0) out.push(at); // the first visit warms the server's caches
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

// ---------- main ----------

async function main(): Promise<void> {
  const loadAtStart = os.loadavg();
  let meta: SeedMeta;
  const reuse = !flag('reseed') && fs.existsSync(DB_FILE) && fs.existsSync(SEED_META);
  if (reuse) {
    meta = JSON.parse(fs.readFileSync(SEED_META, 'utf8')) as SeedMeta;
    console.log(`reusing ${DB_FILE} seeded ${meta.seededAt} (--reseed to seed again)`);
    freshen();
  } else {
    console.log(`seeding ${HOSTS} hosts × ${GUESTS_PER_HOST} guests × ${DAYS} days of 1-minute samples…`);
    meta = await seed();
  }
  console.log(
    `seed: ${meta.samples.toLocaleString('en')} samples, ${meta.rollups.toLocaleString('en')} rollups in ${(meta.seedMs / 1000).toFixed(1)} s`,
  );
  if (flag('seed-only')) return; // seed outside the lock that guards .next and the e2e port

  const guest = guestName(0, 3); // a legacy guest: its chart has real variation
  const to = Date.now();
  const from = to - 30 * DAY;

  // The chart query in-process, through the same Prisma client the server uses.
  const db = getDb(`file:${DB_FILE}`);
  for (let i = 0; i < 3; i++) await getSampleSeries(db, guest, { from: new Date(from), to: new Date(to) });
  const queryMs: number[] = [];
  let points = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const s = await getSampleSeries(db, guest, { from: new Date(from), to: new Date(to) });
    queryMs.push(performance.now() - t);
    points = s?.points.length ?? 0;
  }
  // Every page and API call needs an identity: a read token of a bench user (lib/auth).
  AUTH = await benchAuthHeaders(db);
  await closeDb();

  const server = await startServer();
  const results: Timing[] = [];
  try {
    const base = `http://127.0.0.1:${PORT}`;
    const api = await timeRequests(`${base}/api/v1/targets`);
    const targets = (JSON.parse(api.body) as unknown[]).length;
    const total = Number(api.total ?? targets);
    // By name, a 10,000-target bench fleet's first page is its 500 hosts: 19 domains of observation each.
    const apiByName = await timeRequests(`${base}/api/v1/targets?sort=name`);
    const page = await timeRequests(`${base}/`);
    const lastPage = await timeRequests(`${base}/?page=${Math.ceil(total / 100)}`);
    const chart = await timeRequests(`${base}/api/v1/targets/${guest}/samples?from=${from}&to=${to}`);
    const apiPoints = (JSON.parse(chart.body) as { points: unknown[] }).points.length;
    const interactive = await fleetInteractive();
    const row = (
      label: string,
      ms: number[],
      note: string,
      goal?: { text: string; limit: number; by: 'p95' | 'p50' },
    ): Timing => {
      const p50 = percentile(ms, 50);
      const p95 = percentile(ms, 95);
      return {
        label,
        p50,
        p95,
        note,
        goal: goal?.text,
        pass: goal ? (goal.by === 'p95' ? p95 : p50) <= goal.limit : undefined,
      };
    };
    results.push(
      row(
        'GET /api/v1/targets',
        api.ms,
        `${targets} of ${total} targets (default page), ${(api.bytes / 1024).toFixed(0)} KiB`,
        {
          text: `p95 ≤ ${GOALS.fleetApiP95Ms} ms`,
          limit: GOALS.fleetApiP95Ms,
          by: 'p95',
        },
      ),
      row(
        'GET /api/v1/targets?sort=name',
        apiByName.ms,
        `${(JSON.parse(apiByName.body) as unknown[]).length} of ${total} targets, ${(apiByName.bytes / 1024).toFixed(0)} KiB`,
        { text: `p95 ≤ ${GOALS.fleetApiP95Ms} ms`, limit: GOALS.fleetApiP95Ms, by: 'p95' },
      ),
      row('GET / (fleet page, HTML)', page.ms, `${(page.bytes / 1024).toFixed(0)} KiB`),
      row('GET /?page=last (fleet page, HTML)', lastPage.ms, `${(lastPage.bytes / 1024).toFixed(0)} KiB`),
      row('GET …/samples (30 d chart, API)', chart.ms, `${apiPoints} points`, {
        text: `p95 ≤ ${GOALS.chartMs} ms, ≤ ${GOALS.chartPoints} points`,
        limit: GOALS.chartMs,
        by: 'p95',
      }),
      row('getSampleSeries (30 d, query)', queryMs, `${points} points, hourly rollups`, {
        text: `p95 ≤ ${GOALS.chartMs} ms`,
        limit: GOALS.chartMs,
        by: 'p95',
      }),
      row(
        'Fleet interactive (Chromium)',
        interactive,
        `${interactive.length} cold visits, navigation → controls hydrated`,
        {
          text: `p50 ≤ ${GOALS.fleetInteractiveMs} ms`,
          limit: GOALS.fleetInteractiveMs,
          by: 'p50',
        },
      ),
    );
    if (apiPoints > GOALS.chartPoints || points > GOALS.chartPoints) results[4]!.pass = false;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  report(meta, results, loadAtStart, os.loadavg());
}

function report(meta: SeedMeta, results: Timing[], loadStart: number[], loadEnd: number[]): void {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const lines = [
    '| measurement | p50 ms | p95 ms | goal | pass | notes |',
    '|---|---:|---:|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.label} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${r.goal ?? '—'} | ${r.pass === undefined ? '—' : r.pass ? 'yes' : '**no**'} | ${r.note} |`,
    ),
  ];
  const seedLine =
    `Seed: ${meta.hosts} hosts, ${meta.guests} guests, ${meta.days} days at 1-minute intervals = ` +
    `${meta.samples.toLocaleString('en')} samples + ${meta.rollups.toLocaleString('en')} hourly rollups, ` +
    `${(meta.bytes / 1024 ** 3).toFixed(2)} GiB, seeded in ${(meta.seedMs / 1000).toFixed(1)} s ` +
    `(migrations ${meta.migrateMs} ms; raw better-sqlite3, one transaction, one prepared statement, WAL, synchronous=OFF).`;
  const load = `load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} → ${loadEnd.map((l) => l.toFixed(1)).join(' ')}`;
  console.log(`\n${seedLine}\n${load}\n\n${lines.join('\n')}\n`);
  const md = [
    '# UI benchmark (`npm run bench:ui`)',
    '',
    `Run ${new Date().toISOString()} on ${process.platform} ${process.arch}, Node ${process.version}, ${os.availableParallelism()} cores ` +
      `shared with other work (load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at start, ` +
      `${loadEnd.map((l) => l.toFixed(1)).join(' ')} at the end). Each server timing is ${RUNS} sequential ` +
      `requests after ${WARMUPS} warm-up requests, ` +
      'measured by the client over loopback (request sent → body fully read), against `next start` (production build).',
    '',
    seedLine,
    '',
    ...lines,
    '',
    'How the targets are met: the fleet reads one row per target (latest poll denormalised on Target, two ' +
      'fields of each observation extracted by `json_extract` inside SQLite), open findings with one GROUP BY, and ' +
      'the sparklines from hourly rollups driven from Target so SQLite seeks the (targetId, bucket) primary key per ' +
      'target; the 30-day chart reads ~720 hourly rollup rows instead of 43,200 samples; the fleet sparklines are ' +
      'server-rendered SVG, not 500 Recharts instances, so the browser hydrates only the small client leaves.',
    '',
  ].join('\n');
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, md);
  console.log(`written to ${REPORT}`);
  if (results.some((r) => r.pass === false)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
