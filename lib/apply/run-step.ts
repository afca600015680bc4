// What apply, guest apply, revert and cold boot share: one step over the remediation account's SSH
// session with the failure worded the same way everywhere, and one audit writer per action and actor.
import { recordAudit, type AuditAction } from '../auth/audit';
import type { Db } from '../db/client';
import type { SshTargetConfig } from '../inventory/types';
import type { ApplyActor, ApplyDeps, Failure } from './service';

/** A domain definition is far below this; the bound only stops a runaway command. */
export const STEP_MAX_BYTES = 4 * 1024 * 1024;

/** Runs `script` as `conn`; a transport error or a non-zero exit is a 502 naming `user@host`. */
export async function runStep(
  deps: ApplyDeps,
  conn: SshTargetConfig,
  host: string,
  script: string,
): Promise<{ ok: true; out: string } | Failure> {
  const res = await deps.transport.run(conn, script, {
    timeoutMs: deps.timeoutMs ?? 60_000,
    maxBytes: STEP_MAX_BYTES,
  });
  if (!res.ok) return { ok: false, status: 502, error: `${conn.user}@${host}: ${res.error}` };
  if (res.exitCode !== 0)
    return {
      ok: false,
      status: 502,
      error: `${conn.user}@${host}: exit ${res.exitCode}: ${(res.stderr || res.stdout).trim().slice(0, 2000)}`,
    };
  return { ok: true, out: res.stdout };
}

export type AuditWriter = (ok: boolean, subject: string, detail: string) => Promise<void>;

/** Writes audit entries of `action` by `actor`: only the outcome, subject and detail vary per entry. */
export function auditAs(db: Db, action: AuditAction, actor: ApplyActor): AuditWriter {
  return (ok, subject, detail) =>
    recordAudit(db, {
      action,
      ok,
      actor: actor.username,
      via: actor.via,
      address: actor.address,
      subject,
      detail,
    });
}
