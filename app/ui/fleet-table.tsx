import Link from 'next/link';
import type { FleetFilter } from '@/lib/queries/fleet-view';
import type { FleetTarget } from '@/lib/queries/list-targets';
import { FindingCounts, KindTag, TargetHealth } from './badges';
import { targetHref } from './finding-list';
import { loadFleetPage } from './fleet-page-data';
import { FleetPager } from './fleet-pager';
import { formatAgo, formatTime } from './format';
import { PlatformTag } from './platform';
import { requestNow } from './request-now';
import { Sparkline } from './sparkline';

// The badge shows the severity of the open findings and, beside it, whether that is current.
function statusTitle(t: FleetTarget, now: Date): string {
  if (t.freshness === 'unreachable')
    return `Latest poll: ${t.lastStatus}${t.lastError ? ` — ${t.lastError}` : ''}; findings as of the last successful poll`;
  if (t.freshness === 'stale')
    return t.lastPollAt ? `No poll since ${formatTime(t.lastPollAt)}; findings as of then` : 'Never polled';
  return `Polled ${formatAgo(t.lastPollAt, now)}`;
}

/** A guest the inventory lists without an address: never polled, judged from its host's side. */
const hostViewOnly = (t: FleetTarget) => t.kind === 'guest' && !t.address && !t.lastPollAt;

function statusNote(t: FleetTarget, now: Date): string | null {
  if (hostViewOnly(t)) return 'host view only';
  if (t.freshness === 'unreachable') return t.lastStatus;
  if (t.freshness === 'stale')
    return t.lastPollAt ? `last poll ${formatAgo(t.lastPollAt, now)}` : 'never polled';
  return null;
}

function Row({ t, now, context }: { t: FleetTarget; now: Date; context?: boolean }) {
  const isGuest = t.kind === 'guest';
  const note = statusNote(t, now);
  const sub = isGuest
    ? [t.domain && t.domain !== t.name ? `domain ${t.domain}` : null, t.address]
    : [t.address];
  const tone = t.status === 'critical' || t.status === 'warning' ? t.status : undefined;
  return (
    <tr
      className={`${isGuest ? 'guest-row' : 'host-row'}${context ? ' context' : ''}`}
      data-target={t.name}
      data-status={t.status}
      data-freshness={t.freshness}
      data-platform={t.platform ?? undefined}
    >
      <td>
        <Link className="target-name" href={targetHref(t.name, t.kind)} prefetch={false}>
          {t.name}
        </Link>{' '}
        {!isGuest && <KindTag kind={t.kind} />} {t.kind === 'host' && <PlatformTag platform={t.platform} />}
        <span className="cell-sub">{sub.filter(Boolean).join(' · ') || '\u00a0'}</span>
      </td>
      <td>
        <TargetHealth t={t} title={statusTitle(t, now)} />
        {note && <span className="cell-sub">{note}</span>}
      </td>
      <td>
        <div className="entropy-cell">
          <Sparkline
            values={t.sparkline}
            ceiling={t.poolsize}
            tone={tone}
            label={`${t.name} entropy, last 24 h`}
          />
          <span className="entropy-value">{t.entropyAvail ?? '—'}</span>
        </div>
      </td>
      <td>
        <span className="mono">{t.rngCurrent ?? '—'}</span>
        <span className="cell-sub">
          {t.kernelModel === 'unknown' ? 'kernel unknown' : `${t.kernelModel} RNG`}
          {t.kernelRelease ? ` · ${t.kernelRelease}` : ''}
        </span>
      </td>
      <td>
        <FindingCounts open={t.open} muted={t.muted} />
      </td>
      <td className="nowrap muted" title={formatTime(t.lastPollAt)}>
        {formatAgo(t.lastPollAt, now)}
      </td>
    </tr>
  );
}

/**
 * Hosts with their guests, filtered and sorted as the URL says (worst first by default), one page of
 * FLEET_PAGE_ROWS rows at a time (?page=), so the HTML stays bounded on a large fleet.
 */
export async function FleetTable({ filter, page = 1 }: { filter: Required<FleetFilter>; page?: number }) {
  const view = await loadFleetPage(filter, page);
  const now = requestNow();
  const filtered = filter.status !== 'all' || filter.freshness !== 'all' || filter.q !== '';
  return (
    <section className="card" aria-labelledby="fleet-title">
      <div className="card-header">
        <h2 id="fleet-title">Hosts and guests</h2>
        <span className="sub" data-testid="fleet-count">
          {filtered ? `${view.shown} of ${view.total} targets match` : `${view.total} targets`}
        </span>
      </div>
      {view.groups.length === 0 ? (
        <div className="empty-state">
          {view.total === 0 ? 'No targets yet.' : 'No target matches this filter.'}{' '}
          {filtered && <Link href="/">Clear the filter</Link>}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="fleet-table">
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Entropy (24 h)
                </th>
                <th scope="col">RNG source</th>
                <th scope="col" title="Open findings: critical / warning / info">
                  Open findings <span className="visually-hidden">critical, warning, info</span>
                  <span aria-hidden="true" style={{ textTransform: 'none', fontWeight: 500 }}>
                    {' '}
                    (C / W / I)
                  </span>
                </th>
                <th scope="col">Last poll</th>
              </tr>
            </thead>
            {view.groups.map((g) => (
              <tbody key={g.key}>
                {g.host ? (
                  <Row t={g.host} now={now} context={!g.hostMatches} />
                ) : (
                  <tr className="host-row context">
                    <td colSpan={6} className="muted">
                      Guests whose host is not in the inventory
                    </td>
                  </tr>
                )}
                {g.guests.map((t) => (
                  <Row key={t.id} t={t} now={now} />
                ))}
              </tbody>
            ))}
          </table>
          <FleetPager filter={filter} {...view} />
        </div>
      )}
    </section>
  );
}
