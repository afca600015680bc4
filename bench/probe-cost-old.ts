// The probe as another commit generated it: lib/ of that commit is extracted under bench/out/ (so
// its imports resolve to this checkout's node_modules) and its buildProbeScript is imported as is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { buildProbeScript } from '../lib/probe/script';

export type BuildProbeScript = typeof buildProbeScript;

/** The commit whose probe bench:probe-cost calls OLD by default: the last one before the cost cuts. */
export const OLD_PROBE_REV = 'ac97afb30626e47995474c395a9d643e1f5702d0';

/** Resolves `rev` to a full hash; the error says how to fix a revision git does not know. */
export function resolveRev(root: string, rev: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error(
      `--old ${rev}: git in ${root} knows no such commit (give a hash or ref of this repository)`,
    );
  }
}

/** buildProbeScript of commit `rev` (a full hash). */
export async function loadProbeBuilder(root: string, rev: string): Promise<BuildProbeScript> {
  const dir = path.join(root, 'bench/out', `probe-at-${rev.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'lib/probe/script.ts'))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', rev, 'lib'], {
      cwd: root,
      maxBuffer: 256 << 20,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  const mod = (await import(pathToFileURL(path.join(dir, 'lib/probe/script.ts')).href)) as {
    buildProbeScript?: BuildProbeScript;
  };
  if (typeof mod.buildProbeScript !== 'function') {
    throw new Error(`commit ${rev} has no buildProbeScript in lib/probe/script.ts`);
  }
  return mod.buildProbeScript;
}
