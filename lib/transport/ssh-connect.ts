import fs from 'node:fs';
import type { Duplex } from 'node:stream';
// ssh2 is CommonJS: Node sees `Client` as a named export but not `utils` (hence ssh2.utils).
import ssh2, { Client, type ConnectConfig } from 'ssh2';
import type { SshTargetConfig } from '../inventory/types';
import { ClosedBeforeReadyError, HostKeyRefusedError, IdentityError, NoCredentialsError } from './errors';
import type { PresentedHostKey } from './types';
import {
  appendKnownHost,
  fingerprintSha256,
  judgeHostKey,
  keyTypeOf,
  knownHostsLine,
  knownHostsName,
  pinnedKeyTypes,
} from './known-hosts';
import { candidatesFor, KnownHostsCache } from './known-hosts-cache';

/** One per process: every connection reads its pins from here, not from a fresh parse of the file. */
const knownHosts = new KnownHostsCache();

export type SshEndpoint = Pick<
  SshTargetConfig,
  'name' | 'address' | 'port' | 'user' | 'identityFile' | 'knownHosts' | 'trustOnFirstUse'
> &
  Partial<Pick<SshTargetConfig, 'via' | 'allowSshRsa'>>;

export interface ConnectOptions {
  /** an already open stream to the target (a jump host's forwardOut); else a TCP connection is made */
  sock?: Duplex;
  /** ssh2's own handshake limit; the caller's budget timer normally fires first */
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  agentSocket: string | undefined;
  identities: IdentityCache;
}

export interface PendingConnection {
  /** resolves with a ready client; rejects with the error that stopped it */
  ready: Promise<Client>;
  /** aborts the attempt: the socket is destroyed and `ready` rejects with `reason` */
  cancel(reason: Error): void;
  /** the key the server presented and known_hosts accepted; null before the handshake */
  presentedKey(): PresentedHostKey | null;
}

/** Private keys read once per path (a failed read is retried next time, so a fixed file heals). */
export class IdentityCache {
  private keys = new Map<string, Buffer>();

  get(file: string): Buffer {
    const cached = this.keys.get(file);
    if (cached) return cached;
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'does not exist'
          : code === 'EACCES'
            ? 'is not readable by this user'
            : `cannot be read (${code})`;
      throw new IdentityError(file, why);
    }
    const parsed = ssh2.utils.parseKey(data);
    if (parsed instanceof Error) {
      const why = /passphrase/i.test(parsed.message)
        ? 'is encrypted; use a key without a passphrase or load it into ssh-agent'
        : `is not a private key ssh2 can use (${parsed.message})`;
      throw new IdentityError(file, why);
    }
    this.keys.set(file, data);
    return data;
  }
}

// ssh2 host key algorithms for each known_hosts key type (RSA keys sign with SHA-2).
const ALGORITHMS_FOR_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256'],
};
// ssh2's default list without "ssh-rsa": that algorithm signs the handshake with SHA-1, for which chosen-
// prefix collisions are practical (SHA-1 is a Shambles, 2020); OpenSSH 8.8 dropped it from its defaults.
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];

/**
 * The exact host-key algorithm list to offer: the pinned key types first (so a host with several keys is
 * not taken for changed), then the rest; "ssh-rsa" (SHA-1) last and only when the target allows it.
 */
export function hostKeyAlgorithms(pinnedTypes: string[], allowSshRsa: boolean): string[] {
  const preferred = pinnedTypes.flatMap((t) => ALGORITHMS_FOR_TYPE[t] ?? []);
  const list = [...new Set([...preferred, ...HOST_KEY_ALGORITHMS])];
  return allowSshRsa ? [...list, 'ssh-rsa'] : list;
}

/** Opens one SSH session to `target`, verifying its host key against known_hosts (never silently). */
export function connectSsh(target: SshEndpoint, opts: ConnectOptions): PendingConnection {
  const client = new Client();
  // An 'error' with no listener would crash the process; the pool watches 'close' instead.
  client.on('error', () => {});
  let refusal: HostKeyRefusedError | null = null;
  let accepted: PresentedHostKey | null = null;
  let settled = false;
  let fail: (err: Error) => void = () => {};

  const ready = new Promise<Client>((resolve, reject) => {
    fail = (err: Error) => {
      if (settled) return;
      settled = true;
      client.destroy();
      opts.sock?.destroy();
      reject(err);
    };
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      resolve(client);
    });
    client.on('error', (err) => fail(refusal ?? err));
    client.once('close', () => fail(refusal ?? new ClosedBeforeReadyError()));

    let auth: Pick<ConnectConfig, 'privateKey' | 'agent'>;
    try {
      auth = credentials(target, opts);
    } catch (e) {
      fail(e as Error);
      return;
    }
    const entries = safeRead(
      target.knownHosts,
      knownHostsName(target.address, target.port, target.via ?? null),
    );
    const serverHostKey = hostKeyAlgorithms(
      pinnedKeyTypes(entries ?? [], target.address, target.port, target.via ?? null),
      target.allowSshRsa === true,
    );
    try {
      client.connect({
        host: target.address,
        port: target.port,
        username: target.user,
        ...auth,
        ...(opts.sock ? { sock: opts.sock } : {}),
        readyTimeout: opts.readyTimeoutMs,
        keepaliveInterval: opts.keepaliveIntervalMs,
        keepaliveCountMax: 3,
        algorithms: { serverHostKey },
        hostVerifier: (key: Buffer) => {
          refusal = verifyHostKey(target, key);
          if (refusal === null) accepted = { type: keyTypeOf(key), fingerprint: fingerprintSha256(key) };
          return refusal === null;
        },
      } as ConnectConfig);
    } catch (e) {
      fail(
        e instanceof Error && /privateKey/.test(e.message)
          ? new IdentityError(target.identityFile ?? '', e.message)
          : (e as Error),
      );
    }
  });
  return { ready, cancel: (reason) => fail(reason), presentedKey: () => accepted };
}

function credentials(target: SshEndpoint, opts: ConnectOptions): Pick<ConnectConfig, 'privateKey' | 'agent'> {
  if (target.identityFile) return { privateKey: opts.identities.get(target.identityFile) };
  if (opts.agentSocket) return { agent: opts.agentSocket };
  throw new NoCredentialsError();
}

function safeRead(file: string, name: string) {
  try {
    return candidatesFor(knownHosts.read(file), name);
  } catch {
    return null;
  }
}

/** null = accept. Pins the key first when it is unknown and trustOnFirstUse is on. */
function verifyHostKey(target: SshEndpoint, key: Buffer): HostKeyRefusedError | null {
  const keyType = keyTypeOf(key);
  const fingerprint = fingerprintSha256(key);
  const via = target.via ?? null;
  const pinName = knownHostsName(target.address, target.port, via);
  const refuse = (verdict: HostKeyRefusedError['verdict'], lines: number[] = [], detail = '') =>
    new HostKeyRefusedError(verdict, keyType, fingerprint, target.knownHosts, lines, detail, pinName);
  let entries;
  try {
    entries = candidatesFor(knownHosts.read(target.knownHosts), pinName);
  } catch (e) {
    return refuse('unreadable', [], `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const judged = judgeHostKey(entries, target.address, target.port, key, via);
  switch (judged.verdict) {
    case 'known':
      return null;
    case 'revoked':
      return refuse('revoked', [judged.line]);
    case 'mismatch':
      return refuse('mismatch', judged.lines);
    case 'unknown':
      if (!target.trustOnFirstUse) return refuse('unknown');
      try {
        appendKnownHost(target.knownHosts, knownHostsLine(target.address, target.port, key, via));
      } catch (e) {
        return refuse(
          'unreadable',
          [],
          `cannot be written to pin the key (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        );
      }
      return null;
  }
}
