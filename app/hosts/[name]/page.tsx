import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { Suspense } from 'react';
import { parseChartRange } from '@/lib/http/params';
import type { TargetDetail } from '@/lib/queries/get-target';
import { AutoRefresh } from '../../ui/auto-refresh';
import { TargetHealth } from '../../ui/badges';
import { DiskTable, rngBackend, rngRate } from '../../ui/disk-table';
import { EntropyChartCard } from '../../ui/entropy-chart-card';
import { guestSource, HostViewOnly, JudgedFrom } from '../../ui/platform';
import { targetHref } from '../../ui/finding-list';
import { TargetFindingsCard } from '../../ui/findings-card';
import { LinesSkeleton, TableSkeleton } from '../../ui/skeletons';
import { requestNow } from '../../ui/request-now';
import { KernelRngCard, StatusNotice, TargetHeader } from '../../ui/target-cards';
import { loadInventorySettings, loadOpenFindings, loadTarget } from '../../ui/target-data';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

/** A KVM host: entropy, kernel RNG, who holds /dev/random, every domain's RNG devices and disks, findings. */
export default async function HostPage({ params, searchParams }: Props) {
  const { name } = await params;
  const range = parseChartRange((await searchParams).range);
  const t = await loadTarget(name);
  if (!t) notFound();
  if (t.kind !== 'host') redirect(`/guests/${encodeURIComponent(name)}`);
  const now = requestNow();
  const { rules } = loadInventorySettings();

  return (
    <>
      <TargetHeader t={t} now={now} actions={<AutoRefresh intervalMs={60_000} />} />
      <StatusNotice t={t} now={now} />
      <div className="grid-2">
        <EntropyChartCard
          name={name}
          range={range}
          poolsize={t.poolsize ?? t.observation?.poolsize ?? null}
          thresholds={rules}
          basePath={`/hosts/${encodeURIComponent(name)}`}
        />
        <KernelRngCard t={t} />
      </div>
      <HoldersCard t={t} />
      <DomainsCard t={t} />
      <section className="card" aria-labelledby="host-disks-title">
        <div className="card-header">
          <h2 id="host-disks-title">Disks</h2>
          <span className="sub">every disk of every domain; verdicts from the open disk findings</span>
        </div>
        <Suspense fallback={<LinesSkeleton lines={5} />}>
          <HostDisks t={t} />
        </Suspense>
      </section>
      <Suspense fallback={<TableSkeleton rows={3} />}>
        <TargetFindingsCard name={name} />
      </Suspense>
    </>
  );
}

function DomainLink({ domain, guest }: { domain: string; guest: string | null }) {
  return guest ? (
    <Link href={targetHref(guest, 'guest')} prefetch={false}>
      {guest}
      {guest !== domain && <span className="cell-sub mono">domain {domain}</span>}
    </Link>
  ) : (
    <span>
      <span className="mono">{domain}</span>
      <span className="cell-sub">not in the inventory</span>
    </span>
  );
}

/** Processes holding the host's entropy devices (lsof), with the guest each QEMU process runs. */
function HoldersCard({ t }: { t: TargetDetail }) {
  const holders = t.observation?.host?.holders ?? [];
  const why = t.observation?.fieldErrors.holders;
  return (
    <section className="card" aria-labelledby="holders-title">
      <div className="card-header">
        <h2 id="holders-title">Entropy device holders</h2>
        <span className="sub">processes with /dev/random, /dev/urandom or /dev/hwrng open (lsof)</span>
      </div>
      <div className="card-body flush">
        {holders.length === 0 ? (
          <div className="empty-state">
            {why ? `Not read: ${why}` : 'No process holds an entropy device.'}
          </div>
        ) : (
          <table className="data" data-testid="holders-table">
            <thead>
              <tr>
                <th scope="col">Guest / domain</th>
                <th scope="col">Device</th>
                <th scope="col">Process</th>
                <th scope="col" className="num">
                  PID
                </th>
              </tr>
            </thead>
            <tbody>
              {holders.map((h) => {
                const guest = h.domain
                  ? (t.hostDomains.find((d) => d.name === h.domain)?.guest ?? null)
                  : null;
                return (
                  <tr key={`${h.pid}:${h.device}`}>
                    <td>
                      {h.domain ? (
                        <DomainLink domain={h.domain} guest={guest} />
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td className="mono">{h.device}</td>
                    <td className="mono">{h.command}</td>
                    <td className="num mono">{h.pid}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** Every libvirt domain on the host with its state, guest status and RNG devices. */
function DomainsCard({ t }: { t: TargetDetail }) {
  const status = new Map(t.guests.map((g) => [g.name, g]));
  return (
    <section className="card" aria-labelledby="domains-title">
      <div className="card-header">
        <h2 id="domains-title">Domains and RNG devices</h2>
        <span className="sub" data-testid="guest-source">
          {t.hostDomains.length} {guestSource(t.observation?.host)}
        </span>
      </div>
      <div className="card-body flush">
        {t.hostDomains.length === 0 ? (
          <div className="empty-state">
            {t.observation?.fieldErrors.domains
              ? `Not read: ${t.observation.fieldErrors.domains}`
              : 'No domains reported.'}
          </div>
        ) : (
          <table className="data" data-testid="domains-table">
            <thead>
              <tr>
                <th scope="col">Guest / domain</th>
                <th scope="col">Status</th>
                <th scope="col">State</th>
                <th scope="col">Judged from</th>
                <th scope="col">RNG model</th>
                <th scope="col">Backend</th>
                <th scope="col">Rate</th>
              </tr>
            </thead>
            <tbody>
              {t.hostDomains.map((d) => {
                const g = d.guest ? status.get(d.guest) : undefined;
                const rngs = d.rngs.length ? d.rngs : [null];
                return rngs.map((r, i) => (
                  <tr key={`${d.name}:${i}`} data-domain={d.name}>
                    {i === 0 && (
                      <>
                        <td rowSpan={rngs.length}>
                          <DomainLink domain={d.name} guest={d.guest} />
                          {typeof d.vmid === 'number' && <span className="muted"> VM {d.vmid}</span>}
                          {/* unclaimed, or a member without an address (discovered, or listed without one) */}
                          {(!d.guest || (g && !g.address && !g.lastPollAt)) && (
                            <>
                              {' '}
                              <HostViewOnly />
                            </>
                          )}
                        </td>
                        <td rowSpan={rngs.length}>
                          {g ? <TargetHealth t={g} /> : <span className="muted">—</span>}
                        </td>
                        <td rowSpan={rngs.length}>{d.state ?? '—'}</td>
                        <td rowSpan={rngs.length}>
                          <JudgedFrom d={d} />
                        </td>
                      </>
                    )}
                    {r ? (
                      <>
                        <td className="mono">{r.model}</td>
                        <td className="mono">{rngBackend(r)}</td>
                        <td>{rngRate(r)}</td>
                      </>
                    ) : (
                      <td colSpan={3} className="muted">
                        no &lt;rng&gt; device
                      </td>
                    )}
                  </tr>
                ));
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

async function HostDisks({ t }: { t: TargetDetail }) {
  const open = await loadOpenFindings();
  const rows = t.hostDomains.flatMap((d) =>
    d.disks.map((disk) => ({
      target: d.guest ?? t.name,
      domain: d.name,
      domainLabel: <DomainLink domain={d.name} guest={d.guest} />,
      disk,
    })),
  );
  return <DiskTable rows={rows} findings={open} showDomain />;
}
