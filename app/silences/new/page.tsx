import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { getDb } from '@/lib/db/client';
import { pageParamsToObject } from '@/lib/http/params';
import { listFindingRules } from '@/lib/queries/list-findings';
import { SilenceForm } from '../silence-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New silence' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The new-silence form, prefilled from ?rule=&target=&host=&subject= ("Silence…" on a finding or alert). */
export default async function NewSilencePage({ searchParams }: { searchParams: SearchParams }) {
  const { allowed } = await requirePageRole('operator');
  const raw = pageParamsToObject(await searchParams);
  const text = (v: string | undefined) => (v !== undefined && v.length <= 200 ? v : undefined);
  const from = /^\d{1,9}$/.test(raw.from ?? '') ? Number(raw.from) : undefined;
  const rules = await listFindingRules(getDb());
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>New silence</h1>
          <span className="meta-line">
            Matching findings stay visible, marked silenced, and send no alert until it expires
          </span>
        </div>
        <Link href="/silences" prefetch={false}>
          All silences
        </Link>
      </div>
      <section className="card">
        <div className="card-body">
          {allowed ? (
            <SilenceForm
              matchers={{
                rule: text(raw.rule),
                target: text(raw.target),
                host: text(raw.host),
                subject: text(raw.subject),
              }}
              from={from}
              rules={rules}
            />
          ) : (
            <div className="notice" role="alert">
              Creating a silence needs the operator role. Ask an admin, or add an accept: entry to the
              inventory.
            </div>
          )}
        </div>
      </section>
    </>
  );
}
