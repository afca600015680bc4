import { spawn } from 'node:child_process';
import { classifyExit, formatBytes } from './classify';
import { OutputCollector } from './output';
import type { ExecResult, Transport } from './types';

/** Runs scripts on this machine with `/bin/sh -s` (kind "local"), under the same budget and output cap as SSH. */
export function createLocalTransport(): Transport {
  return {
    run(target, script, { timeoutMs, maxBytes }) {
      const t0 = performance.now();
      const durationMs = () => Math.round(performance.now() - t0);
      return new Promise<ExecResult>((resolve) => {
        let settled = false;
        const finish = (result: ExecResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(result);
        };
        // Own process group, so a timeout also kills what the script started (lsof, virsh...).
        const child = spawn('/bin/sh', ['-s'], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
        const killGroup = () => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        };
        const output = new OutputCollector(maxBytes, () => {
          killGroup();
          finish({
            ok: false,
            status: 'probe-failed',
            error: `probe output exceeded ${formatBytes(maxBytes)}`,
            durationMs: durationMs(),
          });
        });
        const timer = setTimeout(() => {
          killGroup();
          finish({
            ok: false,
            status: 'timeout',
            error: `probe on ${target.name} (this machine) did not finish within ${timeoutMs / 1000}s; it was killed`,
            durationMs: durationMs(),
          });
        }, timeoutMs);
        child.stdout.on('data', output.stdout);
        child.stderr.on('data', output.stderr);
        // The script may exit before reading all of stdin; that EPIPE is not a failure.
        child.stdin.on('error', () => {});
        child.on('error', (err) =>
          finish({
            ok: false,
            status: 'probe-failed',
            error: `cannot start /bin/sh: ${err.message}`,
            durationMs: durationMs(),
          }),
        );
        child.on('close', (code, signal) => {
          if (output.overflowed) return;
          const out = { ...output.text(), exitCode: code, signal };
          const failed = classifyExit(out, 'this machine');
          if (failed) return finish({ ok: false, ...failed, durationMs: durationMs() });
          finish({
            ok: true,
            stdout: out.stdout,
            stderr: out.stderr,
            exitCode: code,
            durationMs: durationMs(),
          });
        });
        child.stdin.end(script);
      });
    },
    retain() {},
    async close() {},
  };
}
