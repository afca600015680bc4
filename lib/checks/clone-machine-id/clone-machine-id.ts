import { sharedWithFleet, shortId } from './fleet';
import type { Rule } from './types';

// An empty file or "uninitialized" is how images are meant to ship (systemd fills it at first boot).
const PLACEHOLDERS = new Set(['', 'uninitialized']);

/** Two or more targets share /etc/machine-id. */
export const cloneMachineId: Rule = {
  id: 'clone-machine-id',
  title: 'Cloned machine-id',
  reason:
    '/etc/machine-id must be unique per installation: systemd derives DHCP client IDs (DUID), ' +
    'journal file names, D-Bus IDs and some IPv6 addresses from it. Clones sharing it collide on the ' +
    'network and in log aggregation, and it marks an image that was not sealed before cloning.',
  source: 'machine-id(5), https://www.freedesktop.org/software/systemd/man/latest/machine-id.html',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation', 'fleet'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs) return [];
    return sharedWithFleet(ctx, (o) => {
      const id = o.machineId?.trim() ?? '';
      return PLACEHOLDERS.has(id) ? [] : [id];
    }).map(({ value, others }) => ({
      subject: value,
      severity: 'warning' as const,
      summary: `machine-id ${shortId(value)} also used by ${others.join(', ')}`,
      detail: `/etc/machine-id ${value} is shared with ${others.join(', ')}`,
      facts: { machineId: value, others, osId: obs.osId, osIdLike: obs.osIdLike },
    }));
  },
};
