import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localInventory } from '../inventory/load';
import { createTransport } from './index';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-local-'));
const transport = createTransport({ agentSocket: () => undefined });
const local = localInventory({ HOME: dir, USER: 'root' }).targets[0]!;
const opts = { timeoutMs: 5000, maxBytes: 256 * 1024 };

afterAll(async () => {
  await transport.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Running (a killed child whose parent died may linger as a zombie until init reaps it: that counts as dead). */
const alive = (pid: number) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('local transport (kind "local", no SSH)', () => {
  it('runs the script with /bin/sh -s on this machine', async () => {
    const res = await transport.run(
      local,
      `printf '%s\\n' "$(cat /proc/sys/kernel/hostname)"\necho warn >&2\nexit 2\n`,
      opts,
    );
    expect(res).toMatchObject({ ok: true, stdout: `${os.hostname()}\n`, stderr: 'warn\n', exitCode: 2 });
  });

  it('kills the script and what it started when the budget runs out', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const started = performance.now();
    const res = await transport.run(local, `sleep 30 &\necho $! > ${pidFile}\nwait\n`, {
      ...opts,
      timeoutMs: 800,
    });
    expect(res).toMatchObject({ ok: false, status: 'timeout' });
    // Cut at the budget, not after the 30 s sleep; the slack lets a 5x slower machine pass.
    expect(performance.now() - started).toBeLessThan(800 + 10_000);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    // The kill lands asynchronously: give it up to 10 s, not a fixed 100 ms.
    for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });

  it('stops output over the cap as probe-failed', async () => {
    expect(await transport.run(local, 'head -c 300000 /dev/zero', opts)).toMatchObject({
      ok: false,
      status: 'probe-failed',
      error: 'probe output exceeded 256 KiB',
    });
  });

  it('reports a script that fails silently as probe-failed', async () => {
    expect(await transport.run(local, 'echo "no such tool" >&2; exit 127', opts)).toMatchObject({
      ok: false,
      status: 'probe-failed',
      error:
        '/bin/sh on this machine printed nothing (exit 127): no such tool — is /bin/sh present and executable?',
    });
  });
});
