// The simulated fleet spread over child processes (bench/sim-fleet-child.ts). One process per
// TARGETS_PER_PROCESS targets keeps each below its open-file limit: a target holds a listening
// socket and, while the collector keeps its connection, an accepted one (10,000 targets in one
// process would need over 20,000 descriptors).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SIM_READY_MARKER, type SimTarget } from './sim-fleet';

const TARGETS_PER_PROCESS = 3999; // a multiple of 3: a host and its two guests stay in one process

export interface SimFleetProcesses {
  targets: SimTarget[];
  pids: number[];
  stop(): Promise<void>;
}

function startSlice(first: number, count: number): Promise<{ child: ChildProcess; targets: SimTarget[] }> {
  const script = path.join(import.meta.dirname, 'sim-fleet-child.ts');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, '--first', String(first), '--count', String(count)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith(SIM_READY_MARKER));
      if (line && out.includes('\n', out.indexOf(SIM_READY_MARKER))) {
        resolve({ child, targets: JSON.parse(line.slice(SIM_READY_MARKER.length)) as SimTarget[] });
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sim-fleet-child (first ${first}) exited ${code}`)));
  });
}

/** Starts `count` simulated targets over as many processes as their sockets need. */
export async function startSimFleetProcesses(count: number): Promise<SimFleetProcesses> {
  const slices: { first: number; count: number }[] = [];
  for (let first = 0; first < count; first += TARGETS_PER_PROCESS) {
    slices.push({ first, count: Math.min(TARGETS_PER_PROCESS, count - first) });
  }
  const started = await Promise.allSettled(slices.map((s) => startSlice(s.first, s.count)));
  const children = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value.child] : []));
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const force = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            c.stdin?.end();
          }),
      ),
    );
  };
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    targets: started.flatMap((r) => (r.status === 'fulfilled' ? r.value.targets : [])),
    pids: children.map((c) => c.pid!),
    stop,
  };
}
