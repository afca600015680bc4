import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { requirePageRole } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { getDb } from '@/lib/db/client';
import { describeMatchers } from '@/lib/silences/match';
import { listSilences, type SilenceView } from '@/lib/silences/store';
import { formatAgo, formatTime } from '../ui/format';
import { requestNow } from '../ui/request-now';
import { TableSkeleton } from '../ui/skeletons';
import { ExpireSilenceButton } from './silence-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Silences' };

/** Every silence: what it matches, who made it, when and why, until when, and what it covers now. */
export default async function SilencesPage() {
  const { identity } = await requirePageRole('viewer');
  const operator = hasRole(identity.role, 'operator');
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Silences</h1>
          <span className="meta-line">
            Findings someone decided to live with for a while: still judged and shown, but no alerts
          </span>
        </div>
        {operator && (
          <Link href="/silences/new" prefetch={false} className="button-link">
            New silence
          </Link>
        )}
      </div>
      <Suspense fallback={<TableSkeleton rows={4} />}>
        <SilenceTable operator={operator} />
      </Suspense>
    </>
  );
}

async function SilenceTable({ operator }: { operator: boolean }) {
  const now = requestNow();
  const silences = await listSilences(getDb(), now);
  if (silences.length === 0) {
    return (
      <section className="card">
        <div className="empty-state">
          No silences yet. Use “Silence…” on a finding or on the Alerts page; for a permanent decision add an{' '}
          <span className="mono">accept:</span> entry to the inventory.
        </div>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="silences-title">
      <div className="card-header">
        <h2 id="silences-title">Silences</h2>
        <span className="sub">{silences.filter((s) => s.state === 'active').length} active</span>
      </div>
      <div className="table-wrap">
        <table className="silences">
          <thead>
            <tr>
              <th scope="col">Matches</th>
              <th scope="col">Why</th>
              <th scope="col">By</th>
              <th scope="col">Until</th>
              <th scope="col">Covers</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {silences.map((s) => (
              <SilenceRow key={s.id} s={s} now={now} operator={operator} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SilenceRow({ s, now, operator }: { s: SilenceView; now: Date; operator: boolean }) {
  return (
    <tr data-silence-id={s.id} data-state={s.state}>
      <td className="mono">{describeMatchers(s.matchers)}</td>
      <td>{s.comment}</td>
      <td>
        {s.createdBy}
        <span className="cell-sub" title={formatTime(s.createdAt)}>
          {formatAgo(s.createdAt, now)}
          {s.updatedBy && ` · changed by ${s.updatedBy} ${formatAgo(s.updatedAt, now)}`}
        </span>
      </td>
      <td className="nowrap" title={formatTime(s.expiresAt)}>
        <span className={`badge ${s.state === 'active' ? 's-silenced' : 's-neutral'}`}>{s.state}</span>{' '}
        {s.state === 'active' ? `expires ${formatTime(s.expiresAt)}` : `ended ${formatAgo(s.expiresAt, now)}`}
      </td>
      <td className="num">
        {s.state === 'active' ? (
          <Link href="/findings?state=silenced" prefetch={false}>
            {s.covering} open
          </Link>
        ) : (
          '–'
        )}
      </td>
      <td className="nowrap">
        {operator && s.state === 'active' && (
          <>
            <Link href={`/silences/${s.id}`} prefetch={false}>
              Edit
            </Link>{' '}
            <ExpireSilenceButton id={s.id} />
          </>
        )}
      </td>
    </tr>
  );
}
