import { listOthers, sharedSelfReported, shortId } from '../kit/fleet';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, type OsFacts } from '../remedy/guest-steps';
import { verifyOnConsoleStep } from '../remedy/verify-claim';

// An empty file or "uninitialized" is how images are meant to ship (systemd fills it at first boot).
const PLACEHOLDERS = new Set(['', 'uninitialized']);

interface Facts extends OsFacts {
  machineId: string;
  /** the other targets with the same id, by name (at most MAX_OTHERS) */
  others: string[];
  othersCount: number;
}

/** Two or more targets share /etc/machine-id. */
export const cloneMachineId = defineCheck<Facts>({
  id: 'clone-machine-id',
  title: 'Cloned machine-id',
  when: 'Two or more targets share `/etc/machine-id` (empty and `uninitialized` ignored). Subject: machine-id.',
  severities: 'warning',
  fix: 'a new /etc/machine-id on each clone, then a reboot',
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
    // Self-reported: a host is never flagged because only guests claim its id (./kit/fleet.ts).
    return sharedSelfReported(ctx, 'machine-id', (t) => {
      const id = t.observation?.machineId?.trim() ?? '';
      return PLACEHOLDERS.has(id) ? [] : [id];
    }).map((shared) => ({
      subject: shared.value,
      severity: 'warning' as const,
      summary: `machine-id ${shortId(shared.value)} also used by ${listOthers(shared)}`,
      detail: `/etc/machine-id ${shared.value} is also reported by ${listOthers(shared)}`,
      facts: {
        machineId: shared.value,
        others: shared.others,
        othersCount: shared.othersCount,
        osId: obs.osId,
        osIdLike: obs.osIdLike,
      },
    }));
  },
  remediate(hit, ctx) {
    const runOn = targetLabel(ctx);
    const { others } = hit.facts;
    const alpine = familyOf(hit.facts) === 'alpine';
    return {
      summary: `Give ${ctx.target.name} a new machine-id`,
      steps: [
        verifyOnConsoleStep(
          ctx,
          '/etc/machine-id',
          'cat /etc/machine-id',
          hit.facts.machineId,
          listOthers(hit.facts),
        ),
        {
          description: `Generate a new /etc/machine-id. Do the same on every clone${others.length ? `: ${listOthers(hit.facts)}` : ''}.`,
          runOn,
          command: alpine
            ? 'rm -f /etc/machine-id && dbus-uuidgen --ensure=/etc/machine-id'
            : 'rm -f /etc/machine-id && systemd-machine-id-setup',
        },
        {
          description: 'Make D-Bus use the same id (some images carry their own copy).',
          runOn,
          command: 'rm -f /var/lib/dbus/machine-id && ln -s /etc/machine-id /var/lib/dbus/machine-id',
        },
        {
          description: 'Reboot so journald, D-Bus and DHCP clients pick up the new id.',
          runOn,
          command: 'reboot',
        },
      ],
      restartRequired: true,
      note: 'Seal templates before cloning (virt-sysprep --operations machine-id) so clones get their own id.',
    };
  },
});
