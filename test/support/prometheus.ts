// A real Prometheus (Debian's `prometheus` package) for tests: its own config and TSDB in a temp
// directory, listening on a loopback port, scraping the given targets every second. The caller
// stops it; stop() waits for the process to exit.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reservePort } from './ports';

export interface TestPrometheus {
  url: string;
  /** GET /api/v1/query; returns the vector result */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Polls query() until it returns at least one series or timeoutMs passes. */
  waitFor(
    promql: string,
    timeoutMs?: number,
  ): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const PROMTOOL_BIN = '/usr/bin/promtool';

/** Starts Prometheus scraping `scrapeTarget` (host:port) at `metricsPath`, with an optional bearer token. */
export async function startPrometheus(opts: {
  scrapeTarget: string;
  metricsPath?: string;
  bearerToken?: string;
}): Promise<TestPrometheus> {
  if (!fs.existsSync(PROMETHEUS_BIN)) {
    throw new Error(`${PROMETHEUS_BIN} is missing: apt-get install -y --no-install-recommends prometheus`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-prometheus-'));
  const port = await reservePort();
  const auth = opts.bearerToken
    ? `    authorization:\n      credentials: ${JSON.stringify(opts.bearerToken)}\n`
    : '';
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: entropy-watch',
      `    metrics_path: ${opts.metricsPath ?? '/metrics'}`,
      auth.trimEnd(),
      '    static_configs:',
      `      - targets: [${JSON.stringify(opts.scrapeTarget)}]`,
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n',
  );
  const log: string[] = [];
  const child: ChildProcess = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (b: Buffer) => log.push(b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Ready when /-/ready answers 200 (the TSDB is open and the scrape loop runs).
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${log.join('').slice(-2000)}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready in 60 s: ${log.join('').slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const query: TestPrometheus['query'] = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as {
      status: string;
      error?: string;
      data?: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    if (body.status !== 'success') throw new Error(`PromQL ${promql}: ${body.error ?? res.status}`);
    return body.data?.result ?? [];
  };

  return {
    url,
    query,
    async waitFor(promql, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const result = await query(promql);
        if (result.length > 0 || Date.now() > until) return result;
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    stop,
  };
}
