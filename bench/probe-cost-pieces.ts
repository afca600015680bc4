// bench:probe-cost --pieces: what single commands of the host probe cost inside the libvirt host
// (same cgroup measure as the whole probe), to show where a host poll's CPU goes.
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../lib/checks/remedy/shell-quote';
import type { Lab } from '../test/lab/types';
import { measureRun, type CpuGroup } from './probe-cost-measure';
import { spread, type Spread } from './stats';

const DEVICES = '/dev/random /dev/urandom';
const QEMU_CMDLINES = `set --; for f in /proc/[0-9]*/comm; do read -r c <"$f"; case $c in qemu-system-*|qemu-kvm*|kvm) set -- "$@" "\${f%/comm}/cmdline" ;; esac; done`;

/** Label → sh commands (URI stands for the host's libvirt URI). */
export const PIECES: readonly (readonly [string, string])[] = [
  ['sh alone', ':'],
  ['lsof -w -F pcfn (old)', `lsof -w -F pcfn ${DEVICES}`],
  ['lsof -w -X -K i -F pcfn (new)', `lsof -w -X -K i -F pcfn ${DEVICES}`],
  ['virsh list --all --uuid', 'virsh -r -c URI -q list --all --uuid'],
  [
    'virsh list + one batch of all domains',
    'L=$(virsh -r -c URI -q list --all --uuid); B=; for u in $L; do B="$B domstate $u; dumpxml --inactive $u;"; done; virsh -r -c URI "$B"',
  ],
  ['a cat per QEMU cmdline (old)', `${QEMU_CMDLINES}; for f in "$@"; do cat "$f"; done`],
  ["one grep -a -z -H '' of all (new)", `${QEMU_CMDLINES}; LC_ALL=C grep -a -z -H '' "$@"`],
  ['timeout 5 true', 'timeout 5 true'],
];

export interface PieceCost {
  piece: string;
  cpuMs: Spread;
}

/** Each piece `reps` times (after one untimed run) in `target`, output discarded. */
export async function measurePieces(
  lab: Lab,
  target: string,
  libvirtUri: string,
  group: CpuGroup,
  reps: number,
  tmp: string,
): Promise<PieceCost[]> {
  const out: PieceCost[] = [];
  for (const [i, [piece, command]] of PIECES.entries()) {
    const file = path.join(tmp, `piece-${i}.sh`);
    const body = command.replaceAll('URI', shellQuote(libvirtUri));
    fs.writeFileSync(file, `{ ${body}\n} >/dev/null 2>&1\nprintf 'EW-END\\n'\n`);
    await measureRun(lab, target, file, group);
    const cpu: number[] = [];
    for (let r = 0; r < reps; r++) cpu.push((await measureRun(lab, target, file, group)).cpuMs);
    out.push({ piece, cpuMs: spread(cpu) });
  }
  return out;
}

/** The pieces as a table. */
export function formatPieces(target: string, pieces: PieceCost[]): string {
  const w = Math.max(...pieces.map((p) => p.piece.length));
  return [
    `single commands in ${target} (CPU ms, median (min–max)):`,
    ...pieces.map(
      (p) =>
        `  ${p.piece.padEnd(w)}  ${p.cpuMs.median.toFixed(1)} (${p.cpuMs.min.toFixed(1)}–${p.cpuMs.max.toFixed(1)})`,
    ),
  ].join('\n');
}
