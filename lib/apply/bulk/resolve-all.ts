// The findings of a bulk request, resolved: all exist, all are of one rule, each can be applied.
import { resolve, type ApplyDeps, type Failure, type Resolved } from '../service';

/** Resolves every finding, or one Failure naming each finding that cannot be applied and why. */
export async function resolveAll(
  deps: ApplyDeps,
  findingIds: number[],
): Promise<{ ok: true; rule: string; targets: Resolved[] } | Failure> {
  const rows = await deps.db.finding.findMany({
    where: { id: { in: findingIds } },
    select: { id: true, rule: true },
  });
  const missing = findingIds.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length)
    return { ok: false, status: 404, error: `findings ${missing.slice(0, 20).join(', ')} do not exist` };
  const rules = [...new Set(rows.map((r) => r.rule))].sort();
  if (rules.length > 1)
    return {
      ok: false,
      status: 422,
      error: `a bulk apply takes the findings of one rule; these are of ${rules.join(', ')}: select one rule`,
    };
  const targets: Resolved[] = [];
  const refused: Failure[] = [];
  for (const id of findingIds) {
    const r = await resolve(deps, id);
    if ('ok' in r) refused.push(r);
    else targets.push(r);
  }
  if (refused.length) {
    const status = refused.some((f) => f.status === 403) ? 403 : refused[0]!.status;
    const shown = refused.slice(0, 10).map((f) => f.error);
    const more = refused.length > 10 ? `; and ${refused.length - 10} more` : '';
    return {
      ok: false,
      status,
      error: `${refused.length} of ${findingIds.length} findings cannot be applied, so none is: ${shown.join('; ')}${more}`,
    };
  }
  const domains = new Set<string>();
  for (const t of targets) {
    const key = `${t.plan.host}/${t.plan.domain}`;
    if (domains.has(key))
      return {
        ok: false,
        status: 422,
        error: `two selected findings change the same domain ${key}: select one of them`,
      };
    domains.add(key);
  }
  return { ok: true, rule: rules[0]!, targets };
}
