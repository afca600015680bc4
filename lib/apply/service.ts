// Preview and apply of one finding's fix (issue 12). The preview reads the persistent definition over
// the remediation account's SSH session and returns the exact diff with a plan id bound to the text it
// read; apply reads again, refuses when anything changed since, defines with --validate, reads back to
// verify, and writes one audit entry whatever happens.
import { createHash } from 'node:crypto';
import { requestPoll } from '../collector/poll-requests';
import type { ApplyPlan } from '../checks/remedy/types';
import type { Db } from '../db/client';
import type { Inventory, SshTargetConfig } from '../inventory/types';
import type { Transport } from '../transport';
import { changedLines, definitionDiff } from './diff';
import { recordDomainChange } from './domain-changes';
import { EditRefusedError, editDomainXml } from './domain-edit';
import { openFinding, remediationConn } from './remediation-access';
import { auditAs, runStep } from './run-step';
import { definitionHasFix } from './verify';
import { defineScript, readDefinitionScript, readLiveDefinitionScript, shownCommands } from './virsh-steps';

export interface ApplyDeps {
  db: Db;
  inventory: Inventory;
  /** the caller creates it for this request and closes it */
  transport: Transport;
  timeoutMs?: number;
}

export interface ApplyActor {
  username: string;
  via: 'session' | 'token' | 'proxy';
  address: string | null;
}

export type Failure = { ok: false; status: 403 | 404 | 409 | 422 | 502; error: string };

export interface ApplyPreview {
  findingId: number;
  host: string;
  domain: string;
  plan: ApplyPlan;
  /** the SSH account that makes the change (never the monitoring one) */
  runAs: string;
  commands: string[];
  diff: string;
  /** bound to the definition read now and the change: apply refuses when either differs */
  planId: string;
  restartRequired: boolean;
}

export interface ApplyOutcome {
  findingId: number;
  host: string;
  domain: string;
  result: 'applied' | 'applied-waiting-for-cold-boot' | 'failed';
  /** the definition libvirt stored, diffed against the one before */
  diff: string;
  /** virsh's output (or error) */
  output: string;
  verified: boolean;
}

export interface Resolved {
  findingId: number;
  /** the finding's target */
  target: string;
  plan: ApplyPlan;
  conn: SshTargetConfig;
  uri: string;
  label: string;
}

/** What a finding's apply needs from the database and the inventory, or why it cannot be applied (also used by lib/apply/bulk). */
export async function resolve(deps: ApplyDeps, findingId: number): Promise<Resolved | Failure> {
  const finding = await openFinding(deps, findingId);
  if ('ok' in finding) return finding;
  const plan = finding.remediation?.apply;
  if (!plan)
    return {
      ok: false,
      status: 409,
      error: `the fix for ${finding.rule} is copy-only: Entropy Watch does not apply it (docs/apply.md lists what it applies)`,
    };
  const target = remediationConn(deps.inventory, finding.target);
  if ('ok' in target) return target;
  const conn = remediationConn(deps.inventory, plan.host, 'host');
  if ('ok' in conn) return conn;
  return {
    findingId,
    target: finding.target,
    plan,
    conn,
    uri: conn.libvirtUri ?? 'qemu:///system',
    label: `${plan.host}/${plan.domain}`,
  };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const planIdOf = (before: string, after: string) => sha256(`${before}\0${after}`).slice(0, 32);

/** Reads the definition and computes the change; Failure when the edit no longer applies. */
async function compute(deps: ApplyDeps, r: Resolved) {
  const read = await runStep(deps, r.conn, r.plan.host, readDefinitionScript(r.uri, r.plan.domain));
  if (!read.ok) return read;
  const before = read.out;
  try {
    const after = editDomainXml(before, r.plan.edit);
    return { ok: true as const, before, after, planId: planIdOf(before, after) };
  } catch (e) {
    const status = e instanceof EditRefusedError ? 409 : 422;
    return {
      ok: false as const,
      status,
      error: `${r.label}: ${e instanceof Error ? e.message : String(e)}`,
    } as Failure;
  }
}

/** The preview of a finding's fix: the commands, the diff of the definition and a plan id. Reads only. */
export async function previewApply(
  deps: ApplyDeps,
  findingId: number,
): Promise<{ ok: true; preview: ApplyPreview } | Failure> {
  const r = await resolve(deps, findingId);
  if ('ok' in r) return r;
  const c = await compute(deps, r);
  if (!c.ok) return c;
  return {
    ok: true,
    preview: {
      findingId,
      host: r.plan.host,
      domain: r.plan.domain,
      plan: r.plan,
      runAs: r.conn.user,
      commands: shownCommands(r.uri, r.plan.domain),
      diff: definitionDiff(r.plan.domain, c.before, c.after),
      planId: c.planId,
      restartRequired: r.plan.restartRequired,
    },
  };
}

/** Applies the previewed plan `planId` (refused when the definition changed since), verifies, audits. */
export async function applyPlan(
  deps: ApplyDeps,
  findingId: number,
  planId: string,
  actor: ApplyActor,
): Promise<{ ok: true; outcome: ApplyOutcome } | Failure> {
  const audit = auditAs(deps.db, 'remediation.apply', actor);
  const r = await resolve(deps, findingId);
  if ('ok' in r) {
    await audit(false, `finding ${findingId}`, r.error);
    return r;
  }
  const subject = `finding ${findingId}: ${r.plan.edit.op} on ${r.label} as ${r.conn.user}`;
  const c = await compute(deps, r);
  if (!c.ok) {
    await audit(false, subject, c.error);
    return c;
  }
  if (c.planId !== planId) {
    const error = `the definition of ${r.label} changed since the preview (plan ${planId.slice(0, 12)}…, now ${c.planId.slice(0, 12)}…); preview again`;
    await audit(false, subject, error);
    return { ok: false, status: 409, error };
  }
  const lines = changedLines(c.before, c.after);
  const change = [
    ...lines.removed.map((l) => `-${l.trim()}`),
    ...lines.added.map((l) => `+${l.trim()}`),
  ].join(' ');
  const where = { findingId, host: r.plan.host, domain: r.plan.domain };
  const defined = await runStep(deps, r.conn, r.plan.host, defineScript(r.uri, c.after));
  if (!defined.ok) {
    await audit(false, subject, `failed: ${defined.error}; change: ${change}`);
    return {
      ok: true,
      outcome: { ...where, result: 'failed', diff: '', output: defined.error, verified: false },
    };
  }
  const reread = await runStep(deps, r.conn, r.plan.host, readDefinitionScript(r.uri, r.plan.domain));
  const stored = reread.ok ? reread.out : '';
  const verified = reread.ok && definitionHasFix(stored, r.plan.edit);
  // Kept for Revert (revert.ts): the definition before and after, exactly as libvirt printed them.
  if (reread.ok && stored !== c.before)
    await recordDomainChange(deps.db, {
      actor: actor.username,
      findingId,
      host: r.plan.host,
      domain: r.plan.domain,
      beforeXml: c.before,
      afterXml: stored,
    });
  const live = await runStep(deps, r.conn, r.plan.host, readLiveDefinitionScript(r.uri, r.plan.domain));
  const liveHasFix = live.ok && definitionHasFix(live.out, r.plan.edit);
  const result = !verified ? 'failed' : liveHasFix ? 'applied' : 'applied-waiting-for-cold-boot';
  const output =
    defined.out.trim() +
    (verified
      ? ''
      : `\nthe definition read back does not have the change${reread.ok ? '' : `: ${reread.error}`}`);
  await audit(verified, subject, `${result}; change: ${change}; virsh: ${defined.out.trim()}`);
  // Re-probed at once: the collector polls these on request, so the finding shows as resolved or
  // waiting for a cold boot within seconds (lib/collector/poll-requests.ts).
  await requestPoll(deps.db, [r.target, r.plan.host]);
  return {
    ok: true,
    outcome: {
      ...where,
      result,
      diff: reread.ok ? definitionDiff(r.plan.domain, c.before, stored) : '',
      output,
      verified,
    },
  };
}
