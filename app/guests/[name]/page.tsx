import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Suspense } from 'react';
import { parseChartRange } from '@/lib/http/params';
import type { TargetDetail } from '@/lib/queries/get-target';
import { AutoRefresh } from '../../ui/auto-refresh';
import { DiskTable } from '../../ui/disk-table';
import { EntropyChartCard } from '../../ui/entropy-chart-card';
import { TargetFindingsCard } from '../../ui/findings-card';
import { formatTime } from '../../ui/format';
import { GuestAgentCard } from '../../ui/guest-agent-card';
import { requestNow } from '../../ui/request-now';
import { LinesSkeleton, TableSkeleton } from '../../ui/skeletons';
import {
  CloneIdentityCard,
  KernelRngCard,
  RngDevicesTable,
  StatusNotice,
  TargetHeader,
} from '../../ui/target-cards';
import {
  loadCloneIdentity,
  loadInventorySettings,
  loadTarget,
  loadTargetFindings,
} from '../../ui/target-data';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).name };
}

/** A guest (or this machine, kind "local"): entropy, RNG state, disks, clone identity, findings. */
export default async function GuestPage({ params, searchParams }: Props) {
  const { name } = await params;
  const range = parseChartRange((await searchParams).range);
  const t = await loadTarget(name);
  if (!t) notFound();
  if (t.kind === 'host') redirect(`/hosts/${encodeURIComponent(name)}`);
  const now = requestNow();
  const { rules } = loadInventorySettings();
  const basePath = `/guests/${encodeURIComponent(name)}`;

  return (
    <>
      <TargetHeader t={t} now={now} actions={<AutoRefresh intervalMs={60_000} />} />
      <StatusNotice t={t} now={now} />
      <GuestAgentCard t={t} />
      <div className="grid-2">
        <EntropyChartCard
          name={name}
          range={range}
          poolsize={t.poolsize ?? t.observation?.poolsize ?? null}
          thresholds={rules}
          basePath={basePath}
        />
        <KernelRngCard t={t} />
      </div>
      {t.kind === 'guest' && (
        <section className="card" aria-labelledby="disks-title">
          <div className="card-header">
            <h2 id="disks-title">Disks</h2>
            <DomainSource t={t} />
          </div>
          <Suspense fallback={<LinesSkeleton lines={3} />}>
            <GuestDisks t={t} />
          </Suspense>
        </section>
      )}
      <div className={t.kind === 'guest' ? 'grid-halves' : undefined}>
        {t.kind === 'guest' && (
          <section className="card" aria-labelledby="rng-devices-title">
            <div className="card-header">
              <h2 id="rng-devices-title">RNG devices</h2>
              <span className="sub">&lt;rng&gt; in the domain XML</span>
            </div>
            <div className="card-body flush">
              {t.domainConfig ? (
                <RngDevicesTable rngs={t.domainConfig.rngs} />
              ) : (
                <div className="empty-state">The host has not reported this domain yet.</div>
              )}
            </div>
          </section>
        )}
        <Suspense fallback={<TableSkeleton rows={3} />}>
          <Identity name={name} />
        </Suspense>
      </div>
      <Suspense fallback={<TableSkeleton rows={4} />}>
        <TargetFindingsCard name={name} />
      </Suspense>
    </>
  );
}

function DomainSource({ t }: { t: TargetDetail }) {
  const c = t.domainConfig;
  if (!c) return <span className="sub">no domain configuration reported</span>;
  const seen = c.seenByHost;
  const platform =
    seen?.platform === 'proxmox'
      ? `Proxmox VE${typeof seen.vmid === 'number' ? ` VM ${seen.vmid}` : ''}`
      : seen?.platform === 'qemu'
        ? 'plain QEMU'
        : 'libvirt';
  const judged =
    seen?.judgedFrom === 'running' ? `running QEMU${seen.pid ? ` (pid ${seen.pid})` : ''}` : 'definition';
  return (
    <span className="sub" data-testid="domain-source">
      {platform} · judged from the {judged} ·{' '}
      {c.from === 'snapshot'
        ? `as of ${formatTime(c.at)}`
        : `from ${t.host?.name ?? 'the host'}'s latest poll`}
    </span>
  );
}

async function GuestDisks({ t }: { t: TargetDetail }) {
  const findings = await loadTargetFindings(t.name);
  if (!t.domainConfig) return <div className="empty-state">The host has not reported this domain yet.</div>;
  if (t.domainConfig.error) return <div className="notice error">{t.domainConfig.error}</div>;
  return (
    <DiskTable
      rows={t.domainConfig.disks.map((disk) => ({ target: t.name, domain: t.domain, disk }))}
      findings={findings}
    />
  );
}

async function Identity({ name }: { name: string }) {
  return <CloneIdentityCard identity={await loadCloneIdentity(name)} />;
}
