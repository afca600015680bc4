import Link from 'next/link';
import type { FindingView } from '@/lib/queries/list-findings';
import { getRuleInfo } from '@/lib/queries/rule-catalog';
import { SeverityBadge, StateBadge } from './badges';
import { formatAgo, formatTime } from './format';
import { Icon } from './icons';
import { RemediationView } from './remediation-view';

/** Where a target's page lives: hosts on /hosts, guests and this machine (local) on /guests. */
export function targetHref(name: string, kind: string): string {
  return `${kind === 'host' ? '/hosts' : '/guests'}/${encodeURIComponent(name)}`;
}

/** One finding as an expandable row; expanding shows the facts, the rule's reason and the remediation. */
export function FindingItem({
  finding: f,
  now,
  open = false,
  highlight = false,
  showTarget = true,
}: {
  finding: FindingView;
  now: Date;
  open?: boolean;
  highlight?: boolean;
  showTarget?: boolean;
}) {
  const rule = getRuleInfo(f.rule);
  const when =
    f.state === 'resolved' && f.resolvedAt
      ? `resolved ${formatAgo(f.resolvedAt, now)}`
      : `opened ${formatAgo(f.openedAt, now)}`;
  return (
    <details
      className={`finding${highlight ? ' highlight' : ''}`}
      id={`finding-${f.id}`}
      open={open}
      data-finding-id={f.id}
      data-rule={f.rule}
      data-severity={f.severity}
    >
      <summary>
        <Icon name="chevron" size={12} className="chev" />
        <SeverityBadge severity={f.severity} />
        <span className="finding-title">
          <span className="line1">{f.summary}</span>
          <span className="line2">
            {showTarget && (
              <span>
                <Link href={targetHref(f.target, f.targetKind)} prefetch={false}>
                  {f.target}
                </Link>
                {f.host ? <span className="muted"> on {f.host}</span> : null}
              </span>
            )}
            <span>
              {rule?.title ?? f.rule} <span className="mono">({f.rule})</span>
            </span>
            {f.subject && <span className="mono">{f.subject}</span>}
          </span>
        </span>
        <span className="finding-when">
          {f.state === 'resolved' && <StateBadge state="resolved" />}{' '}
          <span title={formatTime(f.openedAt)}>{when}</span>
        </span>
      </summary>
      <div className="finding-body">
        {f.detail && <div className="finding-detail">{f.detail}</div>}
        {rule && (
          <div className="callout">
            <span className="label">Why this matters</span>
            {rule.reason}
            <span className="source">Source: {rule.source}</span>
          </div>
        )}
        {f.remediation ? (
          <RemediationView remediation={f.remediation} ruleReason={rule?.reason} />
        ) : (
          <div className="notice">No remediation available: {f.remediationError ?? 'none was stored'}.</div>
        )}
        <div className="muted" style={{ fontSize: 12 }}>
          Finding #{f.id} · opened {formatTime(f.openedAt)} · last updated {formatTime(f.updatedAt)}
          {f.resolvedAt ? ` · resolved ${formatTime(f.resolvedAt)}` : ''} ·{' '}
          <Link href={`/findings?id=${f.id}`} prefetch={false}>
            permalink
          </Link>
        </div>
      </div>
    </details>
  );
}

export function FindingList({
  findings,
  now,
  openId,
  showTarget = true,
  empty,
}: {
  findings: FindingView[];
  now: Date;
  openId?: number;
  showTarget?: boolean;
  empty: string;
}) {
  if (findings.length === 0) return <div className="empty-state">{empty}</div>;
  return (
    <div className="finding-list">
      {findings.map((f) => (
        <FindingItem
          key={f.id}
          finding={f}
          now={now}
          open={f.id === openId}
          highlight={f.id === openId}
          showTarget={showTarget}
        />
      ))}
    </div>
  );
}
