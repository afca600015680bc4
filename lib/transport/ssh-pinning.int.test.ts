// Host-key pinning details against real sshd processes: a guest reached `via` a host is pinned under a
// name that includes the jump host, and the SHA-1 "ssh-rsa" host-key algorithm is used only when the
// target's inventory entry allows it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../inventory/types';
import { createSshTransport, type SshTransport } from './ssh-transport';
import { generateKey } from '../../test/support/keys';
import { startTestSshd, type TestSshd } from '../../test/support/sshd';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-pin-'));
const daemons: TestSshd[] = [];
const transports: SshTransport[] = [];
let clientKey: string;
let clientPub: string;
let seq = 0;
const opts = { timeoutMs: 8000, maxBytes: 64 * 1024 };

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

function knownHosts(...lines: string[]): string {
  const file = path.join(dir, `known_hosts-${++seq}`);
  fs.writeFileSync(file, lines.length ? lines.join('\n') + '\n' : '');
  return file;
}

function target(d: TestSshd, over: Partial<SshTargetConfig> = {}): SshTargetConfig {
  return {
    name: `t-${d.port}`,
    kind: 'host',
    address: '127.0.0.1',
    port: d.port,
    user: 'root',
    identityFile: clientKey,
    knownHosts: knownHosts(`[127.0.0.1]:${d.port} ${d.hostPublicKey}`),
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
});

afterAll(async () => {
  await Promise.allSettled(transports.map((t) => t.close()));
  await Promise.allSettled(daemons.map((d) => d.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a guest reached via a host', () => {
  it('is pinned as JUMP/[address]:port: a pin of the bare address or behind another host does not count', async () => {
    const hostA = await daemon();
    const hostB = await daemon();
    const guestSshd = await daemon();
    const guestOf = (host: TestSshd, hostName: string, known: string): SshTargetConfig =>
      target(guestSshd, {
        name: `guest-of-${hostName}`,
        kind: 'guest',
        via: hostName,
        viaTarget: target(host, { name: hostName }),
        hostName,
        domain: 'g',
        knownHosts: known,
      });

    // The guest's key pinned under its bare address (what a direct connection would use) is not enough.
    const bare = guestOf(
      hostA,
      'kvm-a',
      knownHosts(`[127.0.0.1]:${guestSshd.port} ${guestSshd.hostPublicKey}`),
    );
    const refused = await transport().run(bare, 'echo', opts);
    expect(refused).toMatchObject({ ok: false, status: 'host-key-unknown' });
    expect(refused.ok ? '' : refused.error).toContain(`under "kvm-a/[127.0.0.1]:${guestSshd.port}"`);

    // Trust on first use pins it under the jump host's name...
    const tofuFile = knownHosts();
    const viaA = { ...guestOf(hostA, 'kvm-a', tofuFile), trustOnFirstUse: true };
    expect(await transport().run(viaA, 'echo a', opts)).toMatchObject({ ok: true, stdout: 'a\n' });
    expect(fs.readFileSync(tofuFile, 'utf8')).toBe(
      `kvm-a/[127.0.0.1]:${guestSshd.port} ${guestSshd.hostPublicKey}\n`,
    );
    // ...and that pin says nothing about the same address behind another host.
    const viaB = guestOf(hostB, 'kvm-b', tofuFile);
    expect(await transport().run(viaB, 'echo b', opts)).toMatchObject({
      ok: false,
      status: 'host-key-unknown',
    });
    expect(await transport().run(guestOf(hostA, 'kvm-a', tofuFile), 'echo a', opts)).toMatchObject({
      ok: true,
    });
  });
});

describe('the ssh-rsa (SHA-1) host-key algorithm', () => {
  it('is not offered unless the target allows it; with allowSshRsa an ssh-rsa-only sshd connects', async () => {
    // A server with only an RSA key that signs only with SHA-1, like an old OpenSSH.
    const old = await daemon({ hostKeyType: 'rsa', extraConfig: ['HostKeyAlgorithms ssh-rsa'] });
    const refused = await transport().run(target(old), 'echo', opts);
    expect(refused).toMatchObject({ ok: false, status: 'refused' });
    expect(refused.ok ? '' : refused.error).toMatch(/set allowSshRsa: true on this target/);

    const allowed = await transport().run(target(old, { allowSshRsa: true }), 'echo sha1', opts);
    expect(allowed).toMatchObject({ ok: true, stdout: 'sha1\n' });
  });

  it('is not needed for an RSA key on a current sshd: rsa-sha2-512 is used without allowSshRsa', async () => {
    const current = await daemon({ hostKeyType: 'rsa', logLevel: 'DEBUG1' });
    expect(await transport().run(target(current), 'echo sha2', opts)).toMatchObject({
      ok: true,
      stdout: 'sha2\n',
    });
    expect(current.log()).toMatch(/rsa-sha2-512/);
  });
});
