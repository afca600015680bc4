import {
  BudgetExceededError,
  ClosedBeforeReadyError,
  ForwardFailedError,
  HostKeyRefusedError,
  IdentityError,
  JumpHostError,
  NoCredentialsError,
  OutputTooLargeError,
} from './errors';
import type { ExecFailureStatus } from './types';

export interface Failure {
  status: ExecFailureStatus;
  /** one line a user can act on */
  error: string;
  presentedKey?: string;
}

/** What classify needs to know about the attempt that failed. */
export interface FailureContext {
  address: string;
  port: number;
  user: string;
  identityFile: string | null;
  /** connect: before the SSH session was ready; exec: while running the script */
  phase: 'connect' | 'exec';
  timeoutMs: number;
}

/** Maps an error from connecting or running the script to a PollStatus and a message that says what to do. */
export function classifyError(err: unknown, ctx: FailureContext): Failure {
  const where = `${ctx.address}:${ctx.port}`;
  const within = formatSeconds(ctx.timeoutMs);
  if (err instanceof BudgetExceededError) {
    return err.phase === 'connect'
      ? {
          status: 'timeout',
          error: `no SSH session with ${where} within ${within} — is the host up, or does a firewall drop packets?`,
        }
      : {
          status: 'timeout',
          error: `probe on ${where} did not finish within ${within}; the connection was closed`,
        };
  }
  if (err instanceof JumpHostError) return { ...err.failure, error: `via ${err.via}: ${err.failure.error}` };
  if (err instanceof HostKeyRefusedError) return hostKeyFailure(err, where);
  if (err instanceof IdentityError) {
    return { status: 'auth-failed', error: `identityFile ${err.file} ${err.reason}` };
  }
  if (err instanceof NoCredentialsError) {
    return {
      status: 'auth-failed',
      error: 'no identityFile and no SSH_AUTH_SOCK: set identityFile in the inventory or start ssh-agent',
    };
  }
  if (err instanceof OutputTooLargeError) {
    return { status: 'probe-failed', error: `probe output exceeded ${formatBytes(err.maxBytes)}` };
  }
  if (err instanceof ForwardFailedError) {
    return {
      status: 'refused',
      error: `${err.via} could not connect to ${where} (${err.description || 'channel open failed'}) — is sshd running on the guest, and does the host allow TCP forwarding?`,
    };
  }
  if (err instanceof ClosedBeforeReadyError) {
    return {
      status: 'refused',
      error: `${where} closed the connection during the SSH handshake — see its sshd log (MaxStartups, AllowUsers, tcp wrappers)`,
    };
  }

  const e = (err ?? {}) as { message?: unknown; code?: unknown; level?: unknown };
  const message = typeof e.message === 'string' ? e.message.split('\n')[0]! : String(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const hostname = /getaddrinfo \w+ (\S+)/.exec(message)?.[1] ?? ctx.address;

  if (e.level === 'client-authentication' || /All configured authentication methods failed/.test(message)) {
    const key = ctx.identityFile ?? 'the keys of ssh-agent';
    return {
      status: 'auth-failed',
      error: `${ctx.user}@${where} refused ${key} — is its public key in ~${ctx.user}/.ssh/authorized_keys?`,
    };
  }
  if (e.level === 'client-timeout' || code === 'ETIMEDOUT') {
    return { status: 'timeout', error: `no SSH answer from ${where} (${message}) — is the host up?` };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return { status: 'refused', error: `connection refused by ${where} — is sshd running?` };
    case 'EHOSTUNREACH':
      return {
        status: 'refused',
        error: `no route to host ${ctx.address} — is it up, and is the address right?`,
      };
    case 'ENETUNREACH':
      return {
        status: 'refused',
        error: `network unreachable for ${where} — check routing to ${ctx.address}`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return {
        status: 'refused',
        error: `cannot resolve ${hostname} — check the address in the inventory or DNS`,
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return ctx.phase === 'connect'
        ? {
            status: 'refused',
            error: `connection reset by ${where} before the SSH session was ready — is it an SSH server?`,
          }
        : { status: 'probe-failed', error: `connection to ${where} was reset during the probe (${code})` };
  }
  if (ctx.phase === 'exec') {
    return { status: 'probe-failed', error: `could not run /bin/sh on ${where}: ${message}` };
  }
  if (/no matching host key format/.test(message)) {
    return {
      status: 'refused',
      error:
        `${where} offers no host-key algorithm we accept (an old sshd signing only with SHA-1 "ssh-rsa"?) — ` +
        'upgrade its OpenSSH, or set allowSshRsa: true on this target in the inventory',
    };
  }
  return { status: 'refused', error: `SSH connection to ${where} failed: ${message}` };
}

function hostKeyFailure(err: HostKeyRefusedError, where: string): Failure {
  const presentedKey = err.fingerprint;
  const lines = err.lines.length > 1 ? `lines ${err.lines.join(', ')}` : `line ${err.lines[0]}`;
  switch (err.verdict) {
    case 'mismatch':
      return {
        status: 'host-key-mismatch',
        error: `HOST KEY CHANGED: ${where} presented a ${err.keyType} key that differs from ${err.knownHosts} ${lines} — if the host was reinstalled, verify the new key and replace that line`,
        presentedKey,
      };
    case 'revoked':
      return {
        status: 'host-key-mismatch',
        error: `${where} presented a ${err.keyType} key marked @revoked in ${err.knownHosts} ${lines}; refusing to connect`,
        presentedKey,
      };
    case 'unreadable':
      return {
        status: 'host-key-unknown',
        error: `cannot check the host key of ${where}: ${err.knownHosts} ${err.detail}`,
        presentedKey,
      };
    case 'unknown':
      return {
        status: 'host-key-unknown',
        error: `${err.keyType} host key of ${where} is not in ${err.knownHosts}${err.pinName.includes('/') ? ` under "${err.pinName}"` : ''} — verify it and add it, or set trustOnFirstUse: true`,
        presentedKey,
      };
  }
}

/** A script that produced no stdout and failed says more about the account than about the probe. */
export function classifyExit(
  res: { stdout: string; stderr: string; exitCode: number | null; signal?: string | null },
  where: string,
): Failure | null {
  if (res.stdout !== '' || res.exitCode === 0) return null;
  const stderr = res.stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
  const how = res.exitCode === null ? `killed by ${res.signal ?? 'a signal'}` : `exit ${res.exitCode}`;
  const hint =
    res.exitCode === 126 || res.exitCode === 127
      ? ' — is /bin/sh present and executable?'
      : ' — check the login shell and ForceCommand of the account';
  return {
    status: 'probe-failed',
    error: `/bin/sh on ${where} printed nothing (${how})${stderr ? `: ${stderr}` : ''}${hint}`,
  };
}

/** 256 KiB, 1.5 MiB, 900 B. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${+(ms / 1000).toFixed(1)}s`;
}
