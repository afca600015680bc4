import type { ExecFailureStatus } from './types';

// Failures the transport raises itself; classify.ts turns them (and ssh2/socket errors) into a PollStatus.

/** The per-target budget ran out (connect + probe). */
export class BudgetExceededError extends Error {
  override name = 'BudgetExceededError';
  constructor(readonly phase: 'connect' | 'exec') {
    super(`budget exceeded during ${phase}`);
  }
}

/** Our hostVerifier refused the key the server presented. */
export class HostKeyRefusedError extends Error {
  override name = 'HostKeyRefusedError';
  constructor(
    readonly verdict: 'unknown' | 'mismatch' | 'revoked' | 'unreadable',
    readonly keyType: string,
    /** "SHA256:..." as ssh-keygen -lf prints it */
    readonly fingerprint: string,
    readonly knownHosts: string,
    /** known_hosts lines that hold other keys for the host (mismatch) or revoke this one */
    readonly lines: number[] = [],
    readonly detail = '',
    /** the known_hosts name the key is looked up by (knownHostsName; includes the jump host for `via`) */
    readonly pinName = '',
  ) {
    super(`host key refused (${verdict})`);
  }
}

/** The identityFile is missing, unreadable or not a usable private key. */
export class IdentityError extends Error {
  override name = 'IdentityError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`identityFile ${file}: ${reason}`);
  }
}

/** Neither an identityFile nor an ssh-agent: there is nothing to authenticate with. */
export class NoCredentialsError extends Error {
  override name = 'NoCredentialsError';
  constructor() {
    super('no identityFile and no SSH_AUTH_SOCK');
  }
}

/** The server closed the connection before the SSH session was ready, without saying why. */
export class ClosedBeforeReadyError extends Error {
  override name = 'ClosedBeforeReadyError';
  constructor() {
    super('connection closed before the SSH session was ready');
  }
}

/** stdout + stderr of the script passed maxBytes. */
export class OutputTooLargeError extends Error {
  override name = 'OutputTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`output exceeded ${maxBytes} bytes`);
  }
}

/** The jump host could not open a TCP connection to the guest (SSH channel open failure). */
export class ForwardFailedError extends Error {
  override name = 'ForwardFailedError';
  constructor(
    readonly via: string,
    readonly description: string,
  ) {
    super(`forward through ${via} failed: ${description}`);
  }
}

/** The jump host itself failed; `failure` is its own classified failure. */
export class JumpHostError extends Error {
  override name = 'JumpHostError';
  constructor(
    readonly via: string,
    readonly failure: { status: ExecFailureStatus; error: string; presentedKey?: string },
  ) {
    super(`via ${via}: ${failure.error}`);
  }
}
