// /metrics scraped by a real Prometheus: the collector polls a small lab (a legacy KVM host and a
// legacy guest) through real sshd, the GET /metrics route handler is served on a loopback port, and
// Prometheus (Debian's package, started here) scrapes it; PromQL then reads the guest's entropy.
// promtool checks the exposition against Prometheus' own naming and format rules.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import { healthyDomain, toLabSpec, urandomHolder } from '../../test/lab/scenario-model';
import type { Lab } from '../../test/lab/types';
import { PROMTOOL_BIN, startPrometheus, type TestPrometheus } from '../../test/support/prometheus';
import { startCollector } from '../collector/service';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { loadInventory } from '../inventory/load';
import { createToken } from '../auth/tokens';
import { addUser } from '../auth/users';

const HOST = 'kvm-old';
const GUEST = 'el7-legacy';

let lab: Lab | undefined;
let t: TestDb | undefined;
let server: http.Server | undefined;
let prometheus: TestPrometheus | undefined;
let scrapeTarget = '';
let token = '';

beforeAll(async () => {
  t = await freshDb('ew-metrics-');
  process.env.DATABASE_URL = t.url;
  lab = await startLab(
    toLabSpec({
      hosts: [
        {
          name: HOST,
          kernelRelease: '4.19.0-26-amd64',
          poolsize: 4096,
          entropyAvail: 60,
          domains: [healthyDomain(GUEST)],
          holders: [urandomHolder(GUEST)],
          guests: [
            {
              name: GUEST,
              kernelRelease: '3.10.0-1160.el7.x86_64',
              poolsize: 4096,
              entropyAvail: 3000,
              rngQuality: null,
              osRelease: { id: 'centos', idLike: ['rhel', 'fedora'] },
            },
          ],
        },
      ],
    }),
  );
  const inventory = { ...loadInventory({ configPath: lab.inventoryPath, env: {} }), timeoutMs: 5_000 };
  const collector = await startCollector({
    db: t.db,
    inventory,
    publicUrl: 'http://ew.test',
    loop: false,
    identity: { id: 'site-a-1', site: 'site-a' },
  });
  try {
    const report = await collector.runOnce();
    expect(report.rows.map((r) => [r.target, r.status]).sort()).toEqual([
      [GUEST, 'ok'],
      [HOST, 'ok'],
    ]);
  } finally {
    await collector.stop();
  }
  // A viewer's `read` token, as a Prometheus server would be given.
  const user = await addUser(t.db, 'prometheus', 'viewer', null);
  token = (await createToken(t.db, { userId: user.id, scope: 'read', name: 'prometheus', expiresAt: null }))
    .secret;
  const { GET } = await import('../http/endpoints/metrics');
  server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    if (req.headers.authorization) headers.set('authorization', req.headers.authorization);
    void GET(new Request(`http://${req.headers.host}/metrics`, { headers })).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(await r.text());
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  scrapeTarget = `127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await lab?.stop();
  await t?.cleanup();
}, 60_000);

async function scrape(): Promise<{ contentType: string; body: string }> {
  const res = await fetch(`http://${scrapeTarget}/metrics`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  return { contentType: res.headers.get('content-type') ?? '', body: await res.text() };
}

describe('/metrics', () => {
  it('answers 401 without a token, like every other endpoint', async () => {
    const res = await fetch(`http://${scrapeTarget}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('speaks the Prometheus text format and passes promtool check metrics', async () => {
    const { contentType, body } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain(
      `entropy_watch_entropy_available_bits{target="${GUEST}",host="${HOST}",kind="guest",platform="centos"} 3000`,
    );
    expect(body).toContain(
      `entropy_watch_poolsize_bits{target="${HOST}",host="",kind="host",platform="debian"} 4096`,
    );
    expect(body).toMatch(/entropy_watch_polls_total\{status="ok",collector="site-a-1"\} 2/);
    expect(body).toMatch(/entropy_watch_cycle_duration_seconds_count\{collector="site-a-1"\} 1/);
    expect(body).toContain(
      'entropy_watch_open_findings{rule="entropy-low",severity="critical",state="alerting"} 1',
    );
    // The legacy pool says nothing about CRNG readiness, so neither target has that series.
    expect(body).not.toMatch(/^entropy_watch_crng_ready\{/m);
    const check = spawnSync(PROMTOOL_BIN, ['check', 'metrics'], { input: body, encoding: 'utf8' });
    // promtool's only remarks are its generic "bytes, not bits" unit lint on the two entropy gauges:
    // the kernel counts entropy in bits, and node_exporter names the same figures
    // node_entropy_available_bits / node_entropy_pool_size_bits (collector/entropy_linux.go).
    // Anything else (a format error, a counter without _total, a bad name) fails here.
    const remarks = (check.stdout + check.stderr).split('\n').filter(Boolean).sort();
    expect(remarks).toEqual([
      'entropy_watch_entropy_available_bits use base unit "bytes" instead of "bits"',
      'entropy_watch_poolsize_bits use base unit "bytes" instead of "bits"',
    ]);
  });

  it('is scraped by a real Prometheus, and PromQL returns the legacy guest entropy', async () => {
    prometheus = await startPrometheus({ scrapeTarget, bearerToken: token });
    const entropy = await prometheus.waitFor(`entropy_watch_entropy_available_bits{target="${GUEST}"}`);
    expect(entropy).toHaveLength(1);
    expect(entropy[0]!.metric).toMatchObject({ host: HOST, kind: 'guest', job: 'entropy-watch' });
    expect(entropy[0]!.value[1]).toBe('3000');
    const up = await prometheus.query('entropy_watch_target_up');
    expect(up.map((s) => [s.metric.target, s.value[1]]).sort()).toEqual([
      [GUEST, '1'],
      [HOST, '1'],
    ]);
    const polls = await prometheus.query('sum by (collector) (entropy_watch_polls_total)');
    expect(polls.map((s) => [s.metric.collector, s.value[1]])).toEqual([['site-a-1', '2']]);
  }, 120_000);
});
