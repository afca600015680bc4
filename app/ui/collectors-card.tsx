import { getDb } from '@/lib/db/client';
import { listCollectors } from '@/lib/queries/list-collectors';
import { formatAgo, formatSpan } from './format';
import { requestNow } from './request-now';

/** Every collector process: alive or not, its site, the targets it holds and its last cycle. */
export async function CollectorsCard() {
  const now = requestNow();
  const collectors = await listCollectors(getDb(), now);
  if (collectors.length === 0) return null;
  return (
    <section className="card" aria-labelledby="collectors-title" data-testid="collectors">
      <div className="card-header">
        <h2 id="collectors-title">Collectors</h2>
        <span className="sub">
          {collectors.filter((c) => c.alive).length} of {collectors.length} reporting
        </span>
      </div>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Collector</th>
            <th scope="col">Site</th>
            <th scope="col">State</th>
            <th scope="col">Leases</th>
            <th scope="col">Last cycle</th>
            <th scope="col">Process</th>
          </tr>
        </thead>
        <tbody>
          {collectors.map((c) => (
            <tr key={c.id} data-testid={`collector-${c.id}`}>
              <td>{c.id}</td>
              <td>{c.site ?? '—'}</td>
              <td>{c.alive ? 'reporting' : `silent, last seen ${formatAgo(c.heartbeatAt, now)}`}</td>
              <td>{c.leases}</td>
              <td>
                {c.lastCycleAt
                  ? `${c.lastCycleTargets} targets in ${formatSpan(c.lastCycleMs ?? 0)}, ${formatAgo(c.lastCycleAt, now)}`
                  : 'none yet'}
              </td>
              <td>
                pid {c.pid} on {c.hostname}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
