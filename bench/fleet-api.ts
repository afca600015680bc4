// npm run bench:fleet-api -- [--db bench/out/ui-bench-500x19x1d.db] [--old <git rev>] [--runs 20] [--limit 500]
//   [--query 'sort=name&status=unhealthy'] (more parameters of the request)
//
// GET /api/v1/targets in-process, OLD and NEW in one run on one seeded database: the route handler of
// this checkout (NEW) and the one of commit --old (OLD: its lib/ extracted under bench/out/, as
// bench:probe-cost does), called alternately with the same bench read token, so both see the same
// machine load. No server, no build, no port: the handler's own time (auth, queries, ordering, page
// read, masking) plus JSON serialisation of the body. Seed the database first with
// `npm run bench:ui -- --hosts 500 --guests 19 --days 1 --seed-only` (10,000 targets). Prints p50/p95
// of each and whether both answered the same body (poll ages left out: the clock moves between calls).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveRev } from './probe-cost-old';

type Handler = (request: Request) => Promise<Response>;

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
function opt(name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const v = args[at + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
}
function whole(name: string, fallback: number, max: number): number {
  const n = Number(opt(name, String(fallback)));
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`--${name} takes a whole number from 1 to ${max}, got "${opt(name, '')}"`);
  return n;
}

/** The commit before the fleet API's hot spots were cut (issue 14). */
const OLD_REV = '631f9ee7b8a1393c050ebaf18266c8b61d6c89f6';
const DB_FILE = path.resolve(opt('db', 'bench/out/ui-bench-500x19x1d.db'));
const RUNS = whole('runs', 20, 500);
const LIMIT = whole('limit', 500, 1000);
const QUERY = opt('query', '');

/** The route handler GET of commit `rev`, from its lib/ extracted under bench/out/. */
async function oldHandler(rev: string): Promise<Handler> {
  const dir = path.join(ROOT, 'bench/out', `fleet-api-at-${rev.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'lib/http/endpoints/targets.ts'))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', rev, 'lib'], {
      cwd: ROOT,
      maxBuffer: 256 << 20,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  // The generated Prisma clients are not in git: the old lib/ uses this checkout's (same schema).
  for (const gen of ['generated', 'generated-postgresql']) {
    const link = path.join(dir, 'lib/db', gen);
    if (!fs.existsSync(link) && fs.existsSync(path.join(ROOT, 'lib/db', gen)))
      fs.symlinkSync(path.join(ROOT, 'lib/db', gen), link);
  }
  const mod = (await import(pathToFileURL(path.join(dir, 'lib/http/endpoints/targets.ts')).href)) as {
    GET?: Handler;
  };
  if (typeof mod.GET !== 'function')
    throw new Error(`commit ${rev} has no GET in lib/http/endpoints/targets.ts`);
  return mod.GET;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** The body without poll ages (they move with the wall clock between two calls). */
function comparable(body: string): string {
  const rows = JSON.parse(body) as { lastPoll?: { ageSeconds?: unknown } }[];
  for (const r of rows) if (r.lastPoll) delete r.lastPoll.ageSeconds;
  return JSON.stringify(rows);
}

async function main(): Promise<void> {
  if (!fs.existsSync(DB_FILE))
    throw new Error(
      `${DB_FILE} does not exist: seed it with npm run bench:ui -- --hosts 500 --guests 19 --days 1 --seed-only`,
    );
  process.env.DATABASE_URL = `file:${DB_FILE}`;
  const rev = resolveRev(ROOT, opt('old', OLD_REV));
  const { getDb, closeDb } = await import('../lib/db/client');
  const { benchAuthHeaders } = await import('./bench-auth');
  const { GET } = await import('../lib/http/endpoints/targets');
  const handlers: [string, Handler][] = [
    [`OLD ${rev.slice(0, 12)}`, await oldHandler(rev)],
    ['NEW (this checkout)', GET],
  ];
  const auth = await benchAuthHeaders(getDb());
  const url = `http://bench.invalid/api/v1/targets?limit=${LIMIT}${QUERY ? `&${QUERY}` : ''}`;
  const call = async (h: Handler) => {
    const t = performance.now();
    const res = await h(new Request(url, { headers: auth }));
    const body = await res.text();
    const ms = performance.now() - t;
    if (!res.ok) throw new Error(`answered ${res.status}: ${body.slice(0, 300)}`);
    return { ms, body, total: res.headers.get('x-total-count') };
  };
  const load = os.loadavg()[0]!;
  for (let i = 0; i < 3; i++) for (const [, h] of handlers) await call(h);
  const ms = handlers.map(() => [] as number[]);
  const last: { body: string; total: string | null }[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first so neither always runs on a warmer cache.
    const order = i % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) {
      const r = await call(handlers[k]![1]);
      ms[k]!.push(r.ms);
      last[k] = r;
    }
  }
  console.log(
    `GET /api/v1/targets?limit=${LIMIT}${QUERY ? `&${QUERY}` : ''} in-process on ${path.relative(ROOT, DB_FILE)}, ${RUNS} calls each after 3 warm-ups, alternating; load average ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
  );
  handlers.forEach(([label], k) => {
    const b = last[k]!;
    console.log(
      `${label.padEnd(22)} p50 ${percentile(ms[k]!, 50).toFixed(1).padStart(7)} ms  p95 ${percentile(ms[k]!, 95).toFixed(1).padStart(7)} ms  ` +
        `${(JSON.parse(b.body) as unknown[]).length} of ${b.total} targets, ${(Buffer.byteLength(b.body) / 1024).toFixed(0)} KiB`,
    );
  });
  const same = comparable(last[0]!.body) === comparable(last[1]!.body);
  console.log(
    `same body (poll ages aside): ${same ? 'yes' : 'NO'}; p95 ≤ 150 ms (NEW): ${percentile(ms[1]!, 95) <= 150 ? 'met' : 'not met'}`,
  );
  await closeDb();
  if (!same) process.exitCode = 1;
}

await main();
