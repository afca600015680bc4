import { LIBVIRT_RNG_DOC } from '../kit/sources';
import { defineCheck } from '../define';
import type { DomainFacts } from '../kit/domain-scope';
import { targetLabel } from '../remedy/context';
import { familyOf, type OsFacts } from '../remedy/guest-steps';

interface Facts extends DomainFacts, OsFacts {
  rngModel: string;
  rngAvailable: string[];
  kernelRelease: string | null;
}

/** A virtio `<rng>` is configured, but the guest kernel has not bound virtio_rng to it. */
export const rngDriverMissing = defineCheck<Facts>({
  id: 'rng-driver-missing',
  title: 'virtio-rng device without a guest driver',
  when: 'The domain has a virtio `<rng>` but the guest’s `rng_available` lists no `virtio_rng`.',
  severities: 'warning',
  fix: 'modprobe virtio_rng and load it at every boot',
  reason:
    'The host offers a virtio-rng device but the guest lists no virtio_rng in ' +
    '/sys/devices/virtual/misc/hw_random/rng_available: the virtio_rng module is not loaded (or not ' +
    'built), so the device feeds nothing and the guest is as starved as without it.',
  source: `${LIBVIRT_RNG_DOC}; Linux drivers/char/hw_random/virtio-rng.c (module virtio_rng, CONFIG_HW_RANDOM_VIRTIO)`,
  // Needs the guest's own view of its hwrng devices, so unclaimed domains on a host cannot be judged.
  appliesTo: ['guest'],
  requires: ['domain', 'observation'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    const domain = ctx.domain;
    if (!obs || !domain || obs.rngAvailable == null) return [];
    const virtio = domain.rngs.filter((r) => r.model.startsWith('virtio'));
    if (virtio.length === 0) return [];
    if (obs.rngAvailable.some((name) => name.startsWith('virtio_rng'))) return [];
    return [
      {
        subject: '',
        severity: 'warning',
        summary: `virtio <rng> configured but the guest has no virtio_rng driver bound`,
        detail: `rng_available=${obs.rngAvailable.join(' ') || '(empty)'} rng_current=${obs.rngCurrent ?? 'unknown'} kernel ${obs.kernelRelease ?? 'unknown'}`,
        facts: {
          domain: domain.name,
          judgedOn: 'guest',
          rngModel: virtio[0]?.model ?? 'virtio',
          rngAvailable: obs.rngAvailable,
          kernelRelease: obs.kernelRelease,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
  remediate(hit, ctx) {
    const runOn = targetLabel(ctx);
    const alpine = familyOf(hit.facts) === 'alpine';
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
});
