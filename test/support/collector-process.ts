// `npm run collect` as real processes for the fault tests: spawned with tsx, their output captured,
// stopped with SIGKILL (a crash) or SIGTERM (a clean stop).
import { spawn, type ChildProcess } from 'node:child_process';

export interface CollectorProcess {
  child: ChildProcess;
  /** stdout and stderr so far, in arrival order */
  output(): string;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
}

/** Starts `scripts/collect.ts` with `args` on DATABASE_URL `databaseUrl`. */
export function spawnCollect(
  args: string[],
  databaseUrl: string,
  env: Record<string, string> = {},
): CollectorProcess {
  const clean = { ...process.env };
  delete clean.ENTROPY_WATCH_CONFIG;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/collect.ts', ...args], {
    env: { ...clean, DATABASE_URL: databaseUrl, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => chunks.join(''), exited };
}

/** SIGKILL now, then wait for the exit. */
export async function killHard(p: CollectorProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

/** Polls `check` every 50 ms until it is true; throws naming `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
