// Revert of one applied domain change (issue 12): defines the definition libvirt printed before the
// apply back, over the host's remediation account. Previewed like an apply (the diff from what is stored
// now to the before text, a plan id bound to both), refused when the definition changed since the apply
// (a revert would silently undo that later change too), verified byte for byte, recorded and audited.
import { createHash } from 'node:crypto';
import type { SshTargetConfig } from '../inventory/types';
import { definitionDiff } from './diff';
import { getDomainChange, markReverted, recordDomainChange, type DomainChangeRow } from './domain-changes';
import { remediationConn } from './remediation-access';
import { auditAs, runStep } from './run-step';
import type { ApplyActor, ApplyDeps, Failure } from './service';
import { defineScript, readDefinitionScript, shownCommands } from './virsh-steps';

export interface RevertPreview {
  changeId: number;
  host: string;
  domain: string;
  runAs: string;
  commands: string[];
  /** from the definition stored now to the one before the apply */
  diff: string;
  planId: string;
}

export interface RevertOutcome {
  changeId: number;
  host: string;
  domain: string;
  result: 'reverted' | 'failed';
  output: string;
  /** the definition read back equals the before text byte for byte */
  verified: boolean;
  /** the revert's own change record */
  revertChangeId: number | null;
}

interface Resolved {
  change: DomainChangeRow;
  conn: SshTargetConfig;
  uri: string;
  label: string;
}

const planIdOf = (now: string, before: string) =>
  createHash('sha256').update(`revert\0${now}\0${before}`).digest('hex').slice(0, 32);

async function resolve(deps: ApplyDeps, changeId: number): Promise<Resolved | Failure> {
  const change = await getDomainChange(deps.db, changeId);
  if (!change) return { ok: false, status: 404, error: `change ${changeId} does not exist` };
  if (change.revertedAt)
    return {
      ok: false,
      status: 409,
      error: `change ${changeId} was reverted already (${change.revertedAt.toISOString()} by ${change.revertedBy})`,
    };
  const conn = remediationConn(deps.inventory, change.host, 'host');
  if ('ok' in conn) return conn;
  return {
    change,
    conn,
    uri: conn.libvirtUri ?? 'qemu:///system',
    label: `${change.host}/${change.domain}`,
  };
}

/** Reads what is stored now; refuses when it is no longer what the apply left. */
async function readNow(deps: ApplyDeps, r: Resolved): Promise<{ ok: true; now: string } | Failure> {
  const read = await runStep(deps, r.conn, r.change.host, readDefinitionScript(r.uri, r.change.domain));
  if (!read.ok) return read;
  if (read.out !== r.change.afterXml)
    return {
      ok: false,
      status: 409,
      error:
        `the definition of ${r.label} changed since change ${r.change.id} was applied; reverting would undo ` +
        'that later change too. Edit it by hand (virsh edit) instead.',
    };
  return { ok: true, now: read.out };
}

/** The revert's preview: the diff back to the before text and a plan id. Reads only. */
export async function previewRevert(
  deps: ApplyDeps,
  changeId: number,
): Promise<{ ok: true; preview: RevertPreview } | Failure> {
  const r = await resolve(deps, changeId);
  if ('ok' in r) return r;
  const now = await readNow(deps, r);
  if (!now.ok) return now;
  return {
    ok: true,
    preview: {
      changeId,
      host: r.change.host,
      domain: r.change.domain,
      runAs: r.conn.user,
      commands: shownCommands(r.uri, r.change.domain),
      diff: definitionDiff(r.change.domain, now.now, r.change.beforeXml),
      planId: planIdOf(now.now, r.change.beforeXml),
    },
  };
}

/** Defines the before text back (plan `planId` only), reads it back, records and audits. */
export async function applyRevert(
  deps: ApplyDeps,
  changeId: number,
  planId: string,
  actor: ApplyActor,
): Promise<{ ok: true; outcome: RevertOutcome } | Failure> {
  const audit = auditAs(deps.db, 'remediation.revert', actor);
  const r = await resolve(deps, changeId);
  if ('ok' in r) {
    await audit(false, `change ${changeId}`, r.error);
    return r;
  }
  const subject = `change ${changeId} (finding ${r.change.findingId ?? '-'}, ${r.change.rule}) on ${r.label} as ${r.conn.user}`;
  const now = await readNow(deps, r);
  if (!now.ok) {
    await audit(false, subject, now.error);
    return now;
  }
  if (planIdOf(now.now, r.change.beforeXml) !== planId) {
    const error = `the revert of ${r.label} is not the one previewed; preview again`;
    await audit(false, subject, error);
    return { ok: false, status: 409, error };
  }
  const outcome = (
    result: RevertOutcome['result'],
    output: string,
    verified: boolean,
    id: number | null,
  ) => ({
    ok: true as const,
    outcome: {
      changeId,
      host: r.change.host,
      domain: r.change.domain,
      result,
      output,
      verified,
      revertChangeId: id,
    },
  });
  const defined = await runStep(deps, r.conn, r.change.host, defineScript(r.uri, r.change.beforeXml));
  if (!defined.ok) {
    await audit(false, subject, `failed: ${defined.error}`);
    return outcome('failed', defined.error, false, null);
  }
  const reread = await runStep(deps, r.conn, r.change.host, readDefinitionScript(r.uri, r.change.domain));
  const verified = reread.ok && reread.out === r.change.beforeXml;
  let revertId: number | null = null;
  if (reread.ok) {
    revertId = await recordDomainChange(deps.db, {
      actor: actor.username,
      findingId: r.change.findingId,
      rule: r.change.rule,
      host: r.change.host,
      domain: r.change.domain,
      beforeXml: now.now,
      afterXml: reread.out,
      revertOf: changeId,
    });
  }
  if (verified) await markReverted(deps.db, changeId, actor.username);
  const note = verified
    ? ''
    : `\nthe definition read back is not the one before the apply${reread.ok ? '' : `: ${reread.error}`}`;
  await audit(verified, subject, `${verified ? 'reverted' : 'failed'}; virsh: ${defined.out.trim()}${note}`);
  return outcome(verified ? 'reverted' : 'failed', defined.out.trim() + note, verified, revertId);
}
