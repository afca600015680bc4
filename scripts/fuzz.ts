// npm run fuzz -- [--runs N] [--seed S] [--target NAME] [--path P] [--case-limit-ms MS]
// The long fuzz campaign over every parser boundary (test/fuzz/targets.ts): N cases in all, shared
// evenly by the targets run, with a fresh seed unless one is given. Prints cases, cases/s and the slowest case per target, and any
// failure as the exact command that replays it. Exit status 1 when any target failed.
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { escapeForbidden } from '../lib/probe/input-policy';
import { cleanUpTargets, TARGETS, type Timed } from '../test/fuzz/targets';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    target: { type: 'string', multiple: true },
    path: { type: 'string' },
    'case-limit-ms': { type: 'string', default: '5000' },
  },
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive whole number, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return n;
}

const totalRuns = positive('runs', values.runs);
const caseLimitMs = positive('case-limit-ms', values['case-limit-ms']);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const unknown = (values.target ?? []).filter((t) => !TARGETS.some((x) => x.name === t));
if (unknown.length > 0) {
  console.error(`unknown --target ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
const chosen = TARGETS.filter((t) => !values.target || values.target.includes(t.name));
const runs = Math.ceil(totalRuns / chosen.length);

let slowest = 0;
// A case over the limit fails like any broken property, so it is reported with its seed and path.
const timed: Timed =
  (check) =>
  (...args) => {
    const t0 = performance.now();
    check(...args);
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    if (ms > caseLimitMs)
      throw new Error(`one case took ${ms.toFixed(0)} ms, over the ${caseLimitMs} ms bound`);
  };

console.log(
  `fuzz campaign: ${runs} cases per target (${chosen.length} targets), seed ${seed}, case bound ${caseLimitMs} ms`,
);
let totalCases = 0;
let totalMs = 0;
let failures = 0;
for (const target of chosen) {
  slowest = 0;
  const t0 = performance.now();
  const details = fc.check(target.property(timed), { seed, numRuns: runs, path: values.path });
  const ms = performance.now() - t0;
  totalCases += details.numRuns;
  totalMs += ms;
  const rate = details.numRuns / (ms / 1000);
  console.log(
    `${target.name.padEnd(14)} ${String(details.numRuns).padStart(7)} cases ${(ms / 1000).toFixed(1).padStart(7)} s ` +
      `${rate.toFixed(0).padStart(7)} cases/s  slowest case ${slowest.toFixed(1)} ms  ${details.failed ? 'FAILED' : 'ok'}`,
  );
  if (details.failed) {
    failures++;
    const example = escapeForbidden(JSON.stringify(details.counterexample)?.slice(0, 400) ?? '');
    console.log(`  failure: ${escapeForbidden(String(details.errorInstance)).slice(0, 400)}`);
    console.log(`  counterexample: ${example}`);
    console.log(
      `  replay: npm run fuzz -- --target ${target.name} --seed ${details.seed} --path "${details.counterexamplePath}" --runs ${runs}`,
    );
  }
}
cleanUpTargets();
console.log(
  `total: ${totalCases} cases in ${(totalMs / 1000).toFixed(1)} s, ${(totalCases / (totalMs / 1000)).toFixed(0)} cases/s, failures: ${failures}`,
);
process.exit(failures > 0 ? 1 : 0);
