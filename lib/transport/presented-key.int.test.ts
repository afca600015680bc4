// The host key a target presents in the SSH handshake (verified against known_hosts) comes back with
// every successful run: clone detection trusts it, not the .pub files a guest prints (issue 11).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SshTargetConfig } from '../inventory/types';
import { createSshTransport, type SshTransport } from './ssh-transport';
import { generateKey } from '../../test/support/keys';
import { startTestSshd, type TestSshd } from '../../test/support/sshd';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-presented-'));
let clientKey: string;
let sshd: TestSshd;
let transport: SshTransport;

beforeAll(async () => {
  clientKey = path.join(dir, 'client');
  const clientPub = await generateKey(clientKey);
  sshd = await startTestSshd({ dir: path.join(dir, 'sshd'), authorizedKeys: [clientPub] });
  transport = createSshTransport({ agentSocket: () => undefined });
});

afterAll(async () => {
  await transport?.close();
  await sshd?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function target(): SshTargetConfig {
  const knownHosts = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
  return {
    name: 'presented',
    kind: 'host',
    address: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    identityFile: clientKey,
    knownHosts,
    trustOnFirstUse: false,
    via: null,
    libvirtUri: null,
    domain: null,
    hostName: null,
  } as SshTargetConfig;
}

describe('the presented host key', () => {
  it('is the fingerprint ssh-keygen prints for the server key, on the first and on a reused connection', async () => {
    const expected = execFileSync('ssh-keygen', ['-lf', '-'], { input: sshd.hostPublicKey })
      .toString()
      .split(' ')[1];
    const t = target();
    for (let run = 0; run < 2; run++) {
      const res = await transport.run(t, 'echo hi', { timeoutMs: 20_000, maxBytes: 1024 });
      expect(res.ok).toBe(true);
      if (res.ok) expect(res.hostKey).toEqual({ type: 'ssh-ed25519', fingerprint: expected });
    }
    expect(sshd.acceptedLogins()).toBe(1);
  });
});
