import { entropyLowLevel } from './entropy';
import { formatKernel } from './kernel';
import { LINUX_5_6 } from './sources';
import type { Rule } from './types';

/** Legacy-pool kernel whose entropy count fell below the thresholds in the last 5 minutes. */
export const entropyLow: Rule = {
  id: 'entropy-low',
  title: 'Entropy pool low on a legacy kernel',
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
          minimumEntropy: low.minimum,
          entropyAvail: obs.entropyAvail,
          poolsize: obs.poolsize,
          kernelRelease: obs.kernelRelease,
          randomBlocks: low.randomBlocks,
          cpuRdrand: obs.cpuRdrand,
          rngdRunning: obs.rngdRunning,
          havegedRunning: obs.havegedRunning,
          hasRngDevice: ctx.domain ? ctx.domain.rngs.length > 0 : null,
          domain: ctx.domain?.name ?? ctx.target.domainName,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
};
