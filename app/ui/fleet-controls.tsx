'use client';

import { usePathname, useRouter } from 'next/navigation';
import { startTransition, useEffect, useRef, useState } from 'react';
import type { FleetFreshnessFilter, FleetSort, FleetStatusFilter } from '@/lib/queries/fleet-view';

const STATUS_OPTIONS: [FleetStatusFilter, string][] = [
  ['all', 'All statuses'],
  ['unhealthy', 'Unhealthy (needs a look)'],
  ['critical', 'Critical'],
  ['warning', 'Warning'],
  ['info', 'Info'],
  ['ok', 'OK'],
];

const FRESHNESS_OPTIONS: [FleetFreshnessFilter, string][] = [
  ['all', 'Any age'],
  ['fresh', 'Fresh'],
  ['stale', 'Stale'],
  ['unreachable', 'Unreachable'],
];

const SORT_OPTIONS: [FleetSort, string][] = [
  ['status', 'Worst first'],
  ['name', 'Name'],
  ['entropy', 'Lowest entropy'],
  ['last-poll', 'Oldest poll'],
];

/**
 * Filter, search and sort of the fleet table, kept in the URL (?status=&freshness=&q=&sort=) so the server renders
 * the filtered table, links can be shared, and auto-refresh keeps the view. Without JavaScript the form
 * still submits as a GET.
 */
export function FleetControls({
  status,
  freshness,
  q,
  sort,
}: {
  status: FleetStatusFilter;
  freshness: FleetFreshnessFilter;
  q: string;
  sort: FleetSort;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [text, setText] = useState(q);
  const first = useRef(true);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  // The filters as last asked for. The props lag behind a navigation until its server render commits,
  // so a quick second change (pick "Any age", then type) must not rebuild the URL from stale props.
  const asked = useRef<{ status: string; freshness: string; sort: string }>({ status, freshness, sort });
  useEffect(() => {
    asked.current = { status, freshness, sort };
  }, [status, freshness, sort]);

  const navigate = (next: { status?: string; freshness?: string; q?: string; sort?: string }) => {
    const params = new URLSearchParams();
    const merged = { ...asked.current, q: text, ...next };
    asked.current = { status: merged.status, freshness: merged.freshness, sort: merged.sort };
    if (merged.status && merged.status !== 'all') params.set('status', merged.status);
    if (merged.freshness && merged.freshness !== 'all') params.set('freshness', merged.freshness);
    if (merged.q.trim()) params.set('q', merged.q.trim());
    if (merged.sort && merged.sort !== 'status') params.set('sort', merged.sort);
    const qs = params.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };

  // Search as you type, once typing pauses.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => navigate({ q: text }), 250);
    return () => clearTimeout(t);
  }, [text]);

  return (
    <form
      className="toolbar"
      role="search"
      action={pathname}
      method="get"
      data-ready={ready ? 'true' : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        navigate({ q: text });
      }}
    >
      <label className="field">
        <span className="visually-hidden">Search targets</span>
        <input
          type="search"
          name="q"
          placeholder="Search name, domain, address…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
        />
      </label>
      <label className="field">
        Status
        <select name="status" value={status} onChange={(e) => navigate({ status: e.target.value })}>
          {STATUS_OPTIONS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Data
        <select name="freshness" value={freshness} onChange={(e) => navigate({ freshness: e.target.value })}>
          {FRESHNESS_OPTIONS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Sort
        <select name="sort" value={sort} onChange={(e) => navigate({ sort: e.target.value })}>
          {SORT_OPTIONS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="visually-hidden" tabIndex={-1}>
        Apply
      </button>
    </form>
  );
}
