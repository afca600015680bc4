import Link from 'next/link';
import type { FleetFilter } from '@/lib/queries/fleet-view';

/** The fleet page's URL for this filter and page (defaults left out, as FleetControls writes them). */
export function fleetPageHref(filter: Required<FleetFilter>, page: number): string {
  const params = new URLSearchParams();
  if (filter.status !== 'all') params.set('status', filter.status);
  if (filter.freshness !== 'all') params.set('freshness', filter.freshness);
  if (filter.q) params.set('q', filter.q);
  if (filter.sort !== 'status') params.set('sort', filter.sort);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/?${qs}` : '/';
}

/** Previous / next page of the fleet table, keeping the filter and the sort; nothing when one page. */
export function FleetPager({
  filter,
  page,
  pages,
  firstRow,
  lastRow,
  shown,
}: {
  filter: Required<FleetFilter>;
  page: number;
  pages: number;
  firstRow: number;
  lastRow: number;
  shown: number;
}) {
  if (pages <= 1) return null;
  return (
    <nav className="fleet-pager" aria-label="Fleet pages" data-testid="fleet-pager">
      <span className="sub">
        Rows {firstRow.toLocaleString('en')}–{lastRow.toLocaleString('en')} of {shown.toLocaleString('en')},
        page {page} of {pages}
      </span>
      <span className="end">
        {page > 1 ? (
          <Link href={fleetPageHref(filter, page - 1)} rel="prev" prefetch={false}>
            ← Previous
          </Link>
        ) : (
          <span className="muted">← Previous</span>
        )}
        {page < pages ? (
          <Link href={fleetPageHref(filter, page + 1)} rel="next" prefetch={false}>
            Next →
          </Link>
        ) : (
          <span className="muted">Next →</span>
        )}
      </span>
    </nav>
  );
}
