// A fleet-row sparkline drawn on the server as plain SVG: 500 rows of Recharts would cost the browser
// seconds, a polyline costs nothing. Gaps (hours without a successful poll) break the line.

export function Sparkline({
  values,
  ceiling,
  tone,
  width = 110,
  height = 26,
  label,
}: {
  values: (number | null)[];
  /** top of the scale, e.g. the kernel's poolsize */
  ceiling: number | null;
  tone?: string;
  width?: number;
  height?: number;
  label: string;
}) {
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) {
    return (
      <svg width={width} height={height} className="sparkline" role="img">
        <title>{`${label}: no data`}</title>
        <line
          x1="0"
          x2={width}
          y1={height - 2}
          y2={height - 2}
          stroke="var(--border)"
          strokeDasharray="2 3"
        />
      </svg>
    );
  }
  const top = Math.max(ceiling ?? 0, ...present, 1);
  // Drawn on a 2× integer grid (viewBox) so coordinates need no decimals.
  const w = width * 2;
  const h = height * 2;
  const pad = 4;
  const x = (i: number) =>
    values.length === 1 ? w / 2 : Math.round(pad + (i * (w - 2 * pad)) / (values.length - 1));
  const y = (v: number) => Math.round(h - pad - (v / top) * (h - 2 * pad));

  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push([x(i), y(v)]);
  });
  if (run.length) runs.push(run);
  // A flat stretch (entropy pinned at 256 on modern kernels) needs only its end points.
  const simplified = runs.map((r) =>
    r.filter((p, i) => i === 0 || i === r.length - 1 || p[1] !== r[i - 1]![1] || p[1] !== r[i + 1]![1]),
  );

  const min = Math.min(...present);
  const max = Math.max(...present);
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${w} ${h}`}
      className={`sparkline${tone ? ` s-${tone}` : ''}`}
      role="img"
    >
      <title>{`${label}: min ${min}, max ${max}`}</title>
      {simplified.map((r, i) =>
        r.length === 1 ? (
          <circle key={i} cx={r[0]![0]} cy={r[0]![1]} r="3" fill="currentColor" />
        ) : (
          <polyline
            key={i}
            points={r.map(([px, py]) => `${px},${py}`).join(' ')}
            fill="none"
            stroke="currentColor"
            strokeWidth="3"
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        ),
      )}
    </svg>
  );
}
