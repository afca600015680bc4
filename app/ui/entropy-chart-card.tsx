import { Suspense } from 'react';
import { getDb } from '@/lib/db/client';
import { CHART_RANGES, type ChartRange } from '@/lib/http/params';
import { getSampleSeries } from '@/lib/queries/get-sample-series';
import { formatStep } from '@/lib/queries/series-plan';
import { kernelRngModel } from '@/lib/queries/target-status';
import type { RuleConfig } from '@/lib/checks/types';
import { EntropyChart, type ReferenceMark } from './entropy-chart';
import { RangePicker } from './range-picker';
import { requestNow } from './request-now';
import { ChartSkeleton } from './skeletons';

interface ChartProps {
  name: string;
  range: ChartRange;
  poolsize: number | null;
  thresholds: Pick<RuleConfig, 'entropyWarn' | 'entropyCrit'>;
}

/** The entropy card: header with the range picker, the chart streamed in behind a skeleton. */
export function EntropyChartCard(props: ChartProps & { basePath: string }) {
  const model = kernelRngModel(props.poolsize);
  return (
    <section className="card" aria-labelledby="entropy-title">
      <div className="card-header">
        <h2 id="entropy-title">Entropy</h2>
        <span className="sub">
          entropy_avail ·{' '}
          {model === 'modern'
            ? 'modern kernel RNG (poolsize 256)'
            : model === 'legacy'
              ? `legacy kernel RNG (poolsize ${props.poolsize})`
              : 'kernel RNG model unknown'}
        </span>
        <div className="end">
          <RangePicker basePath={props.basePath} current={props.range} />
        </div>
      </div>
      <Suspense fallback={<ChartSkeleton />}>
        <ChartBody {...props} />
      </Suspense>
    </section>
  );
}

/** Reference lines of the kernel model: "CRNG ready" at 256 for modern kernels, warn/crit thresholds for legacy. */
export function referenceMarks(
  poolsize: number | null,
  thresholds: ChartProps['thresholds'],
): { marks: ReferenceMark[]; yMax: number | null } {
  const model = kernelRngModel(poolsize);
  // Headroom above 256 keeps the line at 256 off the plot's top edge.
  if (model === 'modern') return { marks: [{ y: 256, label: 'CRNG ready (256)', tone: 'ok' }], yMax: 288 };
  if (model === 'legacy') {
    return {
      marks: [
        { y: thresholds.entropyWarn, label: `warn < ${thresholds.entropyWarn}`, tone: 'warn' },
        { y: thresholds.entropyCrit, label: `critical < ${thresholds.entropyCrit}`, tone: 'crit' },
      ],
      yMax: poolsize,
    };
  }
  return { marks: [], yMax: null };
}

async function ChartBody({ name, range, poolsize, thresholds }: ChartProps) {
  const to = requestNow();
  const from = new Date(to.getTime() - CHART_RANGES[range]);
  const series = await getSampleSeries(getDb(), name, { from, to });
  const { marks, yMax } = referenceMarks(poolsize, thresholds);
  if (!series || series.points.length === 0) {
    return <div className="chart-empty">No samples in the last {range}.</div>;
  }
  const failed = series.points.reduce((n, p) => n + p.failures, 0);
  return (
    <>
      <div className="card-body" style={{ paddingBottom: 4 }}>
        <EntropyChart
          points={series.points}
          from={from.getTime()}
          to={to.getTime()}
          yMax={yMax}
          references={marks}
          label={`entropy_avail of ${name} over the last ${range}`}
        />
      </div>
      <div className="chart-legend">
        <span>
          <span className="swatch" style={{ background: 'var(--chart-line)' }} />
          average per {formatStep(series.stepMs)}
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--chart-band)', height: 8 }} />
          min–max
        </span>
        {marks.length > 1 &&
          marks.map((m) => (
            <span key={m.label}>
              <span
                className="swatch"
                style={{
                  background: `var(--chart-ref-${m.tone === 'warn' ? 'warn' : m.tone === 'crit' ? 'crit' : 'ok'})`,
                }}
              />
              {m.label}
            </span>
          ))}
        {failed > 0 && (
          <span>
            <span className="swatch" style={{ background: 'var(--chart-failure)', height: 8 }} />
            all polls failed ({failed} failed polls)
          </span>
        )}
        <span style={{ marginLeft: 'auto' }}>
          {series.points.length} buckets from {series.source === 'rollup' ? 'hourly rollups' : 'raw samples'}
        </span>
      </div>
    </>
  );
}
