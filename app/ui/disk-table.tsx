import Link from 'next/link';
import { diskVerdict, type DiskFindingRef } from '@/lib/queries/disk-verdict';
import { getRuleInfo } from '@/lib/queries/rule-catalog';
import type { DomainDisk, DomainRng } from '@/lib/probe/types';
import { Icon } from './icons';

export interface DiskRow {
  /** finding owner: the guest, or the host for domains no guest claims */
  target: string;
  domain: string | null;
  /** shown in a first column on the host page */
  domainLabel?: React.ReactNode;
  disk: DomainDisk;
}

function Verdict({ row, findings }: { row: DiskRow; findings: DiskFindingRef[] }) {
  const v = diskVerdict(row.disk, { target: row.target, domain: row.domain }, findings);
  if (v.kind === 'ok') {
    return (
      <span className="verdict s-ok">
        <Icon name="ok" size={12} /> OK
      </span>
    );
  }
  if (v.kind === 'not-judged') {
    return <span className="verdict s-neutral">{v.why}</span>;
  }
  return (
    <span className={`verdict s-${v.severity}`}>
      <Icon name={v.severity === 'info' ? 'info' : v.severity} size={12} />
      <span>
        {v.findings.map((f, i) => (
          <span key={f.id}>
            {i > 0 && ' · '}
            <Link href={`/findings?id=${f.id}`} prefetch={false} title={f.summary}>
              {getRuleInfo(f.rule)?.title ?? f.rule}
            </Link>
          </span>
        ))}
      </span>
    </span>
  );
}

const mode = (v: string | null, fallback: string) =>
  v ?? (
    <span className="muted" title="not set in the domain XML; the hypervisor default applies">
      {fallback}
    </span>
  );

/** Disks with source, format, cache and io modes, and the verdict of the open disk findings. */
export function DiskTable({
  rows,
  findings,
  showDomain,
}: {
  rows: DiskRow[];
  findings: DiskFindingRef[];
  showDomain?: boolean;
}) {
  if (rows.length === 0) return <div className="empty-state">No disks reported.</div>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="disk-table">
        <thead>
          <tr>
            {showDomain && <th scope="col">Domain</th>}
            <th scope="col">Disk</th>
            <th scope="col">Source</th>
            <th scope="col">Format</th>
            <th scope="col">Cache</th>
            <th scope="col">IO</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.domain ?? ''}/${r.disk.target}`} data-disk={r.disk.target}>
              {showDomain && <td>{r.domainLabel}</td>}
              <td className="nowrap">
                <span className="mono">{r.disk.target}</span>
                <span className="cell-sub">{r.disk.device !== 'disk' ? r.disk.device : r.disk.type}</span>
              </td>
              <td>
                <span
                  className="mono cell-sub"
                  style={{ color: 'var(--text-2)', fontSize: 12 }}
                  title={r.disk.source ?? ''}
                >
                  {r.disk.source ?? '—'}
                </span>
              </td>
              <td className="mono">{r.disk.driverType ?? '—'}</td>
              <td className="mono">{mode(r.disk.cacheMode, 'unset (writeback)')}</td>
              <td className="mono">{mode(r.disk.ioMode, 'unset (threads)')}</td>
              <td>
                <Verdict row={r} findings={findings} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "virtio → /dev/urandom", "1024 B / 1000 ms" */
export function rngBackend(r: DomainRng): string {
  return `${r.backendModel}${r.backendSource ? ` → ${r.backendSource}` : ''}`;
}

export function rngRate(r: DomainRng): string {
  if (!r.rate) return 'unlimited';
  return r.rate.period ? `${r.rate.bytes} B / ${r.rate.period} ms` : `${r.rate.bytes} B / period default`;
}
