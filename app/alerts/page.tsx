import type { Metadata } from 'next';
import Link from 'next/link';
import { newSilenceHref } from '../ui/silence-link';
import { Suspense } from 'react';
import { getDb } from '@/lib/db/client';
import { listWebhookActivity, type AlertEventView, type WebhookActivity } from '@/lib/queries/alerts';
import { readInventorySettings } from '@/lib/queries/inventory-settings';
import type { FleetTarget } from '@/lib/queries/list-targets';
import { SeverityBadge, TargetHealth } from '../ui/badges';
import { loadFleet } from '../ui/fleet-data';
import { formatAgo, formatSpan, formatTime } from '../ui/format';
import { Icon } from '../ui/icons';
import { SendTestButton } from '../ui/send-test-button';
import { webhookOrigin, seesSecrets } from '@/lib/auth/exposure';
import { getIdentity } from '@/lib/auth/guard';
import { hasRole } from '@/lib/auth/roles';
import { requestNow } from '../ui/request-now';
import { TableSkeleton } from '../ui/skeletons';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alerts' };

/** Per webhook: its settings, the events sent to it and every delivery attempt; a button sends a test event. */
export default function AlertsPage() {
  return (
    <>
      <div className="page-header">
        <div className="titles">
          <h1>Alerts</h1>
          <span className="meta-line">
            Webhooks from the inventory, their events and every delivery attempt
          </span>
        </div>
        <Link href="/silences" prefetch={false}>
          Silences
        </Link>
      </div>
      <Suspense fallback={<TableSkeleton rows={6} />}>
        <Webhooks />
      </Suspense>
    </>
  );
}

async function Webhooks() {
  const settings = readInventorySettings();
  const [activity, fleet] = await Promise.all([listWebhookActivity(getDb(), settings.webhooks), loadFleet()]);
  const now = requestNow();
  // Each event's target as it stands now: its severity and whether that is current ("Critical · stale 2 h").
  const targets = new Map(fleet.map((t) => [t.name, t]));
  // Viewers cannot send test events; non-admins see webhook URLs as scheme and host only.
  const who = await getIdentity();
  const access = {
    canSend: !!who && hasRole(who.role, 'operator'),
    fullUrl: !!who && seesSecrets(who.role),
  };
  return (
    <>
      {settings.error && (
        <div className="notice error" role="alert">
          The inventory could not be loaded, so no webhook is shown: {settings.error}
        </div>
      )}
      {!settings.error && activity.length === 0 && (
        <section className="card">
          <div className="empty-state">
            <h2>No webhooks configured</h2>
            <p>
              Add a <span className="mono">webhooks:</span> list to {settings.source ?? 'entropy-watch.yaml'}{' '}
              (name, url, format json | alertmanager | slack, minSeverity) and restart the collector.
            </p>
          </div>
        </section>
      )}
      {activity.map((w) => (
        <WebhookCard key={w.name} w={w} now={now} targets={targets} access={access} />
      ))}
    </>
  );
}

const STATE_CLASS = { pending: 's-warning', delivered: 's-ok', dead: 's-critical' } as const;

function WebhookCard({
  w,
  now,
  targets,
  access,
}: {
  w: WebhookActivity;
  now: Date;
  targets: Targets;
  access: { canSend: boolean; fullUrl: boolean };
}) {
  return (
    <section className="card" aria-labelledby={`webhook-${w.name}`} data-webhook={w.name}>
      <div className="card-header">
        <h2 id={`webhook-${w.name}`}>{w.name}</h2>
        <span className="badge s-neutral">{w.format}</span>
        <span className="sub mono">{access.fullUrl ? w.url : webhookOrigin(w.url)}</span>
        <div className="end">{access.canSend && <SendTestButton webhook={w.name} />}</div>
      </div>
      <div className="card-body">
        <div className="meta-line">
          <span>
            min severity <b>{w.minSeverity}</b>
          </span>
          <span>
            for <b>{w.forMs ? formatSpan(w.forMs) : '0 s'}</b>
          </span>
          <span>
            repeat <b>{w.repeatMs ? `every ${formatSpan(w.repeatMs)}` : 'never'}</b>
          </span>
          <span>
            signed <b>{w.signed ? 'yes (HMAC-SHA256)' : 'no'}</b>
          </span>
          <span>
            <b>{w.counts.delivered}</b> delivered · <b>{w.counts.pending}</b> pending · <b>{w.counts.dead}</b>{' '}
            dead
          </span>
        </div>
      </div>
      <div className="card-body flush">
        {w.events.length === 0 ? (
          <div className="empty-state">No events yet.</div>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Created</th>
                  <th scope="col">Type</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Delivery</th>
                  <th scope="col">Attempts</th>
                </tr>
              </thead>
              <tbody>
                {w.events.map((e) => (
                  <EventRow key={e.id} e={e} now={now} target={e.finding && targets.get(e.finding.target)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}

type Targets = Map<string, FleetTarget>;

function EventRow({
  e,
  now,
  target,
}: {
  e: AlertEventView;
  now: Date;
  target: FleetTarget | null | undefined;
}) {
  return (
    <tr className="event-row" data-event={e.uid}>
      <td className="nowrap" title={formatTime(e.createdAt)}>
        {formatAgo(e.createdAt, now)}
        <span className="cell-sub mono" title={e.uid}>
          {e.uid.slice(0, 8)}
        </span>
      </td>
      <td>
        <span
          className={`badge ${e.type === 'resolved' ? 's-ok' : e.type === 'test' ? 's-neutral' : 's-warning'}`}
        >
          {e.type}
        </span>
      </td>
      <td>
        {e.finding ? (
          <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
            <SeverityBadge severity={e.finding.severity} />
            <Link href={`/findings?id=${e.finding.id}`} prefetch={false}>
              {e.finding.target}: {e.finding.summary}
            </Link>
            {target && <TargetHealth t={target} title={`${target.name} now`} />}
            {e.type === 'firing' && e.finding.state === 'open' && (
              <Link
                href={newSilenceHref(e.finding)}
                prefetch={false}
                className="muted"
                data-testid="silence-link"
              >
                Silence…
              </Link>
            )}
          </span>
        ) : (
          <span className="muted">
            {e.type === 'test'
              ? 'test event'
              : e.type === 'overflow'
                ? 'events held back this cycle'
                : 'finding deleted'}
          </span>
        )}
      </td>
      <td>
        <span className={`badge ${STATE_CLASS[e.state]}`}>
          {e.state === 'delivered' && <Icon name="check" size={11} />}
          {e.state}
        </span>
        <span className="cell-sub">
          {e.state === 'delivered' && e.deliveredAt
            ? formatAgo(e.deliveredAt, now)
            : e.state === 'pending'
              ? `next try ${formatTime(e.nextAttemptAt)}`
              : (e.lastError ?? '')}
        </span>
      </td>
      <td>
        {e.attempts === 0 ? (
          <span className="muted">none yet</span>
        ) : (
          <details>
            <summary>
              {e.attempts} attempt{e.attempts === 1 ? '' : 's'}
            </summary>
            <ul className="attempts">
              {e.attemptLog.map((a, i) => (
                <li key={i}>
                  {formatTime(a.at)} · {a.statusCode ?? 'no answer'} · {a.durationMs} ms
                  {a.error ? ` · ${a.error}` : ''}
                </li>
              ))}
            </ul>
          </details>
        )}
      </td>
    </tr>
  );
}
