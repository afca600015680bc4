import { targetLabel } from './context';
import { familyOf } from './guest-steps';
import type { Remediator } from './remediator';

export const rngDriverMissingRemediation: Remediator = {
  ruleId: 'rng-driver-missing',
  plan(hit, ctx) {
    const runOn = targetLabel(ctx);
    const alpine = familyOf(hit) === 'alpine';
    return {
      summary: `Load the virtio_rng driver in ${ctx.target.name} and load it at every boot`,
      steps: [
        {
          description:
            'Load the driver now; rng_available should then list virtio_rng.0. If modprobe says the module is ' +
            "not found, the kernel lacks CONFIG_HW_RANDOM_VIRTIO: install the distribution's full kernel modules package.",
          runOn,
          command: 'modprobe virtio_rng && cat /sys/devices/virtual/misc/hw_random/rng_available',
        },
        alpine
          ? {
              description: 'Load it at every boot.',
              runOn,
              command: 'grep -qx virtio_rng /etc/modules || echo virtio_rng >> /etc/modules',
            }
          : {
              description: 'Load it at every boot (systemd-modules-load).',
              runOn,
              command: 'echo virtio_rng > /etc/modules-load.d/virtio-rng.conf',
            },
      ],
      restartRequired: false,
    };
  },
};
