import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, type OsFacts } from '../remedy/guest-steps';
import { guestApplyPlan } from '../remedy/apply-plan';
import { commandLine, selectHwrngCommands } from '../remedy/guest-commands';

interface Facts extends OsFacts {
  rngAvailable: string[];
  rngCurrent: string;
  /** the device to select: virtio_rng when available (the host-backed source), else the first one */
  suggestedRng: string;
}

/** A hardware RNG is available but the kernel's hwrng core does not use it (or uses a worse one). */
export const rngNotSelected = defineCheck<Facts>({
  id: 'rng-not-selected',
  title: 'Hardware RNG available but not selected',
  when: '`rng_available` non-empty and `rng_current` is `none`/empty or not one of the available devices, or `virtio_rng` is available but another device is selected.',
  severities: 'info',
  fix: 'write rng_current now and at every boot',
  reason:
    'The hwrng core feeds the kernel only from the device in rng_current. When rng_available lists a ' +
    'device but rng_current is "none" (or names a device that is not available), the hardware RNG ' +
    'contributes nothing. When virtio_rng (the host-backed source) is available but another device ' +
    'is selected, the guest draws from a source the host does not control.',
  source:
    'Linux Documentation/admin-guide/hw_random.rst (rng_available, rng_current); ' +
    'https://libvirt.org/formatdomain.html#random-number-generator-device',
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs || obs.rngAvailable == null || obs.rngAvailable.length === 0) return [];
    // A null rng_current means it could not be read: unknown, not "none".
    if (obs.rngCurrent == null) return [];
    const available = obs.rngAvailable;
    const current = obs.rngCurrent.trim();
    const virtio = available.find((name) => name.startsWith('virtio_rng'));
    let why: string | null = null;
    if (current === '' || current === 'none') why = 'no hardware RNG is selected';
    else if (!available.includes(current))
      why = `rng_current "${current}" is not one of the available devices`;
    else if (virtio && !current.startsWith('virtio_rng'))
      why = `${current} is selected although ${virtio} is available`;
    const suggested = virtio ?? available[0];
    if (!why || suggested === undefined) return [];
    return [
      {
        subject: '',
        severity: 'info',
        summary: `hardware RNG not selected: ${why}`,
        detail: `rng_available=${available.join(' ')} rng_current=${current || '(empty)'}`,
        facts: {
          rngAvailable: available,
          rngCurrent: current,
          suggestedRng: suggested,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
  remediate(hit, ctx) {
    const runOn = targetLabel(ctx);
    const device = hit.facts.suggestedRng;
    const alpine = familyOf(hit.facts) === 'alpine';
    const { now, atBoot } = selectHwrngCommands(alpine, device);
    return {
      summary: `Select ${device} as the hardware RNG of ${ctx.target.name}`,
      steps: [
        { description: `Select ${device} now.`, runOn, command: commandLine(now) },
        {
          description: alpine
            ? 'Select it at every boot (OpenRC local service).'
            : 'Select it at every boot (systemd-tmpfiles writes the sysfs attribute).',
          runOn,
          command: commandLine(atBoot),
        },
      ],
      restartRequired: false,
      guestApply: guestApplyPlan(ctx, 'select-hwrng', [...now, ...atBoot], device),
    };
  },
});
