import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { getDb } from '@/lib/db/client';
import { describeIssues } from '@/lib/http/response';
import { findingsQuerySchema, pageParamsToObject, type FindingsQuery } from '@/lib/http/params';
import { listFindingRules, listFindings } from '@/lib/queries/list-findings';
import { maskForViewer } from '@/lib/auth/exposure-server';
import { getRuleInfo } from '@/lib/queries/rule-catalog';
import { FindingItem, FindingList } from '../ui/finding-list';
import { requestNow } from '../ui/request-now';
import { BulkApplyCard } from '../ui/bulk-apply/bulk-apply-card';
import { ComplianceCard } from '../ui/compliance-card';
import { ScrollToFinding } from '../ui/scroll-to-finding';
import { TableSkeleton } from '../ui/skeletons';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Findings' };

const LIMIT = 500;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Every finding, filterable by state, severity, rule and target; ?id=N opens one (alert links point here). */
export default async function FindingsPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = pageParamsToObject(await searchParams);
  const id = /^\d{1,9}$/.test(raw.id ?? '') ? Number(raw.id) : undefined;
  const parsed = findingsQuerySchema.safeParse(raw);
  const query: FindingsQuery = parsed.success ? parsed.data : { state: 'open' };
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const rules = await listFindingRules(getDb());

  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Findings</h1>
          <span className="meta-line">What the rules found, why it matters, and the exact fix</span>
        </div>
      </div>
      {problems.length > 0 && (
        <div className="notice error" role="alert">
          Some filters were ignored: {problems.map((p) => `${p.param} ${p.message}`).join('; ')}.
        </div>
      )}
      <form className="toolbar" method="get" action="/findings">
        <nav className="segmented" aria-label="State">
          {(['open', 'silenced', 'accepted', 'resolved', 'all'] as const).map((s) => (
            <Link
              key={s}
              href={filterHref({ ...query, state: s })}
              aria-current={query.state === s ? 'true' : undefined}
              prefetch={false}
            >
              {STATE_LABEL[s]}
            </Link>
          ))}
        </nav>
        <input type="hidden" name="state" value={query.state} />
        <label className="field">
          Severity
          <select name="severity" defaultValue={query.severity?.join(',') ?? ''}>
            <option value="">Any</option>
            <option value="critical">Critical</option>
            <option value="warning,critical">Warning and worse</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </label>
        <label className="field">
          Rule
          <select name="rule" defaultValue={query.rule ?? ''}>
            <option value="">Any</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {getRuleInfo(r)?.title ?? r} ({r})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Target
          <input
            type="text"
            name="target"
            defaultValue={query.target ?? ''}
            placeholder="exact name"
            size={14}
          />
        </label>
        <button type="submit">Filter</button>
        {(query.severity || query.rule || query.target) && (
          <Link href={filterHref({ state: query.state })} prefetch={false}>
            Clear
          </Link>
        )}
      </form>
      <Suspense fallback={<TableSkeleton rows={6} />}>
        <Findings query={query} id={id} />
      </Suspense>
      <Suspense fallback={<TableSkeleton rows={3} />}>
        <ComplianceCard />
      </Suspense>
    </>
  );
}

const STATE_LABEL = {
  open: 'Open',
  silenced: 'Silenced',
  accepted: 'Accepted',
  resolved: 'Resolved',
  all: 'All',
} as const;

function filterParams(q: Partial<FindingsQuery>): URLSearchParams {
  const p = new URLSearchParams();
  if (q.state && q.state !== 'open') p.set('state', q.state);
  if (q.severity?.length) p.set('severity', q.severity.join(','));
  if (q.rule) p.set('rule', q.rule);
  if (q.target) p.set('target', q.target);
  if (q.silenced !== undefined) p.set('silenced', String(q.silenced));
  if (q.accepted !== undefined) p.set('accepted', String(q.accepted));
  return p;
}

function filterHref(q: Partial<FindingsQuery>): string {
  const s = filterParams(q).toString();
  return s ? `/findings?${s}` : '/findings';
}

/** The API URL that downloads exactly this view (the state is always spelled out in the file name). */
function downloadHref(q: FindingsQuery, format: 'csv' | 'json'): string {
  const p = filterParams(q);
  p.set('state', q.state);
  p.set('format', format);
  return `/api/v1/findings?${p.toString()}`;
}

async function Findings({ query, id }: { query: FindingsQuery; id: number | undefined }) {
  const db = getDb();
  const [rows, linked] = await Promise.all([
    listFindings(db, { ...query, now: requestNow(), limit: LIMIT + 1 }).then(maskForViewer),
    id !== undefined ? listFindings(db, { id, now: requestNow() }).then(maskForViewer) : Promise.resolve([]),
  ]);
  const now = requestNow();
  const target = linked[0];
  const list = rows.slice(0, LIMIT).filter((f) => f.id !== target?.id);
  return (
    <>
      {id !== undefined && !target && (
        <div className="notice error" role="alert">
          Finding #{id} does not exist (it may have been removed with its target).
        </div>
      )}
      {target && (
        <section className="card" aria-label={`Finding ${target.id}`} data-testid="linked-finding">
          <div className="card-header">
            <h2>Finding #{target.id}</h2>
            <span className="sub">linked</span>
          </div>
          <div className="finding-list">
            <FindingItem finding={target} now={now} open highlight />
          </div>
          <ScrollToFinding id={target.id} />
        </section>
      )}
      {query.rule && query.state === 'open' && <BulkApplyCard rule={query.rule} findings={list} />}
      <section className="card" aria-labelledby="findings-title">
        <div className="card-header">
          <h2 id="findings-title">
            {query.state === 'all' ? 'All findings' : `${STATE_LABEL[query.state]} findings`}
          </h2>
          <span className="sub" data-testid="findings-count">
            {rows.length > LIMIT ? `first ${LIMIT} shown; narrow the filter` : `${rows.length} total`}
          </span>
          <span className="downloads">
            Download this view:
            <a href={downloadHref(query, 'csv')} download data-testid="download-csv">
              CSV
            </a>
            <a href={downloadHref(query, 'json')} download data-testid="download-json">
              JSON
            </a>
          </span>
        </div>
        <FindingList findings={list} now={now} empty="No finding matches this filter." />
      </section>
    </>
  );
}
