import type { PollStatus } from '../probe/types';
import type { SshTargetConfig } from '../inventory/types';

export type ExecFailureStatus = Exclude<PollStatus, 'ok' | 'parse-error'>;

/** The host key a target presented in the SSH handshake, after it was verified against known_hosts. */
export interface PresentedHostKey {
  /** e.g. "ssh-ed25519" */
  type: string;
  /** "SHA256:..." as `ssh-keygen -lf` prints it */
  fingerprint: string;
}

export type ExecResult =
  | {
      ok: true;
      stdout: string;
      stderr: string;
      exitCode: number | null;
      durationMs: number;
      /**
       * The verified key of the SSH handshake (absent for local targets): evidence a guest cannot
       * forge for another machine, unlike the .pub files it prints.
       */
      hostKey?: PresentedHostKey;
    }
  | {
      ok: false;
      status: ExecFailureStatus;
      /** one line a user can act on, e.g. "connection refused by 10.0.0.11:22" */
      error: string;
      durationMs: number;
      /** SHA256 fingerprint of the key the target presented (host-key-unknown / -mismatch) */
      presentedKey?: string;
    };

/** Runs a POSIX sh script on a target (over SSH, or locally for kind "local") within a time budget. */
export interface Transport {
  /** Runs `script` with /bin/sh on the target; never throws, never takes longer than timeoutMs. */
  run(
    target: SshTargetConfig,
    script: string,
    opts: { timeoutMs: number; maxBytes: number },
  ): Promise<ExecResult>;
  /** Drops connections to targets no longer in the inventory. */
  retain(names: Set<string>): void;
  /** Closes every open connection. */
  close(): Promise<void>;
}
