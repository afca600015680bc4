import Link from 'next/link';
import { loadFleetSummary } from './fleet-data';
import { formatAgo, formatSpan, formatTime } from './format';
import { requestNow } from './request-now';

/** The fleet's headline numbers; each tile links to the filtered view behind it. */
export async function SummaryTiles() {
  const s = await loadFleetSummary();
  const now = requestNow();
  const run = s.lastRun;
  return (
    <div className="tiles">
      <Link className="tile" href="/">
        <span className="tile-label">Targets</span>
        <span className="tile-value" data-testid="tile-targets">
          {s.targets}
        </span>
        <span className="tile-note">
          {s.hosts} hosts · {s.guests} guests
        </span>
      </Link>
      <Link className={`tile${s.unhealthy ? ' tone-warning' : ' tone-ok'}`} href="/?status=unhealthy">
        <span className="tile-label">Unhealthy</span>
        <span className="tile-value" data-testid="tile-unhealthy">
          {s.unhealthy}
        </span>
        {/* The severity counts include targets on stale data: a critical target stays critical. */}
        <span className="tile-note" data-testid="tile-unhealthy-note">
          {s.byStatus.critical} critical · {s.byStatus.warning} warning · {s.byFreshness.stale} stale
        </span>
      </Link>
      <Link
        className={`tile${s.byFreshness.unreachable ? ' tone-unreachable' : ''}`}
        href="/?freshness=unreachable"
      >
        <span className="tile-label">Unreachable</span>
        <span className="tile-value" data-testid="tile-unreachable">
          {s.byFreshness.unreachable}
        </span>
        <span className="tile-note">latest poll failed</span>
      </Link>
      <Link
        className={`tile${s.openFindings.critical ? ' tone-critical' : ''}`}
        href="/findings?state=open&severity=critical"
      >
        <span className="tile-label">Open critical findings</span>
        <span className="tile-value" data-testid="tile-critical-findings">
          {s.openFindings.critical}
        </span>
        <span className="tile-note">
          {s.openFindings.warning} warning · {s.openFindings.info} info
        </span>
      </Link>
      <div className={`tile${run && !run.error ? '' : ' tone-warning'}`}>
        <span className="tile-label">Last collector run</span>
        <span
          className="tile-value"
          style={{ fontSize: 18, lineHeight: '31px' }}
          title={formatTime(run?.startedAt)}
        >
          {run ? formatAgo(run.startedAt, now) : 'never'}
        </span>
        <span className="tile-note">
          {run
            ? `${run.ok} ok · ${run.failed} failed · every ${formatSpan(s.intervalMs)}`
            : 'start the collector to poll the inventory'}
        </span>
      </div>
    </div>
  );
}

const EXAMPLE_INVENTORY = `# entropy-watch.yaml
interval: 60s
defaults:
  user: monitor
  identityFile: ~/.ssh/entropy_watch_ed25519
  knownHosts: ~/.ssh/known_hosts
hosts:
  - name: kvm-01
    address: 10.0.0.11
    libvirtUri: qemu:///system
    guests:
      - name: web-01
        address: 10.0.0.21
      - name: db-01
        address: 10.0.0.22
        domain: db-01.prod
webhooks:
  - name: ops
    url: https://hooks.example.com/entropy-watch
    format: json
    minSeverity: warning`;

/** Shown while the inventory is only this machine: how to add hosts. */
export async function Onboarding() {
  const s = await loadFleetSummary();
  if (!s.onlyLocal && s.targets > 0) return null;
  return (
    <section className="card onboarding" data-testid="onboarding">
      <div>
        <h2>{s.onlyLocal ? 'Monitoring this machine; add hosts in entropy-watch.yaml' : 'No targets yet'}</h2>
        <p>
          {s.onlyLocal
            ? 'Without an inventory file Entropy Watch watches only the machine it runs on. List your KVM hosts and their guests in entropy-watch.yaml (or point ENTROPY_WATCH_CONFIG at a file); the collector picks the file up at its next start.'
            : 'The collector has not recorded any target. Start it (npm start) and it will poll this machine or the hosts in entropy-watch.yaml.'}
        </p>
        <p className="muted">
          Each host is reached over SSH with a pinned host key; guests are probed directly and their libvirt
          configuration is read from their host with virsh.
        </p>
      </div>
      <div className="codeblock" data-kind="yaml">
        <div className="codeblock-head">
          <span>Example inventory</span>
        </div>
        <pre>
          <code>{EXAMPLE_INVENTORY}</code>
        </pre>
      </div>
    </section>
  );
}
