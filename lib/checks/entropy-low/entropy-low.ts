import { entropyLowLevel, entropySourceFacts, type EntropySourceFacts } from '../kit/entropy';
import { formatKernel } from '../kit/kernel';
import { LINUX_5_6 } from '../kit/sources';
import { defineCheck } from '../define';
import { targetLabel } from '../remedy/context';
import { familyOf, trustCpuSteps } from '../remedy/guest-steps';
import { attachRngSteps } from '../remedy/libvirt';
import { rngdInstallSteps } from '../remedy/os-family';
import type { RemediationStep } from '../remedy/types';

interface Facts extends EntropySourceFacts {
  minimumEntropy: number;
  entropyAvail: number | null;
  poolsize: number | null;
  /** true on kernels < 5.6, where a read of /dev/random blocks while the count is low */
  randomBlocks: boolean;
  rngdRunning: boolean | null;
  havegedRunning: boolean | null;
}

/** Legacy-pool kernel whose entropy count fell below the thresholds in the last 5 minutes. */
export const entropyLow = defineCheck<Facts>({
  id: 'entropy-low',
  title: 'Entropy pool low on a legacy kernel',
  when: 'Legacy RNG (poolsize ≠ 256). Kernel < 5.6: the minimum `entropy_avail` of the last 5 minutes (latest observation included) below `entropyWarn` (200) / `entropyCrit` (100). Kernel ≥ 5.6: below `entropyWarn`.',
  severities: 'warning / critical (< 5.6); info (≥ 5.6)',
  fix: 'feed the pool: virtio-rng device, rngd, random.trust_cpu=on; on ≥ 5.6 move /dev/random readers to getrandom()',
  reason:
    'On kernels before 5.6 with the legacy 4096-bit pool, a read of /dev/random blocks while ' +
    'entropy_avail is low, so services that read it (old OpenSSL/GnuTLS builds, gpg, Java with ' +
    'securerandom.source=file:/dev/random) stall. The lowest value of the last 5 minutes is judged, ' +
    'since the count swings with every read. From 5.6 on, /dev/random blocks only until the CRNG is ' +
    'initialised, so a low count there is reported as information only.',
  source: LINUX_5_6,
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation'],
  evaluate(ctx) {
    const low = entropyLowLevel(ctx.target, ctx.config, ctx.now);
    const obs = ctx.target.observation;
    if (!low || !obs) return [];
    const threshold = low.severity === 'critical' ? ctx.config.entropyCrit : ctx.config.entropyWarn;
    return [
      {
        subject: '',
        severity: low.severity,
        summary: low.randomBlocks
          ? `entropy_avail fell to ${low.minimum} (< ${threshold}); /dev/random blocks on kernel ${formatKernel(low.kernel)}`
          : `entropy_avail fell to ${low.minimum} (< ${threshold}); kernel ${formatKernel(low.kernel)} no longer blocks on it`,
        detail:
          `minimum entropy_avail=${low.minimum} over ${low.samples} samples in the last 5 minutes, ` +
          `latest=${obs.entropyAvail ?? 'unknown'} poolsize=${obs.poolsize} kernel ${obs.kernelRelease}`,
        facts: {
          ...entropySourceFacts(ctx, obs),
          minimumEntropy: low.minimum,
          entropyAvail: obs.entropyAvail,
          poolsize: obs.poolsize,
          randomBlocks: low.randomBlocks,
          rngdRunning: obs.rngdRunning,
          havegedRunning: obs.havegedRunning,
        },
      },
    ];
  },
  remediate(hit, ctx) {
    const runOn = targetLabel(ctx);
    const kernel = hit.facts.kernelRelease;
    if (!hit.facts.randomBlocks) {
      return {
        summary:
          `Nothing blocks on kernel ${kernel ?? ''}: make sure applications use getrandom() or /dev/urandom`.replace(
            /\s+/g,
            ' ',
          ),
        steps: [
          {
            description:
              'On 5.6+ /dev/random blocks only until the CRNG is initialised, so a low count is harmless. List ' +
              'processes still reading /dev/random (they would block on older kernels) and move them to getrandom() or /dev/urandom.',
            runOn,
            command: 'lsof /dev/random',
          },
        ],
        restartRequired: false,
      };
    }
    const steps: RemediationStep[] = [];
    if (ctx.target.kind === 'guest' && hit.facts.hasRngDevice === false) {
      const domain = hit.facts.domain ?? ctx.target.domainName ?? ctx.target.name;
      steps.push(...attachRngSteps(ctx, domain, ctx.domain?.state ?? null));
    }
    if (hit.facts.rngdRunning !== true) steps.push(...rngdInstallSteps(familyOf(hit.facts), kernel, runOn));
    if (hit.facts.cpuRdrand === true) steps.push(...trustCpuSteps(hit.facts, runOn, true));
    if (steps.length === 0) {
      steps.push({
        description: 'rngd already runs: check that it has a source (a hwrng or RDRAND) and is not failing.',
        runOn,
        command: 'rngd -l 2>/dev/null; journalctl -u rngd -n 50 --no-pager',
      });
    }
    return {
      summary: `Feed ${ctx.target.name}'s entropy pool from the host and hardware (virtio-rng, rngd)`,
      steps,
      restartRequired: false,
      note: `/dev/random blocks on kernel ${kernel ?? 'unknown'}; the fix adds sources rather than lowering thresholds.`,
    };
  },
});
