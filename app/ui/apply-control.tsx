import { getIdentity } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import type { Remediation } from '@/lib/checks/remedy/types';
import { loadInventory } from '@/lib/inventory/load';
import { cache } from 'react';
import { ApplyDialog } from './apply-dialog';

// Read once per request however many findings a page lists.
const inventoryTargets = cache(() => loadInventory().targets);

/**
 * The Apply… control of a finding, shown only when it can be used: an open finding whose fix declares an
 * apply plan, a signed-in operator or admin, and `remediation: apply: true` for the target (and, for a domain
 * change, its host).
 */
export async function ApplyControl({
  findingId,
  target,
  state,
  remediation,
}: {
  findingId: number;
  target: string;
  state: string;
  remediation: Remediation | null;
}) {
  const plan = remediation?.apply;
  const guestPlan = remediation?.guestApply;
  if (state !== 'open' || (!plan && !guestPlan)) return null;
  const who = await getIdentity();
  if (!who || !hasRole(who.role, 'operator')) return null;
  let enabled = false;
  try {
    const targets = inventoryTargets();
    const on = (name: string, host = false) =>
      !!targets.find((t) => t.name === name && (!host || t.kind === 'host'))?.remediation;
    // A fix inside the target needs its remediation account; a domain change also its host's.
    enabled = plan ? on(target) && on(plan.host, true) : on(guestPlan!.target);
  } catch {
    enabled = false;
  }
  return enabled ? <ApplyDialog findingId={findingId} /> : null;
}
