import type { Metadata } from 'next';
import Link from 'next/link';
import { AUDIT_RETENTION_DAYS, listAudit } from '@/lib/auth/audit';
import { requirePageRole } from '@/lib/auth/guard';
import { getDb } from '@/lib/db/client';
import { pageParamsToObject } from '@/lib/http/params';
import { formatTime } from '../ui/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log' };

const PAGE = 100;

/** Admins: who did what from where, newest first. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { identity, allowed } = await requirePageRole('admin');
  if (!allowed) {
    return (
      <div className="notice error" role="alert">
        Only admins read the audit log; you are signed in as {identity.username} ({identity.role}).
      </div>
    );
  }
  const q = pageParamsToObject(await searchParams);
  const before = q.before && /^\d+$/.test(q.before) ? Number(q.before) : undefined;
  const rows = await listAudit(getDb(), { limit: PAGE, ...(before ? { before } : {}) });
  const last = rows.at(-1);
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Audit log</h1>
          <span className="meta-line">
            Sign-ins, user and token changes, test events and applied fixes; kept at least{' '}
            {AUDIT_RETENTION_DAYS} days. Also GET /api/v1/audit.
          </span>
        </div>
      </div>
      <section className="card">
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Time</th>
                <th>Action</th>
                <th>Result</th>
                <th>Who</th>
                <th>Via</th>
                <th>Address</th>
                <th>Subject</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap">{formatTime(new Date(r.at))}</td>
                  <td className="mono">{r.action}</td>
                  <td className={r.ok ? 'yes' : 'bad'}>{r.ok ? 'ok' : 'refused'}</td>
                  <td>{r.actor ?? '—'}</td>
                  <td>{r.via ?? '—'}</td>
                  <td className="mono">{r.address ?? '—'}</td>
                  <td>{r.subject ?? '—'}</td>
                  <td>{r.detail ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length === 0 && <p className="muted card-body">Nothing recorded yet.</p>}
      </section>
      {last && rows.length === PAGE && (
        <Link className="button" href={`/audit?before=${last.id}`} prefetch={false}>
          Older entries
        </Link>
      )}
    </>
  );
}
