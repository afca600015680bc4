// Placeholders shown while a card's data streams in (each card sits in its own <Suspense>).

export function LinesSkeleton({ lines = 4 }: { lines?: number }) {
  return (
    <div className="card-body" aria-busy="true" aria-label="Loading">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton skeleton-line" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

export function ChartSkeleton() {
  return (
    <div className="card-body" aria-busy="true" aria-label="Loading chart">
      <div className="skeleton" style={{ height: 236 }} />
    </div>
  );
}

export function TilesSkeleton() {
  return (
    <div className="tiles" aria-busy="true" aria-label="Loading summary">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="tile">
          <div className="skeleton" style={{ height: 12, width: '50%' }} />
          <div className="skeleton" style={{ height: 26, width: '30%', marginTop: 6 }} />
        </div>
      ))}
    </div>
  );
}

export function TableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div className="card" aria-busy="true" aria-label="Loading table">
      <div className="card-body">
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 18, margin: '12px 0' }} />
        ))}
      </div>
    </div>
  );
}
