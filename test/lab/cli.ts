// Starts a lab and keeps it up until Ctrl-C (or SIGTERM):
//   npx tsx test/lab/cli.ts --scenario full|healthy|bench [--targets N] [--dir DIR] [--json]
// The first line printed is `inventory: PATH` (with --json: one JSON line describing the lab), so a
// script can start it in the background and read where the inventory is.
import { parseArgs } from 'node:util';
import { startLab } from './lab';
import { benchLabSpec, fullLabExpected, fullLabSpec, healthyLabScenario, toLabSpec } from './scenarios';
import type { Lab, LabSpec } from './types';

const USAGE =
  'usage: npx tsx test/lab/cli.ts --scenario full|healthy|bench [--targets N (bench, default 200)] [--dir DIR] [--json]';

function specFor(scenario: string, targets: string | undefined): LabSpec {
  if (targets !== undefined && scenario !== 'bench')
    throw new Error('--targets only applies to --scenario bench');
  switch (scenario) {
    case 'full':
      return fullLabSpec();
    case 'healthy':
      return toLabSpec(healthyLabScenario());
    case 'bench': {
      const n = Number(targets ?? 200);
      if (!Number.isInteger(n) || n < 1)
        throw new Error(`--targets must be a whole number ≥ 1, got "${targets}"`);
      return benchLabSpec(n);
    }
    default:
      throw new Error(`unknown scenario "${scenario}": use full, healthy or bench`);
  }
}

function describeLab(lab: Lab, scenario: string, ms: number): string {
  const rows = [...lab.targets.values()].map((t) =>
    [
      t.name.padEnd(20),
      t.kind.padEnd(6),
      String(t.port).padEnd(6),
      String(t.pid ?? 'stopped').padEnd(8),
      t.behavior,
    ].join(' '),
  );
  const first = [...lab.targets.values()].find((t) => t.pid !== null);
  return [
    `inventory: ${lab.inventoryPath}`,
    `Entropy Watch lab "${scenario}": ${lab.targets.size} targets up in ${(ms / 1000).toFixed(1)} s`,
    `  dir          ${lab.dir}`,
    `  known_hosts  ${lab.knownHostsPath}`,
    `  client key   ${lab.clientKeyPath}`,
    '',
    `  ${'NAME'.padEnd(20)} ${'KIND'.padEnd(6)} ${'PORT'.padEnd(6)} ${'PID'.padEnd(8)} BEHAVIOR`,
    ...rows.map((r) => `  ${r}`),
    '',
    ...(first
      ? [
          `Log in: ssh -i ${lab.clientKeyPath} -o UserKnownHostsFile=${lab.knownHostsPath} -p ${first.port} root@127.0.0.1`,
        ]
      : []),
    ...(scenario === 'full'
      ? [
          'Expected findings after 3 collector cycles:',
          ...fullLabExpected.map(([t, r]) => `  ${t.padEnd(20)} ${r}`),
        ]
      : []),
    'Ctrl-C stops the lab and removes its directory.',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      targets: { type: 'string' },
      dir: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.scenario) throw new Error(`--scenario is required\n${USAGE}`);
  const spec = specFor(values.scenario, values.targets);
  const started = Date.now();
  const lab = await startLab(spec, values.dir ? { dir: values.dir } : {});
  const shutdown = (signal: string) => {
    console.error(`\n${signal}: stopping the lab...`);
    lab.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => shutdown(signal));
  if (values.json) {
    const { dir, inventoryPath, knownHostsPath, clientKeyPath } = lab;
    console.log(
      JSON.stringify({
        dir,
        inventoryPath,
        knownHostsPath,
        clientKeyPath,
        targets: [...lab.targets.values()],
      }),
    );
  } else {
    console.log(describeLab(lab, values.scenario, Date.now() - started));
  }
  // Stay alive until a signal arrives.
  setInterval(() => undefined, 1 << 30);
}

main().catch((e: unknown) => {
  console.error(`lab: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
