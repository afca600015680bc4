// The dry run of a bulk apply: for every finding, the preview (commands, diff, restart) and the
// validation of its new definition on its host. Nothing is stored anywhere.
import pLimit from 'p-limit';
import { definitionDiff } from '../diff';
import type { ApplyDeps, Failure } from '../service';
import { shownCommands } from '../virsh-steps';
import { resolveAll } from './resolve-all';
import { readAndEdit, validate } from './target-steps';
import { shownValidateCommands } from './validate-script';

export interface BulkPreviewTarget {
  findingId: number;
  host: string;
  domain: string;
  runAs: string;
  commands: string[];
  diff: string;
  /** null when the definition could not be read or edited (see validation.output) */
  planId: string | null;
  restartRequired: boolean;
  validation: { ok: boolean; output: string };
}

export interface BulkPreview {
  rule: string;
  /** every target's validation passed: applying may start */
  valid: boolean;
  targets: BulkPreviewTarget[];
}

/** Previews and validates every finding's fix (bounded concurrency); reads only. */
export async function previewBulk(
  deps: ApplyDeps,
  findingIds: number[],
  concurrency: number,
): Promise<{ ok: true; preview: BulkPreview } | Failure> {
  const all = await resolveAll(deps, findingIds);
  if (!all.ok) return all;
  const limit = pLimit(concurrency);
  const targets = await Promise.all(
    all.targets.map((r) =>
      limit(async (): Promise<BulkPreviewTarget> => {
        const base = {
          findingId: r.findingId,
          host: r.plan.host,
          domain: r.plan.domain,
          runAs: r.conn.user,
          commands: [
            ...shownCommands(r.uri, r.plan.domain).slice(0, 1),
            ...shownValidateCommands(r.uri),
            ...shownCommands(r.uri, r.plan.domain).slice(1),
          ],
          restartRequired: r.plan.restartRequired,
        };
        const ctx = { deps, r };
        const e = await readAndEdit(ctx);
        if (!e.ok) return { ...base, diff: '', planId: null, validation: { ok: false, output: e.error } };
        const v = await validate(ctx, e.after);
        return {
          ...base,
          diff: definitionDiff(r.plan.domain, e.before, e.after),
          planId: e.planId,
          validation: v.ok ? { ok: true, output: v.out.trim() } : { ok: false, output: v.error },
        };
      }),
    ),
  );
  return { ok: true, preview: { rule: all.rule, valid: targets.every((t) => t.validation.ok), targets } };
}
