import { getIdentity } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { loadInventory } from '@/lib/inventory/load';
import { ColdBootDialog } from './cold-boot-dialog';

/**
 * The Cold boot… control of a guest, shown only when it can be used: some open finding waits for a cold
 * boot, a signed-in operator or admin, and `remediation: apply: true` for the guest and its host.
 */
export async function ColdBootControl({ target, waiting }: { target: string; waiting: number }) {
  if (waiting === 0) return null;
  const who = await getIdentity();
  if (!who || !hasRole(who.role, 'operator')) return null;
  try {
    const targets = loadInventory().targets;
    const guest = targets.find((t) => t.name === target && t.kind === 'guest');
    const host = guest?.hostName ? targets.find((t) => t.name === guest.hostName && t.kind === 'host') : null;
    if (!guest?.remediation || !host?.remediation) return null;
    return <ColdBootDialog target={target} host={host.name} domain={guest.domain ?? guest.name} />;
  } catch {
    return null;
  }
}
