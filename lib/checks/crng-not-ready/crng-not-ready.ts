import { rngModel } from './kernel';
import { LINUX_5_18 } from './sources';
import type { Rule } from './types';

const MODERN_READY = 256;

/** Modern kernel whose CRNG is still not initialised a minute after boot. */
export const crngNotReady: Rule = {
  id: 'crng-not-ready',
  title: 'CRNG not initialised',
  reason:
    'Since the Linux 5.18 random.c rework (and its backports) entropy_avail reads 256 as soon as the ' +
    'kernel CRNG is initialised and stays there, so the old "entropy_avail < 200" alarm means nothing. ' +
    'A value below 256 more than a minute after boot means the CRNG never got seeded: getrandom() ' +
    'blocks and services that need keys at boot (sshd, TLS, systemd) hang or start late. It usually ' +
    'means the machine has no entropy source: no virtio-rng device, no trusted RDRAND.',
  source: LINUX_5_18,
  appliesTo: ['host', 'guest', 'local'],
  requires: ['observation'],
  evaluate(ctx) {
    const obs = ctx.target.observation;
    if (!obs || rngModel(obs.poolsize) !== 'modern') return [];
    if (obs.entropyAvail == null || obs.uptimeSec == null) return [];
    // The first minute after boot is allowed: seeding from interrupts and jitter takes a moment.
    if (obs.entropyAvail >= MODERN_READY || obs.uptimeSec <= 60) return [];
    const uptime = Math.round(obs.uptimeSec);
    return [
      {
        subject: '',
        severity: obs.uptimeSec > 120 ? 'critical' : 'warning',
        summary: `CRNG not initialised ${uptime} s after boot (entropy_avail ${obs.entropyAvail} < 256)`,
        detail:
          `entropy_avail=${obs.entropyAvail} poolsize=${obs.poolsize} uptime=${uptime}s ` +
          `kernel ${obs.kernelRelease ?? 'unknown'} rdrand=${obs.cpuRdrand ?? 'unknown'} ` +
          `rng_current=${obs.rngCurrent ?? 'unknown'}`,
        facts: {
          entropyAvail: obs.entropyAvail,
          poolsize: obs.poolsize,
          uptimeSec: uptime,
          kernelRelease: obs.kernelRelease,
          cpuRdrand: obs.cpuRdrand,
          rngAvailable: obs.rngAvailable ?? [],
          rngCurrent: obs.rngCurrent,
          hasRngDevice: ctx.domain ? ctx.domain.rngs.length > 0 : null,
          domain: ctx.domain?.name ?? ctx.target.domainName,
          osId: obs.osId,
          osIdLike: obs.osIdLike,
        },
      },
    ];
  },
};
