// Where a guest's running QEMU process and its definition disagree on a judged setting (pure): the
// definition changed (virsh edit / virsh define, qm set) and the guest was not cold booted since, or
// it runs an older default. Compared on the values QEMU uses (unset cache = writeback, unset io =
// threads), disk by disk under the definition's names, RNG device by device in order.
import type { Domain, DomainDisk, DomainRng } from '../../probe/types';
import { effectiveCache, effectiveIo } from './disk-policy';

export interface DriftItem {
  /** "scsi0 cache", "rng #1 backend", "vmgenid" */
  setting: string;
  running: string;
  defined: string;
}

function rngBackend(r: DomainRng | undefined): string {
  if (!r) return 'none';
  return r.backendModel === 'random' ? `random ${r.backendSource ?? '(QEMU default)'}` : r.backendModel;
}

function rngRate(r: DomainRng | undefined): string {
  if (!r) return 'none';
  return r.rate ? `${r.rate.bytes} bytes per ${r.rate.period ?? 'default'} ms` : 'unlimited';
}

// A Proxmox VE config that leaves cache= or aio= out gets qemu-server's choice, which depends on the
// storage (aio: io_uring, but native or threads on LVM, CIFS and krbd; qemu-server test/cfg2cmd/aio.conf):
// the running value is then what Proxmox chose, not a drift. libvirt leaves unset values to QEMU's
// defaults, which the running command line shows the same way.
function explicit(d: DomainDisk, key: 'cache' | 'aio'): boolean {
  return d.pveValue === undefined || new RegExp(`(^|,)${key}=`).test(d.pveValue);
}

/** The judged settings on which what runs differs from what is defined; [] when they agree or nothing runs. */
export function configDrift(domain: Domain): DriftItem[] {
  const defined = domain.defined;
  if (domain.judgedFrom !== 'running' || !defined) return [];
  const items: DriftItem[] = [];
  for (const d of defined.disks) {
    // A disk the running process does not have (an empty CD-ROM tray) is not compared.
    const r = domain.disks.find((x) => x.target === d.target);
    if (!r || d.device === 'cdrom' || d.device === 'floppy') continue;
    if (explicit(d, 'cache') && effectiveCache(r) !== effectiveCache(d))
      items.push({ setting: `${d.target} cache`, running: effectiveCache(r), defined: effectiveCache(d) });
    if (explicit(d, 'aio') && effectiveIo(r) !== effectiveIo(d))
      items.push({ setting: `${d.target} io`, running: effectiveIo(r), defined: effectiveIo(d) });
  }
  const count = Math.max(domain.rngs.length, defined.rngs.length);
  for (let i = 0; i < count; i++) {
    const r = domain.rngs[i];
    const d = defined.rngs[i];
    const at = `rng #${i + 1}`;
    if (rngBackend(r) !== rngBackend(d))
      items.push({ setting: `${at} backend`, running: rngBackend(r), defined: rngBackend(d) });
    else if (rngRate(r) !== rngRate(d))
      items.push({ setting: `${at} rate`, running: rngRate(r), defined: rngRate(d) });
  }
  if (domain.genid !== null && defined.genid !== null && domain.genid !== defined.genid)
    items.push({ setting: 'vmgenid', running: domain.genid, defined: defined.genid });
  return items;
}
