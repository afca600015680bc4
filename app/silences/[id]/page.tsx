import { appNow } from '@/lib/config/clock';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/guard';
import { getDb } from '@/lib/db/client';
import { listFindingRules } from '@/lib/queries/list-findings';
import { getSilence } from '@/lib/silences/store';
import { formatTime } from '../../ui/format';
import { ExpireSilenceButton, SilenceForm } from '../silence-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit silence' };

/** One silence: change what it matches, its comment or its expiry, or expire it now. */
export default async function EditSilencePage({ params }: { params: Promise<{ id: string }> }) {
  const { allowed } = await requirePageRole('operator');
  const { id: raw } = await params;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const db = getDb();
  const [silence, rules] = await Promise.all([getSilence(db, Number(raw), appNow()), listFindingRules(db)]);
  if (!silence) notFound();
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Silence #{silence.id}</h1>
          <span className="meta-line">
            by {silence.createdBy}, {formatTime(silence.createdAt)} ·{' '}
            {silence.state === 'active' ? 'expires' : 'expired'} {formatTime(silence.expiresAt)}
          </span>
        </div>
        <Link href="/silences" prefetch={false}>
          All silences
        </Link>
      </div>
      <section className="card">
        <div className="card-body">
          {!allowed && <div className="notice">Changing a silence needs the operator role.</div>}
          {allowed && silence.state === 'active' && (
            <>
              <SilenceForm
                id={silence.id}
                matchers={silence.matchers}
                comment={silence.comment}
                rules={rules}
              />
              <ExpireSilenceButton id={silence.id} />
            </>
          )}
          {silence.state === 'expired' && (
            <div className="notice">This silence has expired; it is kept as history.</div>
          )}
        </div>
      </section>
    </>
  );
}
