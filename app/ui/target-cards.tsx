import Link from 'next/link';
import type { CloneIdentity, SharedIdentity } from '@/lib/queries/clone-identity';
import type { TargetDetail } from '@/lib/queries/get-target';
import type { DomainRng } from '@/lib/probe/types';
import { TargetHealth } from './badges';
import { rngBackend, rngRate } from './disk-table';
import { targetHref } from './finding-list';
import { formatAgo, formatTime, formatUptime, shortId, yesNo } from './format';
import { STATUS_LABEL } from './status-text';

// Cards shared by the host and guest pages. Server components: plain data in, markup out.

function YesNo({ v }: { v: boolean | null | undefined }) {
  const { text, className } = yesNo(v);
  return <span className={className}>{text}</span>;
}

/** Header of a target page: breadcrumbs, name, status, and the facts that identify it. */
export function TargetHeader({ t, now, actions }: { t: TargetDetail; now: Date; actions?: React.ReactNode }) {
  const kindLabel = t.kind === 'local' ? 'this machine' : t.kind;
  return (
    <div className="page-header">
      <div className="titles">
        <nav className="breadcrumbs" aria-label="Breadcrumb">
          <Link href="/">Fleet</Link>
          {t.host && (
            <>
              {' / '}
              <Link href={targetHref(t.host.name, 'host')}>{t.host.name}</Link>
            </>
          )}
          {' / '}
          <span aria-current="page">{t.name}</span>
        </nav>
        <div className="title-row">
          <h1>{t.name}</h1>
          <TargetHealth t={t} large />
          {t.removedAt && (
            <span className="badge s-neutral">removed from inventory {formatTime(t.removedAt)}</span>
          )}
        </div>
        <div className="meta-line">
          <span>
            <b>{kindLabel}</b>
            {t.host ? (
              <>
                {' '}
                on <Link href={targetHref(t.host.name, 'host')}>{t.host.name}</Link>
              </>
            ) : null}
          </span>
          {t.domain && (
            <span>
              domain <b className="mono">{t.domain}</b>
            </span>
          )}
          {t.address && (
            <span>
              <b className="mono">
                {t.user ? `${t.user}@` : ''}
                {t.address}
                {t.port && t.port !== 22 ? `:${t.port}` : ''}
              </b>
            </span>
          )}
          {t.libvirtUri && t.kind === 'host' && (
            <span>
              libvirt <b className="mono">{t.libvirtUri}</b>
            </span>
          )}
          <span title={formatTime(t.lastPollAt)}>
            last poll <b>{formatAgo(t.lastPollAt, now)}</b>
            {t.lastStatus && t.lastStatus !== 'ok' ? ` (${t.lastStatus})` : ''}
          </span>
        </div>
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}

// "Its open findings (critical) are from then": the severity stands until a fresh poll says otherwise.
function findingsAsOf(t: TargetDetail): string {
  return t.status === 'ok'
    ? 'No finding was open then'
    : `Its open findings (${STATUS_LABEL[t.status].toLowerCase()}) are from then and still stand`;
}

/** Explains data that is not fresh in one line (what failed, since when), keeping the severity in view. */
export function StatusNotice({ t, now }: { t: TargetDetail; now: Date }) {
  if (t.freshness === 'unreachable') {
    return (
      <div className="notice error" role="status">
        <b>Unreachable:</b> the latest poll ended in <span className="mono">{t.lastStatus}</span>
        {t.lastError ? <> — {t.lastError}</> : null}. The data below is from the last successful poll
        {t.observedAt ? ` (${formatAgo(t.observedAt, now)})` : ''}. {findingsAsOf(t)}.
      </div>
    );
  }
  if (t.freshness === 'stale') {
    return (
      <div className="notice" role="status">
        <b>Stale:</b>{' '}
        {t.lastPollAt
          ? `no poll for ${formatAgo(t.lastPollAt, now).replace(' ago', '')}`
          : 'this target has never been polled'}
        ; the collector polls every target each cycle, so it may be stopped or stuck.
        {t.lastPollAt ? ` ${findingsAsOf(t)}.` : ''}
      </div>
    );
  }
  if (t.observationError) {
    return (
      <div className="notice error" role="status">
        The latest observation could not be read: {t.observationError}
      </div>
    );
  }
  return null;
}

/** Kernel RNG state: model, entropy, hwrng selection, daemons, CPU instructions. */
export function KernelRngCard({ t }: { t: TargetDetail }) {
  const o = t.observation;
  const model =
    t.kernelModel === 'modern'
      ? 'modern (5.18+ or backport): CRNG, entropy_avail fixed at 256 once seeded'
      : t.kernelModel === 'legacy'
        ? 'legacy (poolsize 4096): /dev/random may block below the thresholds'
        : 'unknown (poolsize not read)';
  const errors = Object.entries(o?.fieldErrors ?? {});
  return (
    <section className="card" aria-labelledby="rng-title">
      <div className="card-header">
        <h2 id="rng-title">Kernel and RNG</h2>
        {t.observedAt && <span className="sub">observed {formatTime(t.observedAt)}</span>}
      </div>
      <div className="card-body">
        {!o ? (
          <div className="muted">No successful probe yet.</div>
        ) : (
          <dl className="kv">
            <dt>Kernel</dt>
            <dd className="mono">{o.kernelRelease ?? '—'}</dd>
            <dt>RNG model</dt>
            <dd>{model}</dd>
            <dt>entropy_avail</dt>
            <dd>
              <b>{o.entropyAvail ?? '—'}</b> / poolsize {o.poolsize ?? '—'}
              {t.kernelModel === 'modern' && o.entropyAvail !== null && (
                <span className={o.entropyAvail >= 256 ? 'yes' : 'bad'}>
                  {o.entropyAvail >= 256 ? ' · CRNG ready' : ' · CRNG not ready'}
                </span>
              )}
            </dd>
            <dt>rng_available</dt>
            <dd className="mono">{o.rngAvailable === null ? '—' : o.rngAvailable.join(' ') || '(none)'}</dd>
            <dt>rng_current</dt>
            <dd className="mono">{o.rngCurrent ?? '—'}</dd>
            <dt>rng_quality</dt>
            <dd>{o.rngQuality ?? '—'}</dd>
            <dt>hwrng present</dt>
            <dd>
              <YesNo v={o.hwrngPresent} />
            </dd>
            <dt>rngd / haveged</dt>
            <dd>
              <YesNo v={o.rngdRunning} /> / <YesNo v={o.havegedRunning} />
            </dd>
            <dt>CPU RDRAND / RDSEED</dt>
            <dd>
              <YesNo v={o.cpuRdrand} /> / <YesNo v={o.cpuRdseed} />
            </dd>
            <dt>Uptime</dt>
            <dd>{formatUptime(o.uptimeSec)}</dd>
            <dt>OS</dt>
            <dd>
              {o.osId ?? '—'}
              {o.osIdLike.length ? <span className="muted"> (like {o.osIdLike.join(', ')})</span> : null}
            </dd>
            {errors.length > 0 && (
              <>
                <dt>Not read</dt>
                <dd>
                  {errors.map(([field, why]) => (
                    <div key={field}>
                      <span className="mono">{field}</span>: <span className="muted">{why}</span>
                    </div>
                  ))}
                </dd>
              </>
            )}
          </dl>
        )}
      </div>
    </section>
  );
}

/** The domain's <rng> devices: model, backend, rate. */
export function RngDevicesTable({ rngs }: { rngs: DomainRng[] }) {
  if (rngs.length === 0) {
    return <div className="empty-state">No &lt;rng&gt; device in the domain XML.</div>;
  }
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Backend</th>
          <th scope="col">Rate</th>
        </tr>
      </thead>
      <tbody>
        {rngs.map((r, i) => (
          <tr key={i}>
            <td className="mono">{r.model}</td>
            <td className="mono">{rngBackend(r)}</td>
            <td>{rngRate(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Shared({ label, s }: { label: string; s: SharedIdentity }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <span className="mono" title={s.value}>
          {shortId(s.value, 20)}
        </span>{' '}
        {s.sharedWith.length === 0 ? (
          <span className="yes">· unique</span>
        ) : (
          <span className="bad" data-testid="shared-identity">
            · shared with{' '}
            {s.sharedWith.map((n, i) => (
              <span key={n}>
                {i > 0 && ', '}
                <Link href={`/guests/${encodeURIComponent(n)}`} prefetch={false}>
                  {n}
                </Link>
              </span>
            ))}
          </span>
        )}
      </dd>
    </>
  );
}

/** Clone identity: machine-id, SSH host keys and random-seed, each unique or shared with named targets. */
export function CloneIdentityCard({ identity }: { identity: CloneIdentity | null }) {
  return (
    <section className="card" aria-labelledby="identity-title">
      <div className="card-header">
        <h2 id="identity-title">Clone identity</h2>
        <span className="sub">values shared between targets betray clones of one image</span>
      </div>
      <div className="card-body">
        {!identity ? (
          <div className="muted">No observation yet.</div>
        ) : (
          <dl className="kv">
            {identity.machineId ? (
              <Shared label="machine-id" s={identity.machineId} />
            ) : (
              <>
                <dt>machine-id</dt>
                <dd className="muted">not set</dd>
              </>
            )}
            {identity.hostKeys.length ? (
              identity.hostKeys.map((k) => <Shared key={k.value} label="SSH host key" s={k} />)
            ) : (
              <>
                <dt>SSH host keys</dt>
                <dd className="muted">none read</dd>
              </>
            )}
            {identity.randomSeed ? (
              <Shared label="random-seed" s={identity.randomSeed} />
            ) : (
              <>
                <dt>random-seed</dt>
                <dd className="muted">no seed file</dd>
              </>
            )}
          </dl>
        )}
      </div>
    </section>
  );
}
