import { describe, expect, it } from 'vitest';
import { backoffMs, retryInMs } from './backoff';
import { classifyError, classifyExit, formatBytes, type FailureContext } from './classify';
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

const ctx: FailureContext = {
  address: '10.0.0.11',
  port: 22,
  user: 'monitor',
  identityFile: '/home/ops/.ssh/id_ed25519',
  phase: 'connect',
  timeoutMs: 10_000,
};
const sysError = (code: string, message = `connect ${code} 10.0.0.11:22`) =>
  Object.assign(new Error(message), { code });

describe('classifyError', () => {
  it('maps socket errors to refused with a hint', () => {
    expect(classifyError(sysError('ECONNREFUSED'), ctx)).toEqual({
      status: 'refused',
      error: 'connection refused by 10.0.0.11:22 — is sshd running?',
    });
    expect(classifyError(sysError('EHOSTUNREACH'), ctx).status).toBe('refused');
    expect(classifyError(sysError('ENETUNREACH'), ctx).status).toBe('refused');
    expect(classifyError(sysError('ECONNRESET'), ctx)).toMatchObject({
      status: 'refused',
      error: expect.stringMatching(/^connection reset by 10.0.0.11:22 before/),
    });
  });

  it('names the host it cannot resolve', () => {
    const err = sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND kvm-99.example.com');
    expect(classifyError(err, { ...ctx, address: 'kvm-99.example.com' })).toEqual({
      status: 'refused',
      error: 'cannot resolve kvm-99.example.com — check the address in the inventory or DNS',
    });
  });

  it('separates our timeout by phase', () => {
    expect(classifyError(new BudgetExceededError('connect'), ctx)).toEqual({
      status: 'timeout',
      error: 'no SSH session with 10.0.0.11:22 within 10s — is the host up, or does a firewall drop packets?',
    });
    expect(classifyError(new BudgetExceededError('exec'), { ...ctx, timeoutMs: 1500 })).toEqual({
      status: 'timeout',
      error: 'probe on 10.0.0.11:22 did not finish within 1.5s; the connection was closed',
    });
    const ssh2Timeout = Object.assign(new Error('Timed out while waiting for handshake'), {
      level: 'client-timeout',
    });
    expect(classifyError(ssh2Timeout, ctx).status).toBe('timeout');
  });

  it('maps authentication failures, naming the key and the account', () => {
    const err = Object.assign(new Error('All configured authentication methods failed'), {
      level: 'client-authentication',
    });
    expect(classifyError(err, ctx)).toEqual({
      status: 'auth-failed',
      error:
        'monitor@10.0.0.11:22 refused /home/ops/.ssh/id_ed25519 — is its public key in ~monitor/.ssh/authorized_keys?',
    });
    expect(classifyError(err, { ...ctx, identityFile: null }).error).toContain(
      'refused the keys of ssh-agent',
    );
    expect(classifyError(new IdentityError('/k/id', 'does not exist'), ctx)).toEqual({
      status: 'auth-failed',
      error: 'identityFile /k/id does not exist',
    });
    expect(classifyError(new NoCredentialsError(), ctx)).toEqual({
      status: 'auth-failed',
      error: 'no identityFile and no SSH_AUTH_SOCK: set identityFile in the inventory or start ssh-agent',
    });
  });

  it('maps host key refusals with the presented fingerprint', () => {
    const fp = 'SHA256:0C39Is97P1QCD8tL/ZIBDrOeef1BgHgBha2B5EQto4I';
    expect(classifyError(new HostKeyRefusedError('unknown', 'ssh-ed25519', fp, '/kh'), ctx)).toEqual({
      status: 'host-key-unknown',
      error:
        'ssh-ed25519 host key of 10.0.0.11:22 is not in /kh — verify it and add it, or set trustOnFirstUse: true',
      presentedKey: fp,
    });
    expect(classifyError(new HostKeyRefusedError('mismatch', 'ssh-ed25519', fp, '/kh', [3, 7]), ctx)).toEqual(
      {
        status: 'host-key-mismatch',
        error:
          'HOST KEY CHANGED: 10.0.0.11:22 presented a ssh-ed25519 key that differs from /kh lines 3, 7 — if the host was reinstalled, verify the new key and replace that line',
        presentedKey: fp,
      },
    );
    expect(classifyError(new HostKeyRefusedError('revoked', 'ssh-ed25519', fp, '/kh', [2]), ctx).status).toBe(
      'host-key-mismatch',
    );
  });

  it('maps probe problems to probe-failed', () => {
    expect(classifyError(new OutputTooLargeError(256 * 1024), ctx)).toEqual({
      status: 'probe-failed',
      error: 'probe output exceeded 256 KiB',
    });
    expect(classifyError(new Error('Unable to exec'), { ...ctx, phase: 'exec' })).toEqual({
      status: 'probe-failed',
      error: 'could not run /bin/sh on 10.0.0.11:22: Unable to exec',
    });
    expect(classifyError(sysError('ECONNRESET', 'read ECONNRESET'), { ...ctx, phase: 'exec' }).status).toBe(
      'probe-failed',
    );
  });

  it('explains jump and handshake failures', () => {
    const hostFailure = {
      status: 'refused' as const,
      error: 'connection refused by 10.0.0.1:22 — is sshd running?',
    };
    expect(classifyError(new JumpHostError('kvm-01', hostFailure), ctx)).toEqual({
      status: 'refused',
      error: 'via kvm-01: connection refused by 10.0.0.1:22 — is sshd running?',
    });
    expect(classifyError(new ForwardFailedError('kvm-01', 'Connection refused'), ctx)).toMatchObject({
      status: 'refused',
      error: expect.stringMatching(/^kvm-01 could not connect to 10.0.0.11:22 \(Connection refused\)/),
    });
    expect(classifyError(new ClosedBeforeReadyError(), ctx).status).toBe('refused');
  });
});

describe('classifyExit', () => {
  it('accepts output, and a clean exit even without output', () => {
    expect(classifyExit({ stdout: 'x\n', stderr: '', exitCode: 3 }, 'h:22')).toBeNull();
    expect(classifyExit({ stdout: '', stderr: '', exitCode: 0 }, 'h:22')).toBeNull();
  });

  it('turns a silent failure into probe-failed with the first stderr line', () => {
    expect(
      classifyExit({ stdout: '', stderr: 'This account is currently not available.\n', exitCode: 1 }, 'h:22'),
    ).toEqual({
      status: 'probe-failed',
      error:
        '/bin/sh on h:22 printed nothing (exit 1): This account is currently not available. — check the login shell and ForceCommand of the account',
    });
    expect(classifyExit({ stdout: '', stderr: 'sh: not found', exitCode: 127 }, 'h:22')?.error).toContain(
      'is /bin/sh present and executable?',
    );
  });

  it('formats sizes', () => {
    expect(formatBytes(256 * 1024)).toBe('256 KiB');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MiB');
    expect(formatBytes(900)).toBe('900 B');
  });
});

describe('backoff', () => {
  it('waits min(2^(k-1) s, 60 s) after k failures', () => {
    expect([0, 1, 2, 3, 4, 6, 7, 30].map(backoffMs)).toEqual([
      0, 1000, 2000, 4000, 8000, 32_000, 60_000, 60_000,
    ]);
  });

  it('counts from the last attempt', () => {
    expect(retryInMs({ failures: 3, lastAttemptAt: 10_000 }, 11_000)).toBe(3000);
    expect(retryInMs({ failures: 3, lastAttemptAt: 10_000 }, 14_000)).toBe(0);
    expect(retryInMs({ failures: 0, lastAttemptAt: 10_000 }, 10_000)).toBe(0);
  });
});
