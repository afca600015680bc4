// npm test: every suite — typecheck, lint, unit, integration (SQLite), integration-pg, e2e — then one line "N passed, N failed".
// Missing Debian tools are installed when running as root; otherwise we stop with the exact apt-get
// line. No suite is ever skipped because a tool is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingPackages } from './test-deps';

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  note?: string;
  /** Each failed test's name and the first line of its error, repeated at the very end of the run. */
  failures?: string[];
  /** Tests that failed, then passed on CI's one retry: counted as passed, named at the end. */
  flaky?: string[];
}

const only = process.argv.slice(2);
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-test-'));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : '1' };

ensureDebianPackages();

const suites: { name: string; run: () => SuiteResult }[] = [
  { name: 'typecheck', run: () => step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']) },
  { name: 'lint', run: () => lint() },
  { name: 'unit', run: () => vitest('unit') },
  { name: 'integration', run: () => vitest('integration') },
  // The database suites again on PostgreSQL (one cluster for the run; vitest.config.ts says which and why).
  { name: 'integration-pg', run: () => vitest('integration-pg') },
  { name: 'e2e', run: () => e2e() },
];

const results: SuiteResult[] = [];
for (const s of suites) {
  if (only.length > 0 && !only.includes(s.name)) continue;
  console.log(`\n=== ${s.name} ===`);
  const t0 = Date.now();
  const r = s.run();
  results.push(r);
  console.log(
    `=== ${s.name}: ${r.passed} passed, ${r.failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)${r.note ? ` — ${r.note}` : ''}`,
  );
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('');
for (const r of results)
  console.log(
    `  ${r.failed > 0 ? 'FAIL' : 'ok  '} ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed`,
  );
// CI keeps only the tail of a run: name every failed test there, so a red run says what to look at.
const failures = results.flatMap((r) => (r.failures ?? []).map((f) => `  ${r.name}: ${f}`));
const flaky = results.flatMap((r) => (r.flaky ?? []).map((f) => `  ${r.name}: ${f}`));
if (flaky.length > 0)
  console.log(['flaky tests (failed, then passed on retry):', ...flaky.slice(0, 20)].join('\n'));
if (failures.length > 0) console.log(['failed tests:', ...failures.slice(0, 20)].join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return r.status ?? 1;
}

/** A suite that is one check (typecheck, lint): 1 passed or 1 failed. */
function step(name: string, cmd: string, args: string[]): SuiteResult {
  const code = run(cmd, args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
}

function lint(): SuiteResult {
  const eslint = run('npx', ['eslint', '.']);
  const prettier = run('npx', ['prettier', '--check', '.']);
  return {
    name: 'lint',
    passed: (eslint === 0 ? 1 : 0) + (prettier === 0 ? 1 : 0),
    failed: (eslint ? 1 : 0) + (prettier ? 1 : 0),
  };
}

function vitest(project: string): SuiteResult {
  const file = path.join(out, `${project}.json`);
  const flakyFile = path.join(out, `${project}.flaky.txt`);
  const code = run(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      '--reporter=./test/support/flaky-reporter.ts',
      `--outputFile.json=${file}`,
    ],
    { EW_FLAKY_FILE: flakyFile },
  );
  const flaky = readLines(flakyFile);
  const counts = readJson<VitestReport>(file);
  if (!counts) return { name: project, passed: 0, failed: 1, note: `vitest exited ${code} without a report` };
  // A crashed file (import error) shows as a non-zero exit with no failed test: count it.
  const extra = code !== 0 && counts.numFailedTests === 0 ? 1 : 0;
  return {
    name: project,
    passed: counts.numPassedTests,
    failed: counts.numFailedTests + extra,
    failures: vitestFailures(counts),
    flaky,
    note: flaky.length > 0 ? `${flaky.length} flaky (passed on retry)` : undefined,
  };
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTests: number;
  testResults?: {
    name: string;
    status: string;
    message?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

function vitestFailures(report: VitestReport): string[] {
  const out: string[] = [];
  for (const file of report.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    const failed = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    for (const a of failed) out.push(`${where} › ${a.fullName} — ${firstLine(a.failureMessages?.[0])}`);
    if (failed.length === 0 && file.status === 'failed') out.push(`${where} — ${firstLine(file.message)}`);
  }
  return out;
}

interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: {
    title: string;
    line?: number;
    tests: { status: string; results: { error?: { message?: string } }[] }[];
  }[];
  suites?: PlaywrightSuite[];
}

function playwrightTests(suites: PlaywrightSuite[], status: string, file = ''): string[] {
  return suites.flatMap((s) => [
    ...(s.specs ?? []).flatMap((spec) =>
      spec.tests
        .filter((t) => t.status === status)
        .map((t) => {
          const err = t.results.map((r) => r.error?.message).find(Boolean);
          return `${s.file ?? file}:${spec.line ?? ''} › ${spec.title} — ${firstLine(err)}`;
        }),
    ),
    ...playwrightTests(s.suites ?? [], status, s.file ?? file),
  ]);
}

function firstLine(text: string | undefined): string {
  const line =
    (text ?? '')
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}

function e2e(): SuiteResult {
  // The specs drive the production build, as users get it.
  if (run('npx', ['next', 'build']) !== 0)
    return { name: 'e2e', passed: 0, failed: 1, note: 'next build failed' };
  const file = path.join(out, 'e2e.json');
  const code = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  });
  const report = readJson<{
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    suites?: PlaywrightSuite[];
  }>(file);
  if (!report)
    return { name: 'e2e', passed: 0, failed: 1, note: `playwright exited ${code} without a report` };
  const s = report.stats;
  const failed = s.unexpected + (code !== 0 && s.unexpected === 0 ? 1 : 0);
  return {
    name: 'e2e',
    passed: s.expected + s.flaky,
    failed,
    failures: playwrightTests(report.suites ?? [], 'unexpected'),
    flaky: playwrightTests(report.suites ?? [], 'flaky'),
    note:
      [s.flaky ? `${s.flaky} flaky (passed on retry)` : '', s.skipped ? `${s.skipped} skipped` : '']
        .filter(Boolean)
        .join(', ') || undefined,
  };
}

function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function ensureDebianPackages() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const line = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(
      `The tests need Debian packages that are missing: ${missing.join(', ')}.\nRun as root:\n  sudo sh -c '${line}'`,
    );
    process.exit(1);
  }
  console.log(`installing missing Debian packages: ${missing.join(' ')}`);
  const r = spawnSync('sh', ['-c', line], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0 || missingPackages().length > 0) {
    console.error(`entropy-watch: could not install ${missingPackages().join(', ')}; run: ${line}`);
    process.exit(1);
  }
}
