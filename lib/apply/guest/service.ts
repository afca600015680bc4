// Preview and apply of a fix that runs inside a target (issue 12): the commands the finding shows, each
// behind `sudo -n`, over the target's remediation account (never the monitoring one), stopping at the
// first that fails; then the target is probed again over the same session to see whether the fix holds.
import { createHash } from 'node:crypto';
import { sudoCommandText } from '../../checks/remedy/guest-commands';
import type { GuestApplyPlan } from '../../checks/remedy/types';
import type { SshTargetConfig } from '../../inventory/types';
import { parseProbeOutput } from '../../probe/parse';
import { buildProbeScript } from '../../probe/script';
import { parseRemediationJson } from '../../queries/stored-json';
import { openFinding, remediationConn } from '../remediation-access';
import { auditAs } from '../run-step';
import type { ApplyActor, ApplyDeps, Failure } from '../service';
import { stepResult, stepScript, type StepResult } from './step-script';
import { guestFixHolds } from './verify';

export interface GuestApplyPreview {
  kind: 'guest-commands';
  findingId: number;
  /** the inventory target the commands run on */
  target: string;
  runAs: string;
  /** exactly what runs, in order */
  commands: string[];
  planId: string;
  restartRequired: false;
}

export type GuestStepResult = StepResult;

export interface GuestApplyOutcome {
  kind: 'guest-commands';
  findingId: number;
  target: string;
  result: 'applied' | 'failed';
  steps: GuestStepResult[];
  output: string;
  verified: boolean;
}

interface Resolved {
  plan: GuestApplyPlan;
  conn: SshTargetConfig;
  commands: string[];
}

const MAX_BYTES = 1024 * 1024;

/** The finding's guest plan, or undefined when it has none (then the libvirt service decides). */
export async function guestPlanOf(deps: ApplyDeps, findingId: number): Promise<GuestApplyPlan | undefined> {
  const f = await deps.db.finding.findUnique({ where: { id: findingId }, select: { remediation: true } });
  if (!f) return undefined;
  const stored = parseRemediationJson(f.remediation);
  return stored.ok ? stored.value.guestApply : undefined;
}

async function resolve(deps: ApplyDeps, findingId: number): Promise<Resolved | Failure> {
  const finding = await openFinding(deps, findingId);
  if ('ok' in finding) return finding;
  const plan = finding.remediation?.guestApply;
  if (!plan)
    return { ok: false, status: 409, error: `the fix for ${finding.rule} is copy-only inside the target` };
  const conn = remediationConn(deps.inventory, plan.target);
  if ('ok' in conn) return conn;
  return { plan, conn, commands: plan.commands.map(sudoCommandText) };
}

const planIdOf = (r: Resolved) =>
  createHash('sha256')
    .update(JSON.stringify([r.plan.target, r.conn.user, r.commands]))
    .digest('hex')
    .slice(0, 32);

/** The preview: the exact commands (as the remediation account runs them) and a plan id bound to them. */
export async function previewGuestApply(
  deps: ApplyDeps,
  findingId: number,
): Promise<{ ok: true; preview: GuestApplyPreview } | Failure> {
  const r = await resolve(deps, findingId);
  if ('ok' in r) return r;
  return {
    ok: true,
    preview: {
      kind: 'guest-commands',
      findingId,
      target: r.plan.target,
      runAs: r.conn.user,
      commands: r.commands,
      planId: planIdOf(r),
      restartRequired: false,
    },
  };
}

/** Runs the previewed commands in order, stops at the first failure, probes again, audits. */
export async function applyGuestPlan(
  deps: ApplyDeps,
  findingId: number,
  planId: string,
  actor: ApplyActor,
): Promise<{ ok: true; outcome: GuestApplyOutcome } | Failure> {
  const audit = auditAs(deps.db, 'remediation.apply', actor);
  const r = await resolve(deps, findingId);
  if ('ok' in r) {
    await audit(false, `finding ${findingId}`, r.error);
    return r;
  }
  const subject = `finding ${findingId}: ${r.plan.action} in ${r.plan.target} as ${r.conn.user}`;
  if (planIdOf(r) !== planId) {
    const error = `the commands for ${r.plan.target} changed since the preview; preview again`;
    await audit(false, subject, error);
    return { ok: false, status: 409, error };
  }
  const steps: GuestStepResult[] = [];
  let failed: string | null = null;
  for (const command of r.commands) {
    const res = await deps.transport.run(r.conn, stepScript(command), {
      timeoutMs: deps.timeoutMs ?? 10 * 60_000,
      maxBytes: MAX_BYTES,
    });
    if (!res.ok) {
      steps.push({ command, exitCode: null, output: res.error });
      failed = `${command}: ${res.error}`;
      break;
    }
    const step = stepResult(command, res.stdout);
    steps.push(step);
    if (step.exitCode !== 0) {
      failed = `${command}: exit ${res.exitCode}`;
      break;
    }
  }
  let verified = false;
  let verifyNote = '';
  if (!failed) {
    const probe = await deps.transport.run(
      r.conn,
      buildProbeScript({ kind: r.conn.kind === 'host' ? 'host' : 'guest', libvirtUri: null }),
      { timeoutMs: deps.timeoutMs ?? 60_000, maxBytes: MAX_BYTES },
    );
    const parsed = probe.ok
      ? parseProbeOutput(probe.stdout, r.conn.kind === 'host' ? 'host' : 'guest')
      : null;
    if (parsed?.ok) {
      verified = guestFixHolds(r.plan, parsed.observation);
      if (!verified)
        verifyNote = 'the commands succeeded but the target, probed again, does not show the fix';
    } else
      verifyNote = `probing again failed: ${probe.ok ? parsed && !parsed.ok && parsed.error : probe.error}`;
  }
  const output = [
    ...steps.map(
      (s) =>
        `$ ${s.command}\n${s.output.trim()}${s.exitCode === 0 ? '' : `\n(exit ${s.exitCode ?? 'none'})`}`,
    ),
    verifyNote,
  ]
    .filter(Boolean)
    .join('\n');
  const result = verified ? 'applied' : 'failed';
  await audit(
    verified,
    subject,
    `${result}; ${steps.map((s) => `[${s.exitCode ?? 'x'}] ${s.command}`).join('; ')}${failed ? `; stopped: ${failed}` : ''}`,
  );
  return {
    ok: true,
    outcome: { kind: 'guest-commands', findingId, target: r.plan.target, result, steps, output, verified },
  };
}
