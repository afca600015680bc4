// One slice of the simulated fleet in its own process, so that no process holds more sockets than its
// open-file limit allows (a target costs a listening socket plus the collector's connection).
//   node --import tsx bench/sim-fleet-child.ts --first 0 --count 4000
// Prints SIM_READY_MARKER + the targets as JSON on stdout once every server listens; stops when stdin
// closes (the parent ended or died).
import { parseArgs } from 'node:util';
import { SIM_READY_MARKER, SimFleet } from './sim-fleet';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { first: { type: 'string', default: '0' }, count: { type: 'string' } },
    strict: true,
  });
  const first = Number(values.first);
  const count = Number(values.count);
  if (!Number.isInteger(first) || first < 0 || !Number.isInteger(count) || count < 1) {
    throw new Error(
      `--first takes a whole number ≥ 0 and --count one ≥ 1, got ${values.first}, ${values.count}`,
    );
  }
  const fleet = await SimFleet.start(count, first);
  process.stdout.write(`${SIM_READY_MARKER}${JSON.stringify(fleet.targets)}\n`);
  const stop = () => void fleet.stop().finally(() => process.exit(0));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sim-fleet-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
