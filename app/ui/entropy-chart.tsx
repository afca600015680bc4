'use client';

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { SeriesPoint } from '@/lib/queries/get-sample-series';

export interface ReferenceMark {
  y: number;
  label: string;
  tone: 'ok' | 'warn' | 'crit';
}

interface Row {
  at: number;
  avg: number | null;
  band: [number, number] | null;
  /** top of the scale where every poll in the bucket failed, so outages show as shaded columns */
  down: number | null;
  ok: number;
  failures: number;
  min: number | null;
  max: number | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Ticks on round local times: every 10 min for an hour, 3 h for a day, 1 d for a week, 5 d for a month.
function timeTicks(from: number, to: number): number[] {
  const span = to - from;
  const step =
    span <= 2 * HOUR
      ? 10 * 60_000
      : span <= 2 * DAY
        ? 3 * HOUR
        : span <= 10 * DAY
          ? DAY
          : span <= 40 * DAY
            ? 5 * DAY
            : 30 * DAY;
  const ticks: number[] = [];
  const d = new Date(from);
  if (step >= DAY) {
    // Walk calendar days so ticks stay on local midnight across DST changes.
    d.setHours(0, 0, 0, 0);
    while (d.getTime() <= to) {
      if (d.getTime() >= from) ticks.push(d.getTime());
      d.setDate(d.getDate() + step / DAY);
    }
    return ticks;
  }
  if (step >= HOUR) d.setHours(Math.floor(d.getHours() / (step / HOUR)) * (step / HOUR), 0, 0, 0);
  else d.setMinutes(Math.floor(d.getMinutes() / 10) * 10, 0, 0);
  for (let t = d.getTime(); t <= to; t += step) if (t >= from) ticks.push(t);
  return ticks;
}

function tickLabel(span: number) {
  const fmt =
    span <= 2 * DAY
      ? new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      : new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  return (t: number) => fmt.format(t);
}

const fullTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function ChartTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <div className="t">{fullTime.format(row.at)}</div>
      {row.avg !== null ? (
        <div>
          avg <b>{row.avg}</b> · min {row.min} · max {row.max}
        </div>
      ) : (
        <div>no successful poll</div>
      )}
      <div className="muted">
        {row.ok} ok{row.failures ? ` · ${row.failures} failed` : ''}
      </div>
    </div>
  );
}

/** Entropy over time: min–max band, average line, failed buckets shaded, and the reference lines of the kernel model. */
export function EntropyChart({
  points,
  from,
  to,
  yMax,
  references,
  label,
}: {
  points: SeriesPoint[];
  from: number;
  to: number;
  /** top of the y axis (the poolsize for known kernel models); null = fit the data */
  yMax: number | null;
  references: ReferenceMark[];
  label: string;
}) {
  const dataMax = Math.max(0, ...points.map((p) => p.max ?? 0));
  const top = yMax ?? Math.max(16, Math.ceil((dataMax * 1.1) / 16) * 16);
  const rows: Row[] = points.map((p) => ({
    at: p.at,
    avg: p.avg,
    band: p.min !== null && p.max !== null ? [p.min, p.max] : null,
    down: p.ok === 0 && p.failures > 0 ? top : null,
    ok: p.ok,
    failures: p.failures,
    min: p.min,
    max: p.max,
  }));
  const okPoints = rows.filter((r) => r.avg !== null).length;
  const ticks = timeTicks(from, to);
  const yTicks =
    top === 288 ? [0, 64, 128, 192, 256] : top === 4096 ? [0, 1024, 2048, 3072, 4096] : undefined;
  const refColor = {
    ok: 'var(--chart-ref-ok)',
    warn: 'var(--chart-ref-warn)',
    crit: 'var(--chart-ref-crit)',
  };

  return (
    <div
      className="chart"
      data-testid="entropy-chart"
      data-point-count={okPoints}
      aria-label={label}
      role="img"
    >
      <ComposedChart
        responsive
        style={{ width: '100%', height: '100%' }}
        data={rows}
        margin={{ top: 12, right: 20, bottom: 4, left: 0 }}
      >
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={[from, to]}
          ticks={ticks}
          tickFormatter={tickLabel(to - from)}
          stroke="var(--chart-axis)"
          tick={{ fontSize: 11, fill: 'var(--chart-axis)' }}
          tickLine={false}
          axisLine={{ stroke: 'var(--chart-grid)' }}
          minTickGap={24}
        />
        <YAxis
          domain={[0, top]}
          ticks={yTicks}
          allowDataOverflow
          width={44}
          tick={{ fontSize: 11, fill: 'var(--chart-axis)' }}
          tickLine={false}
          axisLine={false}
        />
        <Area
          dataKey="down"
          type="step"
          stroke="none"
          fill="var(--chart-failure)"
          isAnimationActive={false}
          connectNulls={false}
          activeDot={false}
          name="all polls failed"
        />
        <Area
          dataKey="band"
          type="linear"
          stroke="none"
          fill="var(--chart-band)"
          isAnimationActive={false}
          connectNulls={false}
          activeDot={false}
          name="min–max"
        />
        <Line
          dataKey="avg"
          type="linear"
          stroke="var(--chart-line)"
          strokeWidth={1.6}
          dot={okPoints <= 90 ? { r: 2, fill: 'var(--chart-line)', strokeWidth: 0 } : false}
          activeDot={{ r: 3.5 }}
          isAnimationActive={false}
          connectNulls={false}
          name="average"
        />
        {references.map((r) => (
          <ReferenceLine
            key={r.label}
            y={r.y}
            stroke={refColor[r.tone]}
            strokeDasharray="5 4"
            ifOverflow="extendDomain"
            // Close lines (warn 200 / crit 100 on a 4096 scale) would print their labels on top of each
            // other, so only a lone line is labelled in the plot; the legend names the others.
            label={
              references.length === 1
                ? { value: r.label, position: 'insideTopLeft', fill: refColor[r.tone], fontSize: 11 }
                : undefined
            }
          />
        ))}
        <Tooltip content={ChartTooltip} isAnimationActive={false} />
      </ComposedChart>
    </div>
  );
}
