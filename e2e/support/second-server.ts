import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

// Extra dashboard processes for specs that need a server configured differently from the suite's one
// (auth-proxy mode, a fresh database for first-start setup). Each is stopped by its own PID.

export interface Spawned {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `node --import tsx SCRIPT ...args` with env; output is collected for the spec to read. */
export function spawnScript(script: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return {
    child,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // The whole process group: start.ts runs serve.ts as a child.
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          resolve();
        }
      }),
  };
}

/** Resolves once `text` (a regexp) appears in the output; rejects on exit or after timeoutMs. */
export async function waitForOutput(
  s: Spawned,
  pattern: RegExp,
  timeoutMs = 120_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(s.output());
    if (m) return m;
    if (s.child.exitCode !== null) throw new Error(`process exited (${s.child.exitCode}):\n${s.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether a TCP connection to host:port is accepted (from localAddress when given). */
export function canConnect(host: string, port: number, localAddress?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
