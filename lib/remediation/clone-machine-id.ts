import { factList, targetLabel } from './context';
import { familyOf } from './guest-steps';
import type { Remediator } from './remediator';

export const cloneMachineIdRemediation: Remediator = {
  ruleId: 'clone-machine-id',
  plan(hit, ctx) {
    const runOn = targetLabel(ctx);
    const others = factList(hit, 'others');
    const alpine = familyOf(hit) === 'alpine';
    return {
      summary: `Give ${ctx.target.name} a new machine-id`,
      steps: [
        {
          description: `Generate a new /etc/machine-id. Do the same on every clone${others.length ? `: ${others.join(', ')}` : ''}.`,
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
};
