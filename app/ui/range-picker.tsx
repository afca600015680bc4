import Link from 'next/link';
import { CHART_RANGES, type ChartRange } from '@/lib/http/params';

/** 1h / 24h / 7d / 30d as links (?range=), so the server renders the chart for the chosen range. */
export function RangePicker({ basePath, current }: { basePath: string; current: ChartRange }) {
  return (
    <nav className="segmented" aria-label="Chart range">
      {(Object.keys(CHART_RANGES) as ChartRange[]).map((r) => (
        <Link
          key={r}
          href={`${basePath}?range=${r}`}
          aria-current={r === current ? 'true' : undefined}
          scroll={false}
          replace
          prefetch={false}
        >
          {r}
        </Link>
      ))}
    </nav>
  );
}
