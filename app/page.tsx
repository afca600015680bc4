import { Suspense } from 'react';
import { pageParamsToObject } from '@/lib/http/params';
import { parseFleetFilter } from '@/lib/queries/fleet-view';
import { AutoRefresh } from './ui/auto-refresh';
import { CollectorsCard } from './ui/collectors-card';
import { FleetControls } from './ui/fleet-controls';
import { FleetTable } from './ui/fleet-table';
import { TableSkeleton, TilesSkeleton } from './ui/skeletons';
import { Onboarding, SummaryTiles } from './ui/summary-tiles';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function FleetPage({ searchParams }: { searchParams: SearchParams }) {
  const params = pageParamsToObject(await searchParams);
  const filter = parseFleetFilter(params);
  const page = Number(params.page) || 1;
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Fleet</h1>
          <span className="meta-line">Entropy, RNG and disk configuration of every KVM host and guest</span>
        </div>
        <div className="actions">
          <AutoRefresh intervalMs={30_000} />
        </div>
      </div>
      <Suspense fallback={<TilesSkeleton />}>
        <SummaryTiles />
      </Suspense>
      <Suspense fallback={null}>
        <Onboarding />
      </Suspense>
      <FleetControls status={filter.status} freshness={filter.freshness} q={filter.q} sort={filter.sort} />
      <Suspense fallback={<TableSkeleton />}>
        <FleetTable filter={filter} page={page} />
      </Suspense>
      <Suspense fallback={null}>
        <CollectorsCard />
      </Suspense>
    </>
  );
}
