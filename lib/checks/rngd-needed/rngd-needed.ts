import { kernelBefore } from '../kit/kernel';
import { LINUX_3_17_HWRNG, LINUX_6_2_HWRNG_QUALITY } from '../kit/sources';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, trustCpuSteps, type OsFacts } from '../remedy/guest-steps';
import { guestApplyPlan } from '../remedy/apply-plan';
import { rngdInstallCommands, rngdVariant } from '../remedy/guest-commands';
import { rngdInstallSteps } from '../remedy/os-family';

interface Facts extends OsFacts {
  kernelRelease: string | null;
  kernelBefore317: boolean;
  rngQuality: number | null;
  rngCurrent: string | null;
  cpuRdrand: boolean | null;
}

/** The kernel cannot credit its hardware RNG by itself and no rngd/haveged does it. */
export const rngdNeeded = defineCheck<Facts>({
  id: 'rngd-needed',
  title: 'rngd needed to use the hardware RNG',
  when: 'Kernel < 3.17, or a hwrng with `rng_quality` 0 on a kernel < 6.2, and neither rngd nor haveged runs.',
  severities: 'warning; info on a modern kernel whose CRNG is ready (256/256)',
  fix: 'install and start rngd for the distribution',
  reason:
    'Before Linux 3.17 the kernel never feeds hardware RNG output into its pool; a user-space rngd ' +
    'has to. Up to Linux 6.1, a hwrng whose quality is 0 (the default for drivers that set none, ' +
    'virtio-rng among them on many kernels) is read but not credited, so entropy stays low unless ' +
    'rngd credits it. Neither rngd nor haveged runs here. On a modern kernel (poolsize 256) whose CRNG ' +
    'is already ready this is information only: the CRNG no longer waits for credited entropy.',
  source: `${LINUX_3_17_HWRNG}; ${LINUX_6_2_HWRNG_QUALITY}`,
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs) return [];
    // Unknown daemon state is not "not running": say nothing rather than guess.
    if (obs.rngdRunning !== false || obs.havegedRunning !== false) return [];
    const before317 = kernelBefore(obs.kernelRelease, [3, 17]);
    const before62 = kernelBefore(obs.kernelRelease, [6, 2]);
    if (before317 === null || before62 === null) return [];
    const hwrng = obs.hwrngPresent === true || (obs.rngAvailable?.length ?? 0) > 0;
    const uncredited = hwrng && obs.rngQuality === 0 && before62;
    if (!before317 && !uncredited) return [];
    // A modern kernel (5.18+ or a backport) whose CRNG is ready no longer depends on credited input:
    // uncredited hwrng output is still mixed in. Warning there would be a false alarm; keep it as info.
    const crngReady = obs.poolsize === 256 && obs.entropyAvail === 256;
    const severity = !before317 && crngReady ? ('info' as const) : ('warning' as const);
    const why = before317
      ? `kernel ${obs.kernelRelease} (< 3.17) does not feed the hardware RNG into the pool`
      : `hwrng ${obs.rngCurrent ?? ''} has rng_quality 0 on kernel ${obs.kernelRelease} (< 6.2): not credited`;
    return [
      {
        subject: '',
        severity,
        summary: `rngd needed: ${why.replace(/\s+/g, ' ')}`,
        detail:
          `kernel ${obs.kernelRelease} rng_available=${(obs.rngAvailable ?? []).join(' ') || '(none)'} ` +
          `rng_current=${obs.rngCurrent ?? 'unknown'} rng_quality=${obs.rngQuality ?? 'unknown'} ` +
          `rngd=${obs.rngdRunning} haveged=${obs.havegedRunning}`,
        facts: {
          kernelRelease: obs.kernelRelease,
          kernelBefore317: before317,
          rngQuality: obs.rngQuality,
          rngCurrent: obs.rngCurrent,
          cpuRdrand: obs.cpuRdrand,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
  remediate(hit, ctx) {
    const runOn = targetLabel(ctx);
    const family = familyOf(hit.facts);
    const steps = rngdInstallSteps(family, hit.facts.kernelRelease, runOn);
    if (hit.facts.cpuRdrand === true) steps.push(...trustCpuSteps(hit.facts, runOn, true));
    const variant = rngdVariant(family, hit.facts.kernelRelease);
    return {
      // Apply runs the install step only: the optional boot parameter and its reboot stay copy-only.
      guestApply: guestApplyPlan(ctx, 'install-rngd', variant && rngdInstallCommands(variant)),
      summary: `Install and start rngd on ${ctx.target.name} so the hardware RNG is credited`,
      steps,
      restartRequired: false,
      note:
        family === 'unknown' ? 'The distribution could not be recognised from /etc/os-release.' : undefined,
    };
  },
});
