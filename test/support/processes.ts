// Stopping the sshd processes the tests start: sshd forks one process per connection, each in its
// own session, so the listener's PID alone does not stop them.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** SIGKILL, ignoring a process that is already gone. */
export function killQuietly(pid: number | null | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Every descendant of `pid`, read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the ")" that closes the command name.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (out.push(c), walk(c)));
  walk(pid);
  return out;
}

/** Kills a process and its descendants. */
export async function stopTree(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Sessions first, so the listener can still reap them (fewer zombies left to init).
  descendants(child.pid).forEach(killQuietly);
  await new Promise((r) => setTimeout(r, 50));
  descendants(child.pid).forEach(killQuietly);
  killQuietly(child.pid);
  await exited;
}
