import Link from 'next/link';
import type { FindingView } from '@/lib/queries/list-findings';
import { getRuleInfo } from '@/lib/queries/rule-catalog';
import { SeverityBadge, StateBadge } from './badges';
import { formatAgo, formatTime } from './format';
import { Icon } from './icons';
import { RemediationView } from './remediation-view';
import { ApplyControl } from './apply-control';
import { ApplyHistory } from './apply-history';
import { newSilenceHref } from './silence-link';
import './silences.css';

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
  // Silenced and accepted findings stay in every list, marked, so nobody mistakes them for fixed.
  const muted =
    f.state === 'open'
      ? f.accepted
        ? 'accepted'
        : f.pendingColdBoot
          ? 'waiting-cold-boot'
          : f.silence
            ? 'silenced'
            : null
      : null;
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
      data-muted={muted ?? undefined}
    >
      <summary>
        <Icon name="chevron" size={12} className="chev" />
        <SeverityBadge severity={f.severity} />
        {muted === 'silenced' && (
          <span className="badge s-silenced" title={`until ${formatTime(f.silence?.expiresAt)}`}>
            <Icon name="silenced" size={11} />
            Silenced
          </span>
        )}
        {muted === 'waiting-cold-boot' && (
          <span
            className="badge s-accepted"
            data-testid="waiting-cold-boot"
            title={`fix applied ${formatTime(f.pendingColdBoot?.since)}; a cold boot makes the guest run it`}
          >
            Waiting for cold boot
          </span>
        )}
        {muted === 'accepted' && (
          <span className="badge s-accepted" title={f.accepted?.reason}>
            Accepted
          </span>
        )}
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
        {f.silence && (
          <div className="callout muted-note" data-testid="silence-note">
            <span className="label">{f.state === 'open' ? 'Silenced' : 'Was silenced'}</span>
            by {f.silence.createdBy} until {formatTime(f.silence.expiresAt)}: {f.silence.comment}{' '}
            <Link href={`/silences/${f.silence.id}`} prefetch={false}>
              silence #{f.silence.id}
            </Link>
          </div>
        )}
        {f.pendingColdBoot && f.state === 'open' && (
          <div className="callout muted-note" data-testid="waiting-cold-boot-note">
            <span className="label">Applied, waiting for a cold boot</span>
            Since {formatTime(f.pendingColdBoot.since)} the guest&apos;s definition passes this rule; the
            running QEMU process does not yet. Shut the guest down and start it again (Cold boot… on its
            page); a reboot inside the guest is not enough. Shown with its severity, it alerts nobody
            meanwhile.
          </div>
        )}
        {f.accepted && (
          <div className="callout muted-note" data-testid="accepted-note">
            <span className="label">Accepted in the inventory</span>
            {f.accepted.reason}
          </div>
        )}
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
        <ApplyControl
          findingId={f.id}
          target={f.target}
          state={f.state}
          remediation={f.remediation ?? null}
        />
        <ApplyHistory findingId={f.id} />
        <div className="muted" style={{ fontSize: 12 }}>
          Finding #{f.id} · opened {formatTime(f.openedAt)} · last updated {formatTime(f.updatedAt)}
          {f.resolvedAt ? ` · resolved ${formatTime(f.resolvedAt)}` : ''} ·{' '}
          <Link href={`/findings?id=${f.id}`} prefetch={false}>
            permalink
          </Link>
          {f.state === 'open' && !muted && (
            <>
              {' · '}
              <Link href={newSilenceHref(f)} prefetch={false} data-testid="silence-link">
                Silence…
              </Link>
            </>
          )}
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
