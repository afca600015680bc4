import { getIdentity } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { listDomainChanges } from '@/lib/apply/domain-changes';
import { getDb } from '@/lib/db/client';
import { RevertDialog } from './revert-dialog';

/**
 * The domain changes apply made for a finding (newest first), each with Revert… for operators while it
 * has not been reverted; nothing when there are none.
 */
export async function ApplyHistory({ findingId }: { findingId: number }) {
  const changes = await listDomainChanges(getDb(), findingId);
  if (changes.length === 0) return null;
  const who = await getIdentity();
  const operator = !!who && hasRole(who.role, 'operator');
  return (
    <div className="apply-history" data-testid="apply-history">
      <span className="label">Applied changes</span>
      <ul>
        {changes.map((c) => (
          <li key={c.id} data-testid="apply-history-entry" data-change={c.id}>
            {c.revertOf ? `Revert of change #${c.revertOf}` : `Change #${c.id}`} to {c.domain} on {c.host} by{' '}
            {c.actor}, {c.at.toISOString().replace('T', ' ').slice(0, 16)} UTC
            {c.revertedAt
              ? ` · reverted by ${c.revertedBy ?? '?'} ${c.revertedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`
              : ''}
            {operator && !c.revertOf && (
              <>
                {' '}
                <RevertDialog changeId={c.id} reverted={!!c.revertedAt} />
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
