import Link from 'next/link';
import { getDb } from '@/lib/db/client';
import { getCompliance } from '@/lib/queries/get-compliance';
import { readInventorySettings } from '@/lib/queries/inventory-settings';
import { getRuleInfo } from '@/lib/queries/rule-catalog';
import { formatAgo, formatTime } from './format';
import { requestNow } from './request-now';

/** Per rule across the fleet: targets affected, oldest open, silenced, accepted; and stale accept: entries. */
export async function ComplianceCard() {
  const now = requestNow();
  const { rules, staleExceptions } = await getCompliance(getDb(), readInventorySettings().accept, now);
  return (
    <section className="card" aria-labelledby="compliance-title" data-testid="compliance">
      <div className="card-header">
        <h2 id="compliance-title">Compliance by rule</h2>
        <span className="sub">
          <Link href="/api/v1/findings/compliance" prefetch={false}>
            JSON
          </Link>
        </span>
      </div>
      {staleExceptions.length > 0 && (
        <div className="notice" role="status" data-testid="stale-exceptions">
          {staleExceptions.length} accepted exception{staleExceptions.length === 1 ? '' : 's'} no longer match
          any open finding; remove {staleExceptions.length === 1 ? 'it' : 'them'} from the inventory so
          exceptions do not outlive their reason:{' '}
          {staleExceptions
            .map((s) => `${s.where}: ${s.entry.rule}${s.entry.subject ? ` (${s.entry.subject})` : ''}`)
            .join('; ')}
        </div>
      )}
      {rules.length === 0 ? (
        <div className="empty-state">No open findings: every rule passes.</div>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col" className="num">
                  Targets
                </th>
                <th scope="col">Oldest open</th>
                <th scope="col" className="num">
                  Silenced
                </th>
                <th scope="col" className="num">
                  Accepted
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.rule} data-rule={r.rule}>
                  <td>
                    <Link href={`/findings?rule=${encodeURIComponent(r.rule)}`} prefetch={false}>
                      {getRuleInfo(r.rule)?.title ?? r.rule}
                    </Link>{' '}
                    <span className="mono muted">({r.rule})</span>
                  </td>
                  <td className="num">{r.targets}</td>
                  <td title={formatTime(r.oldestOpenAt)}>{formatAgo(r.oldestOpenAt, now)}</td>
                  <td className="num">{r.silenced}</td>
                  <td className="num">{r.accepted}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
