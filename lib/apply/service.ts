// Preview and apply of one finding's fix (issue 12). The preview reads the persistent definition over
// the remediation account's SSH session and returns the exact diff with a plan id bound to the text it
// read; apply reads again, refuses when anything changed since, defines with --validate, reads back to
// verify, and writes one audit entry whatever happens.
import { createHash } from 'node:crypto';
import { recordAudit } from '../auth/audit';
import { requestPoll } from '../collector/poll-requests';
import type { ApplyPlan } from '../checks/remedy/types';
import { parseRemediationJson } from '../queries/stored-json';
import type { Db } from '../db/client';
import type { Inventory, SshTargetConfig } from '../inventory/types';
import type { Transport } from '../transport';
import { changedLines, definitionDiff } from './diff';
import { recordDomainChange } from './domain-changes';
import { EditRefusedError, editDomainXml } from './domain-edit';
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

const MAX_BYTES = 4 * 1024 * 1024;

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
  const finding = await deps.db.finding.findUnique({
    where: { id: findingId },
    select: { id: true, state: true, rule: true, remediation: true, target: { select: { name: true } } },
  });
  if (!finding) return { ok: false, status: 404, error: `finding ${findingId} does not exist` };
  if (finding.state !== 'open')
    return {
      ok: false,
      status: 409,
      error: `finding ${findingId} is ${finding.state}; only open findings are applied`,
    };
  const stored = parseRemediationJson(finding.remediation);
  const plan = stored.ok ? stored.value.apply : undefined;
  if (!plan)
    return {
      ok: false,
      status: 409,
      error: `the fix for ${finding.rule} is copy-only: Entropy Watch does not apply it (docs/apply.md lists what it applies)`,
    };
  const target = deps.inventory.targets.find((t) => t.name === finding.target.name);
  const host = deps.inventory.targets.find((t) => t.kind === 'host' && t.name === plan.host);
  const off = (name: string) =>
    `applying fixes is off for ${name}: set remediation: {apply: true, user: ...} for it in the inventory (docs/apply.md)`;
  if (!target?.remediation) return { ok: false, status: 403, error: off(finding.target.name) };
  if (!host?.remediation) return { ok: false, status: 403, error: off(plan.host) };
  const conn: SshTargetConfig = {
    ...host,
    user: host.remediation.user,
    identityFile: host.remediation.identityFile,
  };
  return {
    findingId,
    target: finding.target.name,
    plan,
    conn,
    uri: host.libvirtUri ?? 'qemu:///system',
    label: `${plan.host}/${plan.domain}`,
  };
}

async function run(
  deps: ApplyDeps,
  r: Resolved,
  script: string,
): Promise<{ ok: true; out: string } | Failure> {
  const res = await deps.transport.run(r.conn, script, {
    timeoutMs: deps.timeoutMs ?? 60_000,
    maxBytes: MAX_BYTES,
  });
  if (!res.ok) return { ok: false, status: 502, error: `${r.conn.user}@${r.plan.host}: ${res.error}` };
  if (res.exitCode !== 0)
    return {
      ok: false,
      status: 502,
      error: `${r.conn.user}@${r.plan.host}: exit ${res.exitCode}: ${(res.stderr || res.stdout).trim().slice(0, 2000)}`,
    };
  return { ok: true, out: res.stdout };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const planIdOf = (before: string, after: string) => sha256(`${before}\0${after}`).slice(0, 32);

/** Reads the definition and computes the change; Failure when the edit no longer applies. */
async function compute(deps: ApplyDeps, r: Resolved) {
  const read = await run(deps, r, readDefinitionScript(r.uri, r.plan.domain));
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
  const audit = (ok: boolean, subject: string, detail: string) =>
    recordAudit(deps.db, {
      action: 'remediation.apply',
      ok,
      actor: actor.username,
      via: actor.via,
      address: actor.address,
      subject,
      detail,
    });
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
  const defined = await run(deps, r, defineScript(r.uri, c.after));
  if (!defined.ok) {
    await audit(false, subject, `failed: ${defined.error}; change: ${change}`);
    return {
      ok: true,
      outcome: {
        findingId,
        host: r.plan.host,
        domain: r.plan.domain,
        result: 'failed',
        diff: '',
        output: defined.error,
        verified: false,
      },
    };
  }
  const reread = await run(deps, r, readDefinitionScript(r.uri, r.plan.domain));
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
  const live = await run(deps, r, readLiveDefinitionScript(r.uri, r.plan.domain));
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
      findingId,
      host: r.plan.host,
      domain: r.plan.domain,
      result,
      diff: reread.ok ? definitionDiff(r.plan.domain, c.before, stored) : '',
      output,
      verified,
    },
  };
}
