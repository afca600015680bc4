import type { Db } from '../db/client';
import type { Domain, DomainDisk, DomainRng, GuestAgentRead } from '../probe/types';
import { getCollectorPace } from './collector-pace';
import { listTargets, type FleetTarget } from './list-targets';
import { parseDisksJson, parseRngsJson } from './stored-json';

/** A guest's libvirt domain configuration as last reported, and where that came from. */
export interface DomainConfigView {
  at: Date | null;
  /** "snapshot": DomainSnapshot of the guest; "host": the host's latest observation of the domain */
  from: 'snapshot' | 'host';
  disks: DomainDisk[];
  rngs: DomainRng[];
  genid: string | null;
  /** set when the stored snapshot could not be read */
  error?: string;
  /** how the host's latest poll saw the guest: its platform, what was judged (docs/platforms.md) */
  seenByHost?:
    (Pick<Domain, 'platform' | 'vmid' | 'pid' | 'judgedFrom'> & { agent: GuestAgentRead | null }) | null;
}

/** A libvirt domain on a host with the inventory guest that claims it (null when no guest does). */
export interface HostDomainView extends Domain {
  guest: string | null;
}

export interface TargetDetail extends FleetTarget {
  port: number | null;
  user: string | null;
  libvirtUri: string | null;
  via: string | null;
  observedAt: Date | null;
  /** hosts: their current guests with status; empty for guests and local */
  guests: FleetTarget[];
  /** guests: the host's own row (status, name); null otherwise */
  host: FleetTarget | null;
  /** guests: the domain configuration (disks, RNG devices) */
  domainConfig: DomainConfigView | null;
  /** hosts: every domain the host reports, mapped to inventory guests */
  hostDomains: HostDomainView[];
  staleAfterMs: number;
}

/** One target by name with its latest observation, status, guests (hosts) or domain configuration (guests); null if unknown. */
export async function getTarget(db: Db, name: string, now: Date = new Date()): Promise<TargetDetail | null> {
  const [rows, pace] = await Promise.all([
    listTargets(db, { name, includeRemoved: true, withObservation: true, withSparkline: false, now }),
    getCollectorPace(db),
  ]);
  const t = rows[0];
  if (!t) return null;
  const extra = await db.target.findUnique({
    where: { id: t.id },
    select: { port: true, user: true, libvirtUri: true, via: true, observation: { select: { at: true } } },
  });

  const [guests, hostRows] = await Promise.all([
    t.kind === 'host'
      ? listTargets(db, { hostName: t.name, withSparkline: false, now })
      : Promise.resolve([]),
    t.kind === 'guest' && t.hostName
      ? listTargets(db, { name: t.hostName, withObservation: true, withSparkline: false, now })
      : Promise.resolve([]),
  ]);
  const host = hostRows[0] ?? null;

  let domainConfig: DomainConfigView | null = null;
  if (t.kind === 'guest') domainConfig = await readDomainConfig(db, t, host);

  const hostDomains: HostDomainView[] = (t.observation?.host?.domains ?? []).map((d) => ({
    ...d,
    guest: guests.find((g) => (g.domain ?? g.name) === d.name)?.name ?? null,
  }));

  return {
    ...t,
    port: extra?.port ?? null,
    user: extra?.user ?? null,
    libvirtUri: extra?.libvirtUri ?? null,
    via: extra?.via ?? null,
    observedAt: extra?.observation?.at ?? null,
    guests,
    host: host ? withoutObservation(host) : null,
    domainConfig,
    hostDomains,
    staleAfterMs: pace.staleAfterMs,
  };
}

// The host's row is shown as a link and a status; its observation (every domain) stays out of the guest's data.
function withoutObservation({ observation: _observation, ...rest }: FleetTarget): FleetTarget {
  return rest;
}

// The guest's own snapshot is the record; before the first one exists, the host's view of the domain serves.
async function readDomainConfig(
  db: Db,
  guest: FleetTarget,
  host: FleetTarget | null,
): Promise<DomainConfigView | null> {
  const domainName = guest.domain ?? guest.name;
  const d = host?.observation?.host?.domains.find((x) => x.name === domainName);
  const seenByHost = d
    ? {
        platform: d.platform ?? 'libvirt',
        vmid: d.vmid ?? null,
        pid: d.pid ?? null,
        judgedFrom: d.judgedFrom ?? 'definition',
        // host-view guests: read through the guest agent this poll, or why not (docs/platforms.md)
        agent: d.agent ?? null,
      }
    : null;
  const snap = await db.domainSnapshot.findFirst({
    where: { targetId: guest.id },
    orderBy: { at: 'desc' },
    select: { at: true, disks: true, rngs: true, genid: true },
  });
  if (snap) {
    const disks = parseDisksJson(snap.disks);
    const rngs = parseRngsJson(snap.rngs);
    const view: DomainConfigView = {
      at: snap.at,
      from: 'snapshot',
      disks: disks.ok ? disks.value : [],
      rngs: rngs.ok ? rngs.value : [],
      genid: snap.genid,
      seenByHost,
    };
    const error = [disks, rngs].flatMap((p) => (p.ok ? [] : [p.error])).join('; ');
    if (error) view.error = error;
    return view;
  }
  return d ? { at: null, from: 'host', disks: d.disks, rngs: d.rngs, genid: d.genid, seenByHost } : null;
}
