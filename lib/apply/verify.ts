import type { DomainEdit } from '../checks/remedy/types';
import { parseDomainXml } from '../probe/domain-xml';

/** Whether a definition (as libvirt printed it after define) has what `edit` set out to change. */
export function definitionHasFix(xml: string, edit: DomainEdit): boolean {
  const d = parseDomainXml(xml);
  switch (edit.op) {
    case 'add-genid':
      return d.genid !== null;
    case 'add-rng':
      return d.rngs.some((r) => r.backendModel === 'random' && r.backendSource === '/dev/urandom' && r.rate);
    case 'rng-add-rate':
      return d.rngs.every((r) => !r.model.startsWith('virtio') || r.rate != null);
    case 'rng-backend-urandom':
      return d.rngs.every((r) => r.backendModel !== 'random' || r.backendSource === '/dev/urandom');
    case 'disk-driver': {
      const disk = d.disks.find((x) => x.target === edit.disk);
      return disk?.cacheMode === edit.cache && disk.ioMode === edit.io;
    }
  }
}
