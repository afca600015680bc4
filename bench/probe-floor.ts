// The probe's own run time inside a target, without SSH (nsenter into its namespaces): the floor
// under any transport, since a cycle cannot end before its slowest target's probe has.
import type { SshTargetConfig } from '../lib/inventory/types';
import { buildProbeScript } from '../lib/probe/script';
import type { Lab } from '../test/lab/types';
import { spread, type Spread } from './stats';

export interface ProbeFloor {
  target: string;
  kind: string;
  /** size of the probe's report (a host's grows with its domains) */
  outputBytes: number;
  ms: Spread;
}

/**
 * Runs the probe on every target at once (`parallel` at a time) through nsenter, with no SSH at all:
 * the wall time no transport can beat on this machine while the lab shares its cores.
 */
export async function measureFleetFloor(
  lab: Lab,
  targets: SshTargetConfig[],
  parallel: number,
): Promise<number> {
  const queue = [...targets];
  const failed: string[] = [];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const res = await lab.exec(t.name, buildProbeScript({ kind: t.kind, libvirtUri: t.libvirtUri }));
      if (res.code !== 0 || !res.stdout.trimEnd().endsWith('EW-END')) failed.push(t.name);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(parallel, targets.length) }, worker));
  const wallMs = performance.now() - t0;
  if (failed.length > 0) throw new Error(`fleet floor: the probe failed on ${failed.join(', ')}`);
  return wallMs;
}

/** Runs the probe `rounds` times, one after another, on the first host and the first guest. */
export async function measureProbeFloor(
  lab: Lab,
  targets: SshTargetConfig[],
  rounds = 3,
): Promise<ProbeFloor[]> {
  const picks = [targets.find((t) => t.kind === 'host'), targets.find((t) => t.kind === 'guest')];
  const out: ProbeFloor[] = [];
  for (const t of picks) {
    if (!t) continue;
    const script = buildProbeScript({ kind: t.kind, libvirtUri: t.libvirtUri });
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      const res = await lab.exec(t.name, script);
      times.push(performance.now() - t0);
      if (res.code !== 0 || !res.stdout.trimEnd().endsWith('EW-END')) {
        throw new Error(`probe floor: ${t.name} exited ${res.code}: ${res.stderr.trim().slice(0, 300)}`);
      }
      bytes = res.stdout.length;
    }
    out.push({ target: t.name, kind: t.kind, outputBytes: bytes, ms: spread(times) });
  }
  return out;
}
