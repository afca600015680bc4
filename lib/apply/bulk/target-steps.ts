// The steps of one target of a bulk apply, each a command over the host's remediation account. A step's
// exit code and output are recorded (when the caller records: a dry run does not) as it finishes.
import { shellQuote } from '../../checks/remedy/shell-quote';
import { changedLines } from '../diff';
import { EditRefusedError, editDomainXml } from '../domain-edit';
import { planIdOf, type ApplyDeps, type Resolved } from '../service';
import { definitionHasFix } from '../verify';
import { defineScript, readDefinitionScript, readLiveDefinitionScript } from '../virsh-steps';
import { finishStep, startStep } from './run-store';
import { validateScript } from './validate-script';

const MAX_BYTES = 4 * 1024 * 1024;

export interface StepContext {
  deps: ApplyDeps;
  r: Resolved;
  /** the ApplyRunTarget row the steps are written to; absent in a dry run */
  recordTo?: number;
}

export type StepResult = { ok: true; out: string } | { ok: false; error: string };

/** Runs one step on the host; `shown` is the command as recorded (a heredoc body is not repeated). */
export async function runStep(
  ctx: StepContext,
  name: string,
  script: string,
  shown: string,
): Promise<StepResult> {
  const { deps, r } = ctx;
  const stepId = ctx.recordTo === undefined ? null : await startStep(deps.db, ctx.recordTo, name, shown);
  const res = await deps.transport.run(r.conn, script, {
    timeoutMs: deps.timeoutMs ?? 60_000,
    maxBytes: MAX_BYTES,
  });
  const who = `${r.conn.user}@${r.plan.host}`;
  let result: StepResult;
  let exitCode: number | null = null;
  let output: string;
  if (!res.ok) {
    output = `${who}: ${res.error}`;
    result = { ok: false, error: output };
  } else {
    exitCode = res.exitCode;
    output = [res.stdout.trimEnd(), res.stderr.trimEnd()].filter(Boolean).join('\n');
    result =
      res.exitCode === 0
        ? { ok: true, out: res.stdout }
        : {
            ok: false,
            error: `${who}: exit ${res.exitCode}: ${(res.stderr || res.stdout).trim().slice(0, 2000)}`,
          };
  }
  // A definition read back is long and is in the diff already: its step keeps a line, not the XML.
  const kept =
    name.startsWith('read') && result.ok ? `${res.ok ? res.stdout.length : 0} characters read` : output;
  if (stepId !== null) await finishStep(deps.db, stepId, { ok: result.ok, exitCode, output: kept });
  return result;
}

export type Edited =
  { ok: true; before: string; after: string; planId: string } | { ok: false; error: string };

/** Reads the persistent definition and makes the plan's edit to it (nothing is changed on the host). */
export async function readAndEdit(ctx: StepContext): Promise<Edited> {
  const { r } = ctx;
  const script = readDefinitionScript(r.uri, r.plan.domain);
  const read = await runStep(ctx, 'read definition', script, script);
  if (!read.ok) return read;
  try {
    const after = editDomainXml(read.out, r.plan.edit);
    return { ok: true, before: read.out, after, planId: planIdOf(read.out, after) };
  } catch (e) {
    const why = e instanceof EditRefusedError || e instanceof Error ? e.message : String(e);
    return { ok: false, error: `${r.label}: ${why}` };
  }
}

/** Validates the new definition on the host without storing it (validate-script.ts). */
export function validate(ctx: StepContext, after: string): Promise<StepResult> {
  const script = validateScript(ctx.r.uri, after);
  const shown = script.replace(
    /cat > domain\.xml <<'([A-Z_]+)'\n[\s\S]*?\n\1\n/,
    'cat > domain.xml  # the "after" side of the diff\n',
  );
  return runStep(ctx, 'validate', script, shown);
}

/** Defines the new definition (`virsh define --validate`); nothing is started or stopped. */
export function define(ctx: StepContext, after: string): Promise<StepResult> {
  // Something on stdout first: a failing script that printed nothing reads as a broken account.
  const script = `echo ${shellQuote(`defining ${ctx.r.plan.domain}`)}\n${defineScript(ctx.r.uri, after)}`;
  const shown = script.replace(
    /cat > domain\.xml <<'([A-Z_]+)'\n[\s\S]*?\n\1\n/,
    'cat > domain.xml  # the "after" side of the diff\n',
  );
  return runStep(ctx, 'define', script, shown);
}

/** Reads the persistent and the live definition back: does each have the fix? */
export async function verify(
  ctx: StepContext,
): Promise<
  { ok: true; stored: string; persistentHasFix: boolean; liveHasFix: boolean } | { ok: false; error: string }
> {
  const { r } = ctx;
  const p = readDefinitionScript(r.uri, r.plan.domain);
  const stored = await runStep(ctx, 'read back', p, p);
  if (!stored.ok) return stored;
  const l = readLiveDefinitionScript(r.uri, r.plan.domain);
  const live = await runStep(ctx, 'read live', l, l);
  if (!live.ok) return live;
  return {
    ok: true,
    stored: stored.out,
    persistentHasFix: definitionHasFix(stored.out, r.plan.edit),
    liveHasFix: definitionHasFix(live.out, r.plan.edit),
  };
}

/** The changed lines as one audit line: "-old +new". */
export function changeSummary(before: string, after: string): string {
  const lines = changedLines(before, after);
  return [...lines.removed.map((l) => `-${l.trim()}`), ...lines.added.map((l) => `+${l.trim()}`)].join(' ');
}
