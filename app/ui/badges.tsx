import type { Severity } from '@/lib/probe/types';
import type { OpenFindingCounts, TargetStatus } from '@/lib/queries/target-status';
import { Icon } from './icons';

export const STATUS_LABEL: Record<TargetStatus, string> = {
  critical: 'Critical',
  warning: 'Warning',
  ok: 'OK',
  unreachable: 'Unreachable',
  stale: 'Stale',
};

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Status as icon + word + colour; `title` carries the reason (e.g. the failure class). */
export function StatusBadge({
  status,
  title,
  large,
}: {
  status: TargetStatus;
  title?: string;
  large?: boolean;
}) {
  return (
    <span className={`badge s-${status}${large ? ' lg' : ''}`} data-status={status} title={title}>
      <Icon name={status} size={large ? 14 : 12} />
      {STATUS_LABEL[status]}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge s-${severity}`} data-severity={severity}>
      <Icon name={severity === 'info' ? 'info' : severity} size={12} />
      {SEVERITY_LABEL[severity]}
    </span>
  );
}

export function StateBadge({ state }: { state: 'open' | 'resolved' }) {
  return state === 'open' ? (
    <span className="badge s-neutral">Open</span>
  ) : (
    <span className="badge s-ok">
      <Icon name="check" size={11} />
      Resolved
    </span>
  );
}

/** Open findings by severity as three small counters (zero counts are dimmed). */
export function FindingCounts({ open }: { open: OpenFindingCounts }) {
  const items: [Severity, string][] = [
    ['critical', 'critical'],
    ['warning', 'warning'],
    ['info', 'info'],
  ];
  const label = items.map(([s]) => `${open[s]} ${s}`).join(', ');
  return (
    <span className="count-pills" role="img" aria-label={`Open findings: ${label}`}>
      {items.map(([s]) => (
        <span key={s} className={`pill ${open[s] > 0 ? `s-${s}` : 'zero'}`} aria-hidden="true">
          {open[s]}
        </span>
      ))}
    </span>
  );
}

export function KindTag({ kind }: { kind: string }) {
  return <span className="kind-tag">{kind}</span>;
}
