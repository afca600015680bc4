import type { Severity } from '@/lib/probe/types';
import type { Freshness, OpenFindingCounts, TargetStatus } from '@/lib/queries/target-status';
import { Icon } from './icons';
import { FRESHNESS_LABEL, formatAge, STATUS_LABEL, statusText } from './status-text';

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

/** Severity status as icon + word + colour; `title` carries the reason (e.g. the failure class). */
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

/** Freshness as icon + word + colour ("Stale 2 h", "Unreachable"); nothing when the data is fresh. */
export function FreshnessBadge({
  freshness,
  ageMs,
  title,
  large,
}: {
  freshness: Freshness;
  ageMs: number | null;
  title?: string;
  large?: boolean;
}) {
  if (freshness === 'fresh') return null;
  const age = freshness === 'stale' ? (ageMs === null ? ' · never polled' : ` ${formatAge(ageMs)}`) : '';
  return (
    <span className={`badge s-${freshness}${large ? ' lg' : ''}`} data-freshness={freshness} title={title}>
      <Icon name={freshness} size={large ? 14 : 12} />
      {FRESHNESS_LABEL[freshness]}
      {age}
    </span>
  );
}

/** Both facts of a target's status side by side: its severity, and its freshness when not fresh. */
export function TargetHealth({
  t,
  title,
  large,
}: {
  t: { status: TargetStatus; freshness: Freshness; pollAgeMs: number | null };
  title?: string;
  large?: boolean;
}) {
  return (
    <span className="target-health" data-health={statusText(t)} title={title}>
      <StatusBadge status={t.status} large={large} />
      <FreshnessBadge freshness={t.freshness} ageMs={t.pollAgeMs} large={large} />
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
export function FindingCounts({
  open,
  muted,
}: {
  open: OpenFindingCounts;
  /** silenced, accepted and waiting-for-a-cold-boot findings: not counted in `open`, but never hidden */
  muted?: { silenced: number; accepted: number; waitingColdBoot?: number };
}) {
  const items: [Severity, string][] = [
    ['critical', 'critical'],
    ['warning', 'warning'],
    ['info', 'info'],
  ];
  const label = items.map(([s]) => `${open[s]} ${s}`).join(', ');
  const quiet = [
    muted?.silenced ? `${muted.silenced} silenced` : '',
    muted?.accepted ? `${muted.accepted} accepted` : '',
  ].filter(Boolean);
  const waiting = muted?.waitingColdBoot ?? 0;
  return (
    <span
      className="count-pills"
      role="img"
      aria-label={`Open findings: ${label}${quiet.length ? `; ${quiet.join(', ')}` : ''}${waiting ? `; ${waiting} waiting for a cold boot` : ''}`}
    >
      {items.map(([s]) => (
        <span key={s} className={`pill ${open[s] > 0 ? `s-${s}` : 'zero'}`} aria-hidden="true">
          {open[s]}
        </span>
      ))}
      {quiet.length > 0 && (
        <span className="pill muted-pill" aria-hidden="true" data-muted-count title={quiet.join(', ')}>
          +{(muted?.silenced ?? 0) + (muted?.accepted ?? 0)} muted
        </span>
      )}
      {waiting > 0 && (
        <span
          className="pill muted-pill"
          aria-hidden="true"
          data-waiting-cold-boot={waiting}
          title={`${waiting} fixed in the definition, waiting for a cold boot`}
        >
          {waiting} waiting for cold boot
        </span>
      )}
    </span>
  );
}

export function KindTag({ kind }: { kind: string }) {
  return <span className="kind-tag">{kind}</span>;
}
