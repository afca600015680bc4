// What every apply needs before it reads anything over SSH: the finding still open, and the inventory
// target with apply turned on, reached as its remediation account (never the monitoring one).
import type { Remediation } from '../checks/remedy/types';
import type { Inventory, SshTargetConfig } from '../inventory/types';
import { parseRemediationJson } from '../queries/stored-json';
import type { ApplyDeps, Failure } from './service';

export interface OpenFinding {
  rule: string;
  /** the finding's target */
  target: string;
  /** undefined when the stored text does not parse (then nothing is applied) */
  remediation: Remediation | undefined;
}

/** The open finding `findingId`; 404 when it does not exist, 409 when it is no longer open. */
export async function openFinding(deps: ApplyDeps, findingId: number): Promise<OpenFinding | Failure> {
  const finding = await deps.db.finding.findUnique({
    where: { id: findingId },
    select: { state: true, rule: true, remediation: true, target: { select: { name: true } } },
  });
  if (!finding) return { ok: false, status: 404, error: `finding ${findingId} does not exist` };
  if (finding.state !== 'open')
    return {
      ok: false,
      status: 409,
      error: `finding ${findingId} is ${finding.state}; only open findings are applied`,
    };
  const stored = parseRemediationJson(finding.remediation);
  return {
    rule: finding.rule,
    target: finding.target.name,
    remediation: stored.ok ? stored.value : undefined,
  };
}

/** Target `name` (a host when `kind` says so) as its remediation account; 403 saying how to turn apply on. */
export function remediationConn(
  inventory: Inventory,
  name: string,
  kind?: 'host',
): SshTargetConfig | Failure {
  const t = inventory.targets.find((c) => c.name === name && (kind === undefined || c.kind === kind));
  if (!t?.remediation)
    return {
      ok: false,
      status: 403,
      error: `applying fixes is off for ${name}: set remediation: {apply: true, user: ...} for it in the inventory (docs/apply.md)`,
    };
  return { ...t, user: t.remediation.user, identityFile: t.remediation.identityFile };
}
