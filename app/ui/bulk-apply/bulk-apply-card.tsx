import { getIdentity } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { loadInventory } from '@/lib/inventory/load';
import type { FindingView } from '@/lib/queries/list-findings';
import { BulkApply, type BulkItem } from './bulk-apply';

/**
 * "Apply to many": on the findings page filtered to one rule, the open findings of that rule whose fix
 * can be applied (a libvirt domain plan, `remediation: apply: true` for the target and its host), with
 * checkboxes. Rendered only for operators and admins: a viewer gets no checkboxes and no Apply (the API
 * refuses them too).
 */
export async function BulkApplyCard({ rule, findings }: { rule: string; findings: FindingView[] }) {
  const who = await getIdentity();
  if (!who || !hasRole(who.role, 'operator')) return null;
  let targets: ReturnType<typeof loadInventory>['targets'] = [];
  try {
    targets = loadInventory().targets;
  } catch {
    return null;
  }
  const on = (name: string, kind?: string) =>
    !!targets.find((t) => t.name === name && (!kind || t.kind === kind))?.remediation;
  const items: BulkItem[] = findings
    .filter((f) => f.rule === rule && f.state === 'open' && f.remediation?.apply)
    .filter((f) => on(f.target) && on(f.remediation!.apply!.host, 'host'))
    .map((f) => ({
      findingId: f.id,
      target: f.target,
      host: f.remediation!.apply!.host,
      domain: f.remediation!.apply!.domain,
      waitingColdBoot: f.pendingColdBoot !== null,
    }));
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="bulk-apply-title" data-testid="bulk-apply">
      <div className="card-header">
        <h2 id="bulk-apply-title">Apply this fix to many</h2>
        <span className="sub">
          {items.length} open {rule} finding{items.length === 1 ? '' : 's'} can be applied
        </span>
      </div>
      <BulkApply rule={rule} items={items} />
    </section>
  );
}
