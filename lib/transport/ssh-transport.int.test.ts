import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../inventory/types';
import { createSshTransport, type SshTransport } from './ssh-transport';
import { generateKey } from '../../test/support/keys';
import { startTestSshd, type TestSshd } from '../../test/support/sshd';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-ssh-'));
const daemons: TestSshd[] = [];
const transports: SshTransport[] = [];
const servers: net.Server[] = [];
/** processes our scripts left running on the "remote" side (this machine) */
const remotePids: number[] = [];
let clientKey: string;
let clientPub: string;
let strangerKey: string;
let sshd: TestSshd;

const opts = { timeoutMs: 5000, maxBytes: 256 * 1024 };
let seq = 0;

async function daemon(extra: Partial<Parameters<typeof startTestSshd>[0]> = {}): Promise<TestSshd> {
  const d = await startTestSshd({
    dir: path.join(dir, `sshd-${++seq}`),
    authorizedKeys: [clientPub],
    ...extra,
  });
  daemons.push(d);
  return d;
}

function transport(): SshTransport {
  const t = createSshTransport({ agentSocket: () => undefined });
  transports.push(t);
  return t;
}

/** A known_hosts file of its own with `lines`. */
function knownHosts(...lines: string[]): string {
  const file = path.join(dir, `known_hosts-${++seq}`);
  if (lines.length) fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const pinned = (d: TestSshd) => `[127.0.0.1]:${d.port} ${d.hostPublicKey}`;
const fingerprint = (d: TestSshd) =>
  execFileSync('ssh-keygen', ['-lf', '-'], { input: d.hostPublicKey }).toString().split(' ')[1];

function target(d: { port: number }, over: Partial<SshTargetConfig> = {}): SshTargetConfig {
  return {
    name: `t-${d.port}`,
    kind: 'host',
    address: '127.0.0.1',
    port: d.port,
    user: 'root',
    identityFile: clientKey,
    knownHosts: over.knownHosts ?? knownHosts(pinned(d as TestSshd)),
    trustOnFirstUse: false,
    via: null,
    libvirtUri: null,
    domain: null,
    hostName: null,
    ...over,
  };
}

beforeAll(async () => {
  clientKey = path.join(dir, 'client');
  clientPub = await generateKey(clientKey);
  strangerKey = path.join(dir, 'stranger');
  await generateKey(strangerKey);
  sshd = await daemon();
});

afterAll(async () => {
  // Every process and socket this file started goes, whatever the tests did.
  await Promise.allSettled(transports.map((t) => t.close()));
  await Promise.allSettled(daemons.map((d) => d.stop()));
  servers.forEach((s) => s.close());
  for (const pid of remotePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ssh transport against a real sshd', () => {
  it('runs a script through /bin/sh -s and returns stdout, stderr and the exit code', async () => {
    const res = await transport().run(
      target(sshd),
      `printf '%s\\n' "it's \\"quoted\\" \\$HOME=$HOME"\nid -un\necho oops >&2\nexit 3\n`,
      opts,
    );
    expect(res).toMatchObject({
      ok: true,
      stdout: `it's "quoted" $HOME=/root\nroot\n`,
      stderr: 'oops\n',
      exitCode: 3,
    });
  });

  it('keeps one connection per target across runs, and drops it on retain()', async () => {
    const d = await daemon();
    const t = transport();
    const tgt = target(d);
    expect((await t.run(tgt, 'echo one', opts)).ok).toBe(true);
    expect((await t.run(tgt, 'echo two', opts)).ok).toBe(true);
    expect(d.acceptedLogins()).toBe(1);
    expect(t.openConnections()).toEqual([tgt.name]);
    t.retain(new Set(['someone-else']));
    expect(t.openConnections()).toEqual([]);
    expect((await t.run(tgt, 'echo three', opts)).ok).toBe(true);
    expect(d.acceptedLogins()).toBe(2);
  });

  it('runs 20 scripts at once on one target within sshd MaxSessions 10 (one connection, sessions queued)', async () => {
    // OpenSSH's default MaxSessions is 10; written out so the test does not depend on the default.
    const d = await daemon({ extraConfig: ['MaxSessions 10'] });
    const t = transport();
    const tgt = target(d);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.run(tgt, `sleep 0.2; echo run-${i}`, { ...opts, timeoutMs: 60_000 }),
      ),
    );
    expect(results.map((r) => (r.ok ? r.stdout : r.error))).toEqual(
      Array.from({ length: 20 }, (_, i) => `run-${i}\n`),
    );
    expect(d.acceptedLogins()).toBe(1);
  });

  it('reconnects when an open connection died between runs', async () => {
    const d = await daemon();
    const t = transport();
    const tgt = target(d);
    expect((await t.run(tgt, 'echo one', opts)).ok).toBe(true);
    d.dropConnections();
    expect(await t.run(tgt, 'echo two', opts)).toMatchObject({ ok: true, stdout: 'two\n' });
    expect(d.acceptedLogins()).toBe(2);
  });

  it('reports a stopped sshd as refused, backs off, and picks the target up again after the backoff', async () => {
    const d = await daemon();
    const t = transport();
    const tgt = target(d);
    expect((await t.run(tgt, 'echo up', opts)).ok).toBe(true);
    await d.stop();

    const down = await t.run(tgt, 'echo down', opts);
    expect(down).toMatchObject({
      ok: false,
      status: 'refused',
      error: `connection refused by 127.0.0.1:${d.port} — is sshd running?`,
    });
    const backingOff = await t.run(tgt, 'echo down', opts);
    expect(backingOff).toMatchObject({
      ok: false,
      status: 'refused',
      error: `connection refused by 127.0.0.1:${d.port} — is sshd running? (retrying in 1s)`,
    });

    const again = await daemon({ port: d.port, hostKey: d.hostKeyFile });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await t.run(tgt, 'echo healed', opts)).toMatchObject({ ok: true, stdout: 'healed\n' });
    expect(again.acceptedLogins()).toBe(1);
  });

  it('refuses a changed host key with the presented fingerprint, even with trustOnFirstUse', async () => {
    const other = path.join(dir, 'other_host_key');
    const otherPub = await generateKey(other);
    const file = knownHosts(`[127.0.0.1]:${sshd.port} ${otherPub}`);
    const before = fs.readFileSync(file, 'utf8');
    for (const trustOnFirstUse of [false, true]) {
      const res = await transport().run(target(sshd, { knownHosts: file, trustOnFirstUse }), 'echo no', opts);
      expect(res).toMatchObject({
        ok: false,
        status: 'host-key-mismatch',
        presentedKey: fingerprint(sshd),
        error: `HOST KEY CHANGED: 127.0.0.1:${sshd.port} presented a ssh-ed25519 key that differs from ${file} line 1 — if the host was reinstalled, verify the new key and replace that line`,
      });
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses an unknown host key; with trustOnFirstUse it pins the key and later runs rely on the pin', async () => {
    const file = path.join(dir, 'tofu', 'known_hosts');
    const refused = await transport().run(target(sshd, { knownHosts: file }), 'echo no', opts);
    expect(refused).toMatchObject({
      ok: false,
      status: 'host-key-unknown',
      presentedKey: fingerprint(sshd),
      error: `ssh-ed25519 host key of 127.0.0.1:${sshd.port} is not in ${file} — verify it and add it, or set trustOnFirstUse: true`,
    });
    expect(fs.existsSync(file)).toBe(false);

    const first = await transport().run(
      target(sshd, { knownHosts: file, trustOnFirstUse: true }),
      'echo first',
      opts,
    );
    expect(first).toMatchObject({ ok: true, stdout: 'first\n' });
    expect(fs.readFileSync(file, 'utf8')).toBe(`${pinned(sshd)}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const second = await transport().run(target(sshd, { knownHosts: file }), 'echo second', opts);
    expect(second).toMatchObject({ ok: true, stdout: 'second\n' });
  });

  it('times out a server that accepts and never speaks, within the budget, and drops the socket', async () => {
    const sockets: { closed: boolean }[] = [];
    const server = net.createServer((s) => {
      const seen = { closed: false };
      sockets.push(seen);
      s.on('close', () => (seen.closed = true));
      s.resume(); // read the client's greeting, never answer
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const started = performance.now();
    const res = await transport().run(target({ port }, { knownHosts: knownHosts() }), 'echo', {
      ...opts,
      timeoutMs: 1500,
    });
    const took = performance.now() - started;
    expect(res).toMatchObject({
      ok: false,
      status: 'timeout',
      error: `no SSH session with 127.0.0.1:${port} within 1.5s — is the host up, or does a firewall drop packets?`,
    });
    expect(took).toBeGreaterThanOrEqual(1490);
    // Cut at the budget (the server never answers); the slack lets a 5x slower machine pass.
    expect(took).toBeLessThan(1500 + 10_000);
    for (let i = 0; i < 200 && !sockets[0]?.closed; i++) await new Promise((r) => setTimeout(r, 50));
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.closed).toBe(true);
  });

  it('times out a script that hangs, then reconnects on the next run', async () => {
    const d = await daemon();
    const t = transport();
    const tgt = target(d);
    const pidFile = path.join(dir, 'hang.pid');
    const started = performance.now();
    // 5 s: the session must start and write its pid before the budget runs out, even on a loaded machine.
    const res = await t.run(tgt, `echo $$ > ${pidFile}\nexec sleep 30\n`, { ...opts, timeoutMs: 5000 });
    expect(res).toMatchObject({ ok: false, status: 'timeout' });
    expect(performance.now() - started).toBeLessThan(5000 + 10_000); // not the 30 s sleep
    // Without a pty nothing signals the remote command when the connection drops; end it ourselves.
    remotePids.push(Number(fs.readFileSync(pidFile, 'utf8')));
    expect(await t.run(tgt, 'echo fresh', opts)).toMatchObject({ ok: true, stdout: 'fresh\n' });
    expect(d.acceptedLogins()).toBe(2);
  });

  it('reports a key the server does not accept, a missing key file and no credentials as auth-failed', async () => {
    const t = transport();
    expect(await t.run(target(sshd, { identityFile: strangerKey }), 'echo', opts)).toMatchObject({
      ok: false,
      status: 'auth-failed',
      error: `root@127.0.0.1:${sshd.port} refused ${strangerKey} — is its public key in ~root/.ssh/authorized_keys?`,
    });
    const missing = path.join(dir, 'no-such-key');
    expect(
      await t.run(target(sshd, { name: 'missing-key', identityFile: missing }), 'echo', opts),
    ).toMatchObject({
      ok: false,
      status: 'auth-failed',
      error: `identityFile ${missing} does not exist`,
    });
    expect(await t.run(target(sshd, { name: 'agentless', identityFile: null }), 'echo', opts)).toMatchObject({
      ok: false,
      status: 'auth-failed',
      error: 'no identityFile and no SSH_AUTH_SOCK: set identityFile in the inventory or start ssh-agent',
    });
  });

  it('stops output over the cap as probe-failed, and the connection stays usable', async () => {
    const t = transport();
    const tgt = target(sshd);
    expect(await t.run(tgt, 'head -c 300000 /dev/zero | tr "\\0" a', opts)).toMatchObject({
      ok: false,
      status: 'probe-failed',
      error: 'probe output exceeded 256 KiB',
    });
    expect(await t.run(tgt, 'head -c 200000 /dev/zero | wc -c', opts)).toMatchObject({
      ok: true,
      stdout: '200000\n',
    });
  });

  it('reaches a guest through its host (via): a forwarded channel on the host connection', async () => {
    const host = await daemon({ logLevel: 'DEBUG1' });
    const guestSshd = await daemon();
    const t = transport();
    const hostTarget = target(host, { name: 'jump-host' });
    const guest = target(guestSshd, {
      name: 'jump-guest',
      kind: 'guest',
      // Pinned under the jump host's name: the guest's address only means something behind that host.
      knownHosts: knownHosts(`jump-host/${pinned(guestSshd)}`),
      via: 'jump-host',
      viaTarget: hostTarget,
      hostName: 'jump-host',
      domain: 'jump-guest',
    });
    expect(await t.run(guest, 'echo inside', opts)).toMatchObject({ ok: true, stdout: 'inside\n' });
    expect(host.log()).toContain(
      `server_request_direct_tcpip: originator 127.0.0.1 port 0, target 127.0.0.1 port ${guestSshd.port}`,
    );
    expect(await t.run(hostTarget, 'echo host', opts)).toMatchObject({ ok: true, stdout: 'host\n' });
    // The guest rode on the host's connection: one login on the host for both targets.
    expect(host.acceptedLogins()).toBe(1);
    expect(guestSshd.acceptedLogins()).toBe(1);
    expect(t.openConnections().sort()).toEqual(['jump-guest', 'jump-host']);

    // With the jump host down, the guest is unreachable even though its own sshd runs.
    await host.stop();
    const fresh = transport();
    expect(await fresh.run(guest, 'echo', opts)).toMatchObject({
      ok: false,
      status: 'refused',
      error: `via jump-host: connection refused by 127.0.0.1:${host.port} — is sshd running?`,
    });
  });

  it('pins the guest key separately from the host key when jumping', async () => {
    const host = await daemon();
    const guestSshd = await daemon();
    const hostTarget = target(host, { name: 'pin-host' });
    const guestKnown = knownHosts(
      `pin-host/${pinned(host).replace(String(host.port), String(guestSshd.port))}`,
    );
    const guest = target(guestSshd, {
      name: 'pin-guest',
      kind: 'guest',
      via: 'pin-host',
      viaTarget: hostTarget,
      knownHosts: guestKnown,
    });
    expect(await transport().run(guest, 'echo', opts)).toMatchObject({
      ok: false,
      status: 'host-key-mismatch',
      presentedKey: fingerprint(guestSshd),
    });
  });
});
